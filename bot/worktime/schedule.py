"""Office hours: working periods per weekday; the gaps between periods are breaks.

Defaults follow Perpres 21/2023 (37.5 hours a week, from 07:30 local time):
Mon–Thu 07:30–12:00 and 13:00–16:00, Fri 07:30–11:30 and 13:00–16:30 (a longer
break for Friday prayers), no work on Saturday and Sunday. ``RAMADAN_WEEK`` holds
the usual ASN Ramadan hours (08:00–15:00, Friday to 15:30, 30-minute break).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise
from types import MappingProxyType

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
WEEKDAYS = range(7)


class ScheduleError(ValueError):
    """A week schedule is malformed; carries the weekday and periods at fault."""

    def __init__(
        self,
        message: str,
        *,
        weekday: object = None,
        periods: Sequence[object] = (),
    ) -> None:
        where = "" if weekday is None else f" (weekday {weekday!r})"
        shown = ", ".join(str(period) for period in periods)
        super().__init__(f"{message}{where}: {shown}" if shown else f"{message}{where}")
        self.weekday = weekday
        self.periods = tuple(periods)


@dataclass(frozen=True, slots=True)
class WorkPeriod:
    """One stretch of office hours on a day, start inclusive, end exclusive."""

    start: time
    end: time

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if not isinstance(moment, time):
                raise ScheduleError("a period is bounded by datetime.time values", periods=(self,))
            # Periods are wall-clock times in the office's zone; a zone here
            # would silently disagree with the calendar's.
            if moment.tzinfo is not None:
                raise ScheduleError("period times must not carry a timezone", periods=(self,))
        if not self.start < self.end:
            raise ScheduleError("a period must start before it ends", periods=(self,))

    @property
    def duration_seconds(self) -> float:
        """Length of the period in seconds."""
        start = datetime.combine(date.min, self.start)
        return (datetime.combine(date.min, self.end) - start).total_seconds()

    def __str__(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"


def _clock(value: object) -> str:
    # Also used while reporting a malformed period, so tolerate non-times.
    if not isinstance(value, time):
        return repr(value)
    return value.isoformat("minutes" if value.second == value.microsecond == 0 else "auto")


Week = Mapping[int, tuple[WorkPeriod, ...]]


def _check_day(weekday: object, periods: object) -> tuple[WorkPeriod, ...]:
    """Return one weekday's periods as a tuple after checking order and overlap."""
    if not isinstance(weekday, int) or isinstance(weekday, bool) or weekday not in WEEKDAYS:
        raise ScheduleError("weekdays are numbered 0 (Monday) to 6 (Sunday)", weekday=weekday)
    if not isinstance(periods, Sequence) or isinstance(periods, str | WorkPeriod):
        raise ScheduleError("a weekday maps to a sequence of WorkPeriod", weekday=weekday)
    day = tuple(periods)
    for period in day:
        if not isinstance(period, WorkPeriod):
            raise ScheduleError("not a WorkPeriod", weekday=weekday, periods=(period,))
    for before, after in pairwise(day):
        if after.start < before.start:
            raise ScheduleError("periods must be sorted", weekday=weekday, periods=day)
        # Touching periods (end == next start) are allowed: a zero-length break.
        if after.start < before.end:
            raise ScheduleError("periods overlap", weekday=weekday, periods=(before, after))
    return day


def validate_week(week: Mapping[int, Sequence[WorkPeriod]]) -> Week:
    """Check a week schedule and return it as a read-only mapping over all seven days."""
    if not isinstance(week, Mapping):
        raise ScheduleError("a week schedule maps weekday numbers to periods")
    checked = {weekday: _check_day(weekday, periods) for weekday, periods in week.items()}
    if not any(checked.values()):
        # An empty week would make every deadline search run forever.
        raise ScheduleError("the week has no working periods")
    return MappingProxyType({day: checked.get(day, ()) for day in WEEKDAYS})


def week_seconds(week: Week) -> float:
    """Total working seconds in one week of the schedule."""
    return sum(period.duration_seconds for periods in week.values() for period in periods)


def _period(start: str, end: str) -> WorkPeriod:
    return WorkPeriod(time.fromisoformat(start), time.fromisoformat(end))


_MON_THU = (_period("07:30", "12:00"), _period("13:00", "16:00"))
_FRI = (_period("07:30", "11:30"), _period("13:00", "16:30"))
DEFAULT_WEEK: Week = validate_week({day: _MON_THU for day in range(THURSDAY + 1)} | {FRIDAY: _FRI})

_RAMADAN_MON_THU = (_period("08:00", "12:00"), _period("12:30", "15:00"))
_RAMADAN_FRI = (_period("08:00", "11:30"), _period("12:30", "15:30"))
RAMADAN_WEEK: Week = validate_week(
    {day: _RAMADAN_MON_THU for day in range(THURSDAY + 1)} | {FRIDAY: _RAMADAN_FRI}
)
