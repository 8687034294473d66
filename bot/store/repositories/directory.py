"""The office directory: offices at a glance, who is in an office, and admin rights."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from bot.store.models import Office, OfficeMember, Person, RoleMembership, SopCurrent
from bot.store.repositories.base import Repository


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeSummary:
    """An office with how many members and published SOPs it has."""

    id: int
    name: str
    timezone: str
    members: int
    sops: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberEntry:
    """A member of an office with their roles (primary holders' roles come first)."""

    person_id: int
    display_name: str
    telegram_user_id: int | None
    is_admin: bool
    joined_at: datetime
    roles: tuple[str, ...] = ()


class DirectoryRepository(Repository):
    async def office_summaries(self, *, office_ids: list[int] | None = None) -> list[OfficeSummary]:
        """Every office (or the given ones) by id, with member and SOP counts."""
        members = (
            select(func.count())
            .where(col(OfficeMember.office_id) == col(Office.id))
            .correlate(Office)
            .scalar_subquery()
        )
        sops = (
            select(func.count())
            .where(col(SopCurrent.office_id) == col(Office.id))
            .correlate(Office)
            .scalar_subquery()
        )
        # sqlmodel's select() is typed for at most four columns.
        query = sql_select(
            col(Office.id), col(Office.name), col(Office.timezone), members, sops
        ).order_by(col(Office.id))
        if office_ids is not None:
            query = query.where(col(Office.id).in_(office_ids))
        rows = await self.session.execute(query)
        return [
            OfficeSummary(id=id_, name=name, timezone=zone, members=count, sops=published)
            for id_, name, zone, count, published in rows
        ]

    async def offices_named(self, name: str) -> list[int]:
        """Ids of the offices called exactly ``name`` (ignoring case and outer spaces)."""
        found = await self.session.scalars(
            select(Office.id)
            .where(func.lower(Office.name) == name.strip().lower())
            .order_by(col(Office.id))
        )
        return [office_id for office_id in found if office_id is not None]

    async def admin_office_ids(self, person_id: int) -> list[int]:
        """The offices in which ``person_id`` is an admin."""
        found = await self.session.scalars(
            select(OfficeMember.office_id)
            .where(OfficeMember.person_id == person_id, col(OfficeMember.is_admin).is_(True))
            .order_by(col(OfficeMember.office_id))
        )
        return list(found)

    async def members(self, office_id: int) -> list[MemberEntry]:
        """The office's members by name, each with the roles they hold."""
        roles: dict[int, list[str]] = defaultdict(list)
        held = await self.session.execute(
            select(RoleMembership.person_id, RoleMembership.role_key)
            .where(RoleMembership.office_id == office_id)
            .order_by(col(RoleMembership.role_key))
        )
        for person_id, role_key in held:
            roles[person_id].append(role_key)
        rows = await self.session.execute(
            select(OfficeMember, Person)
            .join(Person, col(Person.id) == col(OfficeMember.person_id))
            .where(OfficeMember.office_id == office_id)
            .order_by(col(Person.display_name), col(Person.id))
        )
        return [
            MemberEntry(
                person_id=member.person_id,
                display_name=person.display_name,
                telegram_user_id=person.telegram_user_id,
                is_admin=member.is_admin,
                joined_at=member.joined_at,
                roles=tuple(roles.get(member.person_id, ())),
            )
            for member, person in rows
        ]

    async def admin_count(self, office_id: int) -> int:
        """How many admins the office has."""
        count = await self.session.scalar(
            select(func.count()).where(
                OfficeMember.office_id == office_id, col(OfficeMember.is_admin).is_(True)
            )
        )
        return int(count or 0)

    async def set_admin(self, *, office_id: int, person_id: int, is_admin: bool) -> bool:
        """Grant or take away admin rights; False when the person is not a member."""
        row = await self.session.get(OfficeMember, (office_id, person_id))
        if row is None:
            return False
        row.is_admin = is_admin
        await self.session.flush()
        return True
