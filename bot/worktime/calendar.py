"""A working-time calendar for one office: hours, breaks, weekends and holidays.

Semantics:

* Every datetime in or out is timezone-aware; a naive one raises
  ``NaiveDatetimeError`` (a ``ValueError``). Instants come back in UTC, except
  ``periods_on`` which gives the office's local wall-clock times.
* A day's periods come from ``ramadan_week`` when the day lies in one of the
  inclusive ``ramadan_ranges``, else from ``week``. A holiday (Indonesian
  national holidays and cuti bersama from the ``holidays`` package, plus the
  office's ``extra_holidays``) has no periods. A period includes its start and
  excludes its end.
* Working minutes: the clock starts at the next working instant at or after the
  start (a start in the evening, at a weekend or on a holiday counts from the
  next opening) and runs only inside periods. When the time runs out exactly at
  the end of a period, the due time is that end ("16:00 Monday"), never the
  next opening ("07:30 Tuesday"), though both are the same point in working time.
* Working days ("N hari"): let s be the next working instant from the start and
  p the working time elapsed on s's day before s. The due time is the instant on
  the N-th working day after s's day at which p working time has elapsed there
  (the end-of-period rule above applies; a shorter day, e.g. in Ramadan, caps
  it at that day's close). When p is zero (started at or before opening) the
  due time is the close of the (N-1)-th working day after s's day: "1 hari"
  started before opening is due at the end of that same day.
* Calendar minutes ("1 x 24 jam"): start plus the amount exactly.
* An amount of zero is due at the next working instant (calendar: the start).
* A range ("1-2 hari") is due by its upper bound (``Standard.amount``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from types import MappingProxyType
from typing import assert_never
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from bot.sop.waktu import Standard, StandardKind
from bot.worktime.schedule import DEFAULT_WEEK, RAMADAN_WEEK, Week, WorkPeriod, validate_week

Span = tuple[datetime, datetime]

# Indonesia's three zones; the short names are what offices write.
ZONE_ALIASES: Mapping[str, str] = MappingProxyType(
    {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
)
# "government" is the holidays package's category for cuti bersama.
HOLIDAY_CATEGORIES = ("public", "government")

_ONE_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
_ZERO = timedelta(0)
# A year without one working period means the configuration leaves no work at
# all; stop there instead of searching forever.
_MAX_IDLE_DAYS = 366
# Enough for several years of days; cleared when full to bound memory.
_SPAN_CACHE_SIZE = 4096


class UnknownTimezoneError(ValueError):
    """The office's timezone is not a known IANA zone name."""

    def __init__(self, name: object) -> None:
        super().__init__(
            f"unknown timezone {name!r}: use an IANA name such as 'Asia/Jakarta' (WIB), "
            "'Asia/Makassar' (WITA) or 'Asia/Jayapura' (WIT)"
        )
        self.name = name


class NaiveDatetimeError(ValueError):
    """A datetime without a timezone was given where an instant is needed."""

    def __init__(self, argument: str, value: datetime) -> None:
        super().__init__(
            f"{argument} must be timezone-aware, got naive {value.isoformat()}; "
            "attach a zone, e.g. value.replace(tzinfo=ZoneInfo('Asia/Jakarta'))"
        )
        self.argument = argument
        self.value = value


class NoWorkingTimeError(ValueError):
    """The calendar has no working period for a whole year from some day."""

    def __init__(self, first: date) -> None:
        super().__init__(
            f"no working day within {_MAX_IDLE_DAYS} days from {first.isoformat()}; "
            "check the week schedule and the office's holidays"
        )
        self.first = first


@lru_cache(maxsize=64)
def national_holidays(year: int) -> Mapping[date, str]:
    """Indonesian public holidays and cuti bersama of one year, names in Indonesian."""
    table = holidays.country_holidays(
        "ID", years=year, categories=HOLIDAY_CATEGORIES, language="id"
    )
    return MappingProxyType(dict(table.items()))


