"""Who belongs to an office, who holds which role, and who acts for whom (Plh./Plt.).

Every write bumps the office's revision (the caches of ``bot.store.caches`` are keyed
by it); the reads of role holders and acting officials come from that cache.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from bot.store.caches import OfficeSnapshot, bump_office_revision
from bot.store.models import ActingOfficial, OfficeMember, RoleMembership
from bot.store.records import ActingInfo, MemberInfo
from bot.store.repositories.base import Repository
from bot.store.repositories.offices import OfficeRepository


def _member(row: OfficeMember) -> MemberInfo:
    return MemberInfo(
        office_id=row.office_id,
        person_id=row.person_id,
        is_admin=row.is_admin,
        joined_at=row.joined_at,
    )


class MembershipRepository(Repository):
    async def add_member(
        self, *, office_id: int, person_id: int, is_admin: bool, at: datetime
    ) -> MemberInfo:
        """Add a person to an office; an existing member keeps admin rights once granted."""
        row = await self.session.get(OfficeMember, (office_id, person_id))
        if row is None:
            row = OfficeMember(
                office_id=office_id, person_id=person_id, is_admin=is_admin, joined_at=at
            )
            self.session.add(row)
        elif is_admin and not row.is_admin:
            row.is_admin = True
        else:
            return _member(row)
        await self.session.flush()
        await bump_office_revision(self.session, office_id)
        return _member(row)

    async def member(self, *, office_id: int, person_id: int) -> MemberInfo | None:
        row = await self.session.get(OfficeMember, (office_id, person_id))
        return None if row is None else _member(row)

    async def offices_of(self, person_id: int) -> list[MemberInfo]:
        """Every office a person belongs to."""
        rows = await self.session.scalars(
            select(OfficeMember)
            .where(OfficeMember.person_id == person_id)
            .order_by(col(OfficeMember.office_id))
        )
        return [_member(row) for row in rows]

    async def _role_row(
        self, *, office_id: int, person_id: int, role_key: str
    ) -> RoleMembership | None:
        return await self.session.scalar(
            select(RoleMembership).where(
                RoleMembership.office_id == office_id,
                RoleMembership.person_id == person_id,
                RoleMembership.role_key == role_key,
            )
        )

    async def grant_role(
        self, *, office_id: int, person_id: int, role_key: str, rank: int | None = None
    ) -> int:
        """Give a role (idempotent); without ``rank`` the person comes after current holders."""
        row = await self._role_row(office_id=office_id, person_id=person_id, role_key=role_key)
        if row is None:
            if rank is None:
                highest = await self.session.scalar(
                    select(func.max(RoleMembership.rank)).where(
                        RoleMembership.office_id == office_id,
                        RoleMembership.role_key == role_key,
                    )
                )
                rank = 0 if highest is None else highest + 1
            row = RoleMembership(
                office_id=office_id, person_id=person_id, role_key=role_key, rank=rank
            )
            self.session.add(row)
        elif rank is not None and row.rank != rank:
            row.rank = rank
        else:
            return row.rank
        await self.session.flush()
        await bump_office_revision(self.session, office_id)
        return row.rank

    async def revoke_role(self, *, office_id: int, person_id: int, role_key: str) -> bool:
        """Take a role away; False when the person did not hold it."""
        row = await self._role_row(office_id=office_id, person_id=person_id, role_key=role_key)
        if row is None:
            return False
        await self.session.delete(row)
        await self.session.flush()
        await bump_office_revision(self.session, office_id)
        return True

    async def _snapshot(self, office_id: int) -> OfficeSnapshot | None:
        return await OfficeRepository(self.session).snapshot(office_id)

    async def role_holders(self, office_id: int) -> dict[str, tuple[int, ...]]:
        """Role key -> person ids, the primary holder (lowest rank) first."""
        snapshot = await self._snapshot(office_id)
        return {} if snapshot is None else dict(snapshot.holders)

    async def add_acting(
        self,
        *,
        office_id: int,
        person_id: int,
        for_person_id: int,
        starts_at: datetime,
        ends_at: datetime | None,
        created_by: int,
        at: datetime,
    ) -> ActingInfo:
        """Record a Plh./Plt. appointment."""
        row = ActingOfficial(
            office_id=office_id,
            person_id=person_id,
            for_person_id=for_person_id,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=created_by,
            created_at=at,
        )
        self.session.add(row)
        await self.session.flush()
        await bump_office_revision(self.session, office_id)
        assert row.id is not None
        return ActingInfo(
            id=row.id,
            office_id=office_id,
            person_id=person_id,
            for_person_id=for_person_id,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=created_by,
        )

    async def acting_for(self, *, office_id: int, person_id: int, at: datetime) -> frozenset[int]:
        """Whom ``person_id`` acts for at ``at`` (start inclusive, end exclusive)."""
        snapshot = await self._snapshot(office_id)
        return frozenset() if snapshot is None else snapshot.acting_for(person_id, at)
