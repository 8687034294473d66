"""Offices and their own holidays: what a working-time calendar is built from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import col, select

from bot.store.models import Office, OfficeHoliday
from bot.store.records import OfficeInfo
from bot.store.repositories.base import Repository


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
        row = await self.session.get(Office, office_id)
        if row is None:
            return None
        found = await self.session.scalars(
            select(OfficeHoliday)
            .where(OfficeHoliday.office_id == office_id)
            .order_by(col(OfficeHoliday.day))
        )
        assert row.id is not None
        return OfficeInfo(
            id=row.id,
            name=row.name,
            timezone=row.timezone,
            created_at=row.created_at,
            ramadan_ranges=tuple(
                (date.fromisoformat(first), date.fromisoformat(last))
                for first, last in row.ramadan_ranges
            ),
            holidays=tuple((holiday.day, holiday.name) for holiday in found),
        )

    async def add_holiday(self, *, office_id: int, day: date, name: str) -> None:
        """Add one of the office's own holidays (a unique-key race raises on commit)."""
        self.session.add(OfficeHoliday(office_id=office_id, day=day, name=name))
        await self.session.flush()