def _load_zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not name.strip():
        raise UnknownTimezoneError(name)
    key = ZONE_ALIASES.get(name.strip().upper(), name.strip())
    try:
        return ZoneInfo(key)
    # ZoneInfo raises KeyError subclasses, ValueError or OSError by the shape of the name.
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UnknownTimezoneError(name) from exc


def _to_utc(value: datetime, argument: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{argument} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value.astimezone(UTC)


def _require_day(day: date) -> date:
    # A datetime is a date too, but its date is in its own zone, not the office's.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"day must be a datetime.date, got {type(day).__name__}")
    return day


def _require_amount(value: int, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{argument} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{argument} must not be negative, got {value}")
    return value


def _check_ranges(ranges: Sequence[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    checked = []
    for first, last in ranges:
        _require_day(first)
        _require_day(last)
        if last < first:
            raise ValueError(f"Ramadan range ends before it starts: {first} to {last}")
        checked.append((first, last))
    return tuple(checked)


def _check_extra(extra: Mapping[date, str] | None) -> Mapping[date, str]:
    for day, name in (extra or {}).items():
        _require_day(day)
        # An empty name would make the day a holiday that holiday_name cannot report.
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"office holiday {day} needs a name, got {name!r}")
    return MappingProxyType(dict(extra or {}))


class WorkCalendar:
    """Working time of one office: its zone, week schedules, Ramadan and holidays."""

    def __init__(
        self,
        *,
        timezone: str = "Asia/Jakarta",
        week: Mapping[int, Sequence[WorkPeriod]] = DEFAULT_WEEK,
        ramadan_week: Mapping[int, Sequence[WorkPeriod]] = RAMADAN_WEEK,
        ramadan_ranges: Sequence[tuple[date, date]] = (),
        extra_holidays: Mapping[date, str] | None = None,
    ) -> None:
        self._zone = _load_zone(timezone)
        self._week = validate_week(week)
        self._ramadan_week = validate_week(ramadan_week)
        self._ramadan = _check_ranges(ramadan_ranges)
        self._extra = _check_extra(extra_holidays)
        self._span_cache: dict[date, tuple[Span, ...]] = {}

    def __repr__(self) -> str:
        return f"WorkCalendar(timezone={self.timezone!r}, ramadan_ranges={self._ramadan!r})"

    @property
    def timezone(self) -> str:
        """IANA name of the office's zone."""
        return self._zone.key

    @property
    def zone(self) -> ZoneInfo:
        """The office's zone, for showing instants in local time."""
        return self._zone

    # --- days ---------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        """Name of the holiday on ``day`` (national and office names joined), else None."""
        _require_day(day)
        names = [n for n in (national_holidays(day.year).get(day), self._extra.get(day)) if n]
        return "; ".join(names) or None

    def week_on(self, day: date) -> Week:
        """The week schedule in force on ``day`` (Ramadan or regular)."""
        _require_day(day)
        in_ramadan = any(first <= day <= last for first, last in self._ramadan)
        return self._ramadan_week if in_ramadan else self._week

    def periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """Working periods of ``day`` as local aware datetimes; empty on days off."""
        _require_day(day)
        zone = self._zone
        return [(start.astimezone(zone), end.astimezone(zone)) for start, end in self._spans(day)]

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has any working period."""
        return bool(self._spans(_require_day(day)))

    # --- instants -----------------------------------------------------------

    def is_working_time(self, instant: datetime) -> bool:
        """Whether ``instant`` lies inside a period (start inclusive, end exclusive)."""
        moment = _to_utc(instant, "instant")
        return any(start <= moment < end for start, end in self._spans(self._local_day(moment)))

    def next_working_instant(self, instant: datetime) -> datetime:
        """The first working instant at or after ``instant``, in UTC."""
        return next(self._spans_from(_to_utc(instant, "instant")))[0]

    def working_seconds(self, start: datetime, end: datetime) -> int:
        """Whole working seconds between two instants; 0 when end is not after start."""
        return self._elapsed(_to_utc(start, "start"), _to_utc(end, "end")) // _SECOND

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """Whole working minutes between two instants (seconds floored)."""
        return self.working_seconds(start, end) // 60

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant, in UTC, when ``minutes`` of working time from ``start`` have run."""
        moment = _to_utc(start, "start")
        remaining = timedelta(minutes=_require_amount(minutes, "minutes"))
        spans = self._spans_from(moment)
        while True:
            opening, close = next(spans)
            # "<=" makes time that runs out at a close due at that close.
            if remaining <= close - opening:
                return opening + remaining
            remaining -= close - opening

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The instant, in UTC, ``days`` working days after ``start`` (see module docs)."""
        moment = _to_utc(start, "start")
        _require_amount(days, "days")
        begin = self.next_working_instant(moment)
        if days == 0:
            return begin
        first = self._local_day(begin)
        spans = self._spans(first)
        elapsed = self._elapsed(spans[0][0], begin)
        if not elapsed:
            return self._spans(self._nth_working_day(first, days - 1))[-1][1]
        return self._instant_after(self._nth_working_day(first, days), elapsed)

    def due(self, start: datetime, standard: Standard) -> datetime | None:
        """When a step started at ``start`` is due under ``standard``; None without one."""
        moment = _to_utc(start, "start")
        match standard.kind:
            case StandardKind.NONE:
                return None
            case StandardKind.WORK_MINUTES:
                return self.add_working_minutes(moment, standard.amount)
            case StandardKind.CALENDAR_MINUTES:
                # The clock never stops: nights, weekends and holidays count.
                return moment + timedelta(minutes=_require_amount(standard.amount, "amount"))
            case StandardKind.WORK_DAYS:
                return self.add_working_days(moment, standard.amount)
            case _:
                assert_never(standard.kind)

    # --- internals ----------------------------------------------------------

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self._zone).date()

    def _utc_at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self._zone).astimezone(UTC)

    def _spans(self, day: date) -> tuple[Span, ...]:
        """Working periods of ``day`` as UTC instants, cached."""
        cached = self._span_cache.get(day)
        if cached is None:
            if len(self._span_cache) >= _SPAN_CACHE_SIZE:
                self._span_cache.clear()
            cached = self._span_cache[day] = self._build_spans(day)
        return cached

    def _build_spans(self, day: date) -> tuple[Span, ...]:
        if self.holiday_name(day) is not None:
            return ()
        periods = self.week_on(day)[day.weekday()]
        return tuple((self._utc_at(day, p.start), self._utc_at(day, p.end)) for p in periods)

    def _working_days(self, first: date) -> Iterator[date]:
        """Yield the working days from ``first`` (inclusive) on, without end."""
        day, idle = first, 0
        while True:
            if self._spans(day):
                idle = 0
                yield day
            else:
                idle += 1
                if idle > _MAX_IDLE_DAYS:
                    raise NoWorkingTimeError(first)
            day += _ONE_DAY

    def _nth_working_day(self, first: date, n: int) -> date:
        """The n-th working day after working day ``first`` (n=0 is ``first``)."""
        return next(islice(self._working_days(first), n, None))

    def _spans_from(self, moment: datetime) -> Iterator[Span]:
        """Yield working spans from ``moment`` on, the first clipped to start at it."""
        for day in self._working_days(self._local_day(moment)):
            for opening, close in self._spans(day):
                if close > moment:
                    yield max(opening, moment), close

    def _elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Working time between two UTC instants, walking days rather than minutes."""
        total = _ZERO
        day, last = self._local_day(start), self._local_day(end)
        while day <= last:
            for opening, close in self._spans(day):
                low, high = max(opening, start), min(close, end)
                if low < high:
                    total += high - low
            day += _ONE_DAY
        return total

    def _instant_after(self, day: date, elapsed: timedelta) -> datetime:
        """The instant on working day ``day`` when ``elapsed`` has run, capped at its close."""
        spans = self._spans(day)
        for opening, close in spans:
            if elapsed <= close - opening:
                return opening + elapsed
            elapsed -= close - opening
        return spans[-1][1]
