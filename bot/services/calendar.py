"""The working-time calendar of an office, built once per configuration."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from bot.store import OfficeInfo
from bot.worktime import WorkCalendar


@lru_cache(maxsize=256)
def _calendar(
    timezone: str,
    ramadan_ranges: tuple[tuple[date, date], ...],
    holidays: tuple[tuple[date, str], ...],
) -> WorkCalendar:
    return WorkCalendar(
        timezone=timezone, ramadan_ranges=ramadan_ranges, extra_holidays=dict(holidays)
    )


def office_calendar(office: OfficeInfo) -> WorkCalendar:
    """The office's calendar: its timezone, Ramadan ranges and own holidays."""
    # Keyed by value: an office that changes its holidays gets a new calendar.
    return _calendar(office.timezone, office.ramadan_ranges, office.holidays)
