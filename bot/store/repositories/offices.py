"""Offices and their own holidays: what a working-time calendar is built from.

`snapshot` gives the office together with its role holders and acting officials,
cached per process by the office's revision (see ``bot.store.caches``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from bot.store.caches import OfficeSnapshot, bump_office_revision, caches_of
from bot.store.models import ActingOfficial, Office, OfficeHoliday, RoleMembership
from bot.store.records import ActingInfo, OfficeInfo
from bot.store.repositories.base import Repository

_OFFICE = Office.__table__  # type: ignore[attr-defined]
_HOLIDAY = OfficeHoliday.__table__  # type: ignore[attr-defined]
_ROLE = RoleMembership.__table__  # type: ignore[attr-defined]
_ACTING = ActingOfficial.__table__  # type: ignore[attr-defined]

_SELECT_OFFICE = select(
    _OFFICE.c.id,
    _OFFICE.c.name,
    _OFFICE.c.timezone,
    _OFFICE.c.created_at,
    _OFFICE.c.ramadan_ranges,
    _OFFICE.c.revision,
)


class OfficeRepository(Repository):
    async def add(
        self,
        *,
        name: str,
        timezone: str,
        created_at: datetime,
        ramadan_ranges: Iterable[tuple[date, date]] = (),
        holidays: Iterable[tuple[date, str]] = (),
    ) -> OfficeInfo:
        """Insert an office with its Ramadan ranges and extra holidays."""
        ranges = [[first.isoformat(), last.isoformat()] for first, last in ramadan_ranges]
        row = Office(name=name, timezone=timezone, ramadan_ranges=ranges, created_at=created_at)
        self.session.add(row)
        await self.session.flush()
        assert row.id is not None
        for day, holiday in holidays:
            self.session.add(OfficeHoliday(office_id=row.id, day=day, name=holiday))
        await self.session.flush()
        info = await self.get(row.id)
        assert info is not None
        return info

    async def get(self, office_id: int) -> OfficeInfo | None:
        """The office with its holidays, or None."""
        snapshot = await self.snapshot(office_id)
        return None if snapshot is None else snapshot.office

    async def snapshot(
        self, office_id: int, *, revision: int | None = None
    ) -> OfficeSnapshot | None:
        """The office, its role holders and acting officials; cached while unchanged.

        Pass the ``revision`` already read (with the run) to skip reading it again.
        """
        cache = caches_of(self.session).offices
        cached = cache.get(office_id)
        if cached is not None and cached.revision == revision:
            return cached
        found = (
            await self.session.execute(_SELECT_OFFICE.where(_OFFICE.c.id == office_id))
        ).first()
        if found is None:
            return None
        if cached is not None and cached.revision == found.revision:
            return cached
        snapshot = OfficeSnapshot(
            revision=found.revision,
            office=await self._info(found),
            holders=(holders := await self._holders(office_id)),
            acting=await self._acting(office_id),
            holders_text={role: [str(p) for p in people] for role, people in holders.items()},
        )
        cache.put(office_id, snapshot)
        return snapshot

    async def _info(self, row: Any) -> OfficeInfo:
        """The OfficeInfo of a row of ``_SELECT_OFFICE``, with the office's holidays."""
        holidays = await self.session.execute(
            select(_HOLIDAY.c.day, _HOLIDAY.c.name)
            .where(_HOLIDAY.c.office_id == row.id)
            .order_by(_HOLIDAY.c.day)
        )
        return OfficeInfo(
            id=row.id,
            name=row.name,
            timezone=row.timezone,
            created_at=row.created_at,
            ramadan_ranges=tuple(
                (date.fromisoformat(first), date.fromisoformat(last))
                for first, last in row.ramadan_ranges
            ),
            holidays=tuple((day, name) for day, name in holidays),
        )

    async def _holders(self, office_id: int) -> dict[str, tuple[int, ...]]:
        rows = await self.session.execute(
            select(_ROLE.c.role_key, _ROLE.c.person_id)
            .where(_ROLE.c.office_id == office_id)
            .order_by(_ROLE.c.role_key, _ROLE.c.rank, _ROLE.c.id)
        )
        holders: dict[str, list[int]] = defaultdict(list)
        for role_key, person_id in rows:
            holders[role_key].append(person_id)
        return {role: tuple(people) for role, people in holders.items()}

    async def _acting(self, office_id: int) -> tuple[ActingInfo, ...]:
        rows = await self.session.execute(
            select(_ACTING).where(_ACTING.c.office_id == office_id).order_by(_ACTING.c.id)
        )
        return tuple(
            ActingInfo(
                id=row.id,
                office_id=row.office_id,
                person_id=row.person_id,
                for_person_id=row.for_person_id,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                created_by=row.created_by,
            )
            for row in rows
        )

    async def add_holiday(self, *, office_id: int, day: date, name: str) -> None:
        """Add one of the office's own holidays (a duplicate day raises on flush)."""
        self.session.add(OfficeHoliday(office_id=office_id, day=day, name=name))
        await self.session.flush()
        await bump_office_revision(self.session, office_id)
