"""The one-tap report periods, on real 2026 dates (month and year boundaries)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reports.facts import Period
from bot.reports.periods import PeriodChoice, period_of


@pytest.mark.parametrize(
    ("choice", "today", "first", "last"),
    [
        (PeriodChoice.THIS_MONTH, date(2026, 11, 23), date(2026, 11, 1), date(2026, 11, 23)),
        (PeriodChoice.LAST_MONTH, date(2026, 11, 23), date(2026, 10, 1), date(2026, 10, 31)),
        (PeriodChoice.LAST_MONTH, date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
        (PeriodChoice.LAST_MONTH, date(2026, 1, 15), date(2025, 12, 1), date(2025, 12, 31)),
        (PeriodChoice.LAST_THREE_MONTHS, date(2026, 11, 23), date(2026, 9, 1), date(2026, 11, 23)),
        (PeriodChoice.LAST_THREE_MONTHS, date(2026, 2, 10), date(2025, 12, 1), date(2026, 2, 10)),
        (PeriodChoice.THIS_YEAR, date(2026, 11, 23), date(2026, 1, 1), date(2026, 11, 23)),
        (PeriodChoice.LAST_YEAR, date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_of(choice: PeriodChoice, today: date, first: date, last: date) -> None:
    assert period_of(choice, today) == Period(first=first, last=last)
