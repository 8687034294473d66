"""Shared calendars and instant helpers for the working-time tests (2026 dates)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.worktime import WorkCalendar

WIB = ZoneInfo("Asia/Jakarta")
RAMADAN_2026 = [(date(2026, 2, 19), date(2026, 3, 19))]


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    """An instant in office time, Asia/Jakarta."""
    return datetime(year, month, day, hour, minute, sec, tzinfo=WIB)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """The default office: Perpres 21/2023 hours in WIB."""
    return WorkCalendar()


@pytest.fixture(scope="module")
def ramadan() -> WorkCalendar:
    """An office with Ramadan hours from 19 February to 19 March 2026."""
    return WorkCalendar(ramadan_ranges=RAMADAN_2026)
