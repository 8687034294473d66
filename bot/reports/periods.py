"""The periods a report can be asked for with one tap: this month, last month, ... ."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from bot.reports.facts import Period


class PeriodChoice(StrEnum):
    """A period named relative to today (the office's local date)."""

    THIS_MONTH = "m0"
    LAST_MONTH = "m1"
    LAST_THREE_MONTHS = "m3"
    THIS_YEAR = "y0"
    LAST_YEAR = "y1"


def _month_start(day: date, months_back: int) -> date:
    """The first day of the month ``months_back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def period_of(choice: PeriodChoice, today: date) -> Period:
    """The dates ``choice`` covers on ``today``; periods that include today end today."""
    if choice is PeriodChoice.THIS_MONTH:
        return Period(first=_month_start(today, 0), last=today)
    if choice is PeriodChoice.LAST_MONTH:
        return Period(first=_month_start(today, 1), last=_month_start(today, 0) - timedelta(days=1))
    if choice is PeriodChoice.LAST_THREE_MONTHS:
        return Period(first=_month_start(today, 2), last=today)
    if choice is PeriodChoice.THIS_YEAR:
        return Period(first=date(today.year, 1, 1), last=today)
    return Period(first=date(today.year - 1, 1, 1), last=date(today.year - 1, 12, 31))
