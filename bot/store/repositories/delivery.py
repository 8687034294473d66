"""What the dispatcher reads and writes besides the outbox: recipients, admins, run numbers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.store.models import OfficeMember, Person, Run
from bot.store.records import PersonInfo
from bot.store.repositories.base import Repository
from bot.store.repositories.people import _info


class DeliveryRepository(Repository):
    async def people(self, person_ids: Iterable[int]) -> dict[int, PersonInfo]:
        """The people with these ids (recipients, and everyone a message names)."""
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(col(Person.id).in_(wanted)))
        return {info.id: info for info in map(_info, rows)}

    async def office_admins(self, office_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
        """Office id -> its admins' person ids, in the order they joined."""
        wanted = sorted(set(office_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(OfficeMember.office_id, OfficeMember.person_id)
            .where(col(OfficeMember.office_id).in_(wanted), col(OfficeMember.is_admin))
            .order_by(col(OfficeMember.joined_at), col(OfficeMember.person_id))
        )
        admins: dict[int, list[int]] = {office_id: [] for office_id in wanted}
        for office_id, person_id in rows:
            admins[office_id].append(person_id)
        return {office_id: tuple(people) for office_id, people in admins.items()}

    async def run_numbers(self, run_ids: Iterable[str]) -> dict[str, int]:
        """Each run's number in its office: 1 for the office's first run, and so on."""
        wanted = sorted(set(run_ids))
        if not wanted:
            return {}
        other = aliased(Run)
        earlier = (
            select(func.count())
            .where(
                other.office_id == Run.office_id,
                or_(
                    col(other.started_at) < col(Run.started_at),
                    and_(
                        col(other.started_at) == col(Run.started_at), col(other.id) <= col(Run.id)
                    ),
                ),
            )
            .scalar_subquery()
        )
        rows = await self.session.execute(select(Run.id, earlier).where(col(Run.id).in_(wanted)))
        return {run_id: int(number) for run_id, number in rows}

    async def set_blocked(self, *, person_ids: Iterable[int], at: datetime | None) -> None:
        """Mark people as having blocked the bot at ``at`` (None: they can be reached again)."""
        wanted = sorted(set(person_ids))
        if wanted:
            await self.session.execute(
                update(Person)
                .where(col(Person.id).in_(wanted))
                .values(blocked_at=at)
                .execution_options(synchronize_session=False)
            )
