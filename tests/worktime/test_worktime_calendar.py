"""WorkCalendar days, periods, working-time checks and working-time spans (2026 dates)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.worktime import (
    NaiveDatetimeError,
    NoWorkingTimeError,
    ScheduleError,
    UnknownTimezoneError,
    WorkCalendar,
    WorkPeriod,
)
from tests.worktime.conftest import utc, wib

WIB = ZoneInfo("Asia/Jakarta")
RAMADAN_2026 = [(date(2026, 2, 19), date(2026, 3, 19))]


# --- holidays ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 1, 1), "Tahun Baru"),
        (date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi"),
        (date(2026, 3, 19), "Nyepi"),
        (date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri"),
        (date(2026, 3, 21), "Idul Fitri"),
        (date(2026, 3, 23), "Cuti Bersama"),
        (date(2026, 3, 24), "Cuti Bersama"),
        (date(2026, 8, 17), "Kemerdekaan"),
        (date(2026, 12, 24), "Cuti Bersama"),
        (date(2026, 12, 25), "Natal"),
    ],
)
def test_holiday_names_in_indonesian(cal, day, words):
    name = cal.holiday_name(day)
    assert name is not None
    assert words in name
    assert not cal.is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 3, 17), date(2026, 3, 25), date(2026, 8, 18)])
def test_ordinary_days_have_no_holiday_name(cal, day):
    assert cal.holiday_name(day) is None
    assert cal.is_working_day(day)


def test_weekend_is_not_a_working_day(cal):
    assert not cal.is_working_day(date(2026, 11, 21))
    assert not cal.is_working_day(date(2026, 11, 22))
    assert cal.holiday_name(date(2026, 11, 21)) is None


def test_office_holiday():
    office = WorkCalendar(extra_holidays={date(2026, 11, 17): "HUT Kabupaten"})
    assert office.holiday_name(date(2026, 11, 17)) == "HUT Kabupaten"
    assert not office.is_working_day(date(2026, 11, 17))
    assert office.periods_on(date(2026, 11, 17)) == []
    assert WorkCalendar().is_working_day(date(2026, 11, 17))


def test_office_holiday_on_a_national_one_keeps_both_names():
    office = WorkCalendar(extra_holidays={date(2026, 8, 17): "Upacara kantor"})
    name = office.holiday_name(date(2026, 8, 17))
    assert name is not None
    assert "Kemerdekaan" in name
    assert "Upacara kantor" in name


def test_office_holiday_needs_a_name():
    with pytest.raises(ValueError, match="needs a name"):
        WorkCalendar(extra_holidays={date(2026, 11, 17): " "})


def test_days_must_be_dates_not_datetimes(cal):
    with pytest.raises(TypeError, match="date"):
        cal.is_working_day(wib(2026, 11, 16, 10))
    with pytest.raises(TypeError):
        cal.holiday_name("2026-11-16")


# --- periods ----------------------------------------------------------------


def test_periods_on_monday_are_local(cal):
    assert cal.periods_on(date(2026, 11, 16)) == [
        (wib(2026, 11, 16, 7, 30), wib(2026, 11, 16, 12)),
        (wib(2026, 11, 16, 13), wib(2026, 11, 16, 16)),
    ]
    start = cal.periods_on(date(2026, 11, 16))[0][0]
    assert start.tzinfo == WIB
    assert start.hour == 7


def test_periods_on_friday(cal):
    assert cal.periods_on(date(2026, 11, 20)) == [
        (wib(2026, 11, 20, 7, 30), wib(2026, 11, 20, 11, 30)),
        (wib(2026, 11, 20, 13), wib(2026, 11, 20, 16, 30)),
    ]


@pytest.mark.parametrize("day", [date(2026, 11, 21), date(2026, 11, 22), date(2026, 8, 17)])
def test_no_periods_on_days_off(cal, day):
    assert cal.periods_on(day) == []


def test_ramadan_periods(ramadan):
    assert ramadan.periods_on(date(2026, 3, 2)) == [
        (wib(2026, 3, 2, 8), wib(2026, 3, 2, 12)),
        (wib(2026, 3, 2, 12, 30), wib(2026, 3, 2, 15)),
    ]
    assert ramadan.periods_on(date(2026, 3, 6)) == [
        (wib(2026, 3, 6, 8), wib(2026, 3, 6, 11, 30)),
        (wib(2026, 3, 6, 12, 30), wib(2026, 3, 6, 15, 30)),
    ]


def test_ramadan_range_is_inclusive(ramadan):
    assert ramadan.periods_on(date(2026, 2, 18))[0][0] == wib(2026, 2, 18, 7, 30)
    assert ramadan.periods_on(date(2026, 2, 19))[0][0] == wib(2026, 2, 19, 8)
    assert ramadan.periods_on(date(2026, 3, 17))[0][0] == wib(2026, 3, 17, 8)
    # 2026-03-19 is the last Ramadan day but Nyepi; 03-25 is back to normal hours.
    assert ramadan.periods_on(date(2026, 3, 19)) == []
    assert ramadan.periods_on(date(2026, 3, 25))[0][0] == wib(2026, 3, 25, 7, 30)


def test_reversed_ramadan_range_rejected():
    with pytest.raises(ValueError, match="Ramadan"):
        WorkCalendar(ramadan_ranges=[(date(2026, 3, 19), date(2026, 2, 19))])


# --- is_working_time ----------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (wib(2026, 11, 16, 7, 29, 59), False),
        (wib(2026, 11, 16, 7, 30), True),
        (wib(2026, 11, 16, 11, 59, 59), True),
        (wib(2026, 11, 16, 12), False),
        (wib(2026, 11, 16, 12, 59, 59), False),
        (wib(2026, 11, 16, 13), True),
        (wib(2026, 11, 16, 15, 59, 59), True),
        (wib(2026, 11, 16, 16), False),
        (wib(2026, 11, 20, 11, 29), True),
        (wib(2026, 11, 20, 11, 30), False),
        (wib(2026, 11, 20, 12, 59), False),
        (wib(2026, 11, 20, 13), True),
        (wib(2026, 11, 20, 16), True),
        (wib(2026, 11, 20, 16, 29, 59), True),
        (wib(2026, 11, 20, 16, 30), False),
        (wib(2026, 11, 21, 10), False),
        (wib(2026, 8, 17, 10), False),
        (wib(2026, 3, 20, 10), False),
        (utc(2026, 11, 16, 0, 30), True),  # 07:30 WIB
        (utc(2026, 11, 16, 0, 29), False),
    ],
)
def test_is_working_time_boundaries(cal, instant, expected):
    assert cal.is_working_time(instant) is expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (wib(2026, 3, 2, 7, 45), False),
        (wib(2026, 3, 2, 8), True),
        (wib(2026, 3, 2, 11, 59), True),
        (wib(2026, 3, 2, 12), False),
        (wib(2026, 3, 2, 12, 15), False),
        (wib(2026, 3, 2, 12, 30), True),
        (wib(2026, 3, 2, 14, 59), True),
        (wib(2026, 3, 2, 15), False),
        (wib(2026, 3, 6, 11, 30), False),
        (wib(2026, 3, 6, 15, 15), True),
        (wib(2026, 3, 6, 15, 30), False),
        (wib(2026, 2, 18, 7, 30), True),
        (wib(2026, 2, 19, 7, 30), False),
    ],
)
def test_is_working_time_in_ramadan(ramadan, instant, expected):
    assert ramadan.is_working_time(instant) is expected


# --- next_working_instant -------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (wib(2026, 11, 16, 10), wib(2026, 11, 16, 10)),
        (wib(2026, 11, 16, 7, 30), wib(2026, 11, 16, 7, 30)),
        (wib(2026, 11, 16, 6), wib(2026, 11, 16, 7, 30)),
        (wib(2026, 11, 16, 12), wib(2026, 11, 16, 13)),
        (wib(2026, 11, 20, 11, 45), wib(2026, 11, 20, 13)),
        (wib(2026, 11, 16, 16), wib(2026, 11, 17, 7, 30)),
        (wib(2026, 11, 16, 23, 59), wib(2026, 11, 17, 7, 30)),
        (wib(2026, 11, 20, 16, 30), wib(2026, 11, 23, 7, 30)),
        (wib(2026, 11, 21, 9), wib(2026, 11, 23, 7, 30)),
        (wib(2026, 8, 17, 9), wib(2026, 8, 18, 7, 30)),
        (wib(2026, 3, 17, 16), wib(2026, 3, 25, 7, 30)),
        (wib(2026, 12, 23, 16), wib(2026, 12, 28, 7, 30)),
        (wib(2026, 12, 31, 16), wib(2027, 1, 4, 7, 30)),
    ],
)
def test_next_working_instant(cal, instant, expected):
    found = cal.next_working_instant(instant)
    assert found == expected
    assert found.utcoffset() is not None
    assert found.tzinfo is UTC


# --- working_seconds / working_minutes --------------------------------------------


def test_working_minutes_whole_week(cal):
    assert cal.working_minutes(wib(2026, 11, 16), wib(2026, 11, 23)) == 2250 == 37.5 * 60


def test_working_minutes_week_with_independence_day(cal):
    assert cal.working_minutes(wib(2026, 8, 17), wib(2026, 8, 24)) == 2250 - 450


def test_working_minutes_week_with_office_holiday():
    office = WorkCalendar(extra_holidays={date(2026, 11, 17): "HUT Kabupaten"})
    assert office.working_minutes(wib(2026, 11, 16), wib(2026, 11, 23)) == 1800


def test_working_minutes_ramadan_week(ramadan):
    assert ramadan.working_minutes(wib(2026, 2, 23), wib(2026, 3, 2)) == 5 * 390


def test_working_minutes_across_idul_fitri(cal):
    # Tue 10:00-12:00, 13:00-16:00 = 300; then 03-18..03-24 off; Wed 07:30-10:00 = 150.
    assert cal.working_minutes(wib(2026, 3, 17, 10), wib(2026, 3, 25, 10)) == 450
    assert cal.working_minutes(wib(2026, 3, 17, 16), wib(2026, 3, 25, 7, 30)) == 0
    # Two weeks from 03-16 hold only five working days: 16, 17, 25, 26, 27.
    assert cal.working_minutes(wib(2026, 3, 16), wib(2026, 3, 30)) == 5 * 450


def test_working_minutes_across_idul_fitri_in_ramadan(ramadan):
    # Ramadan Tue 10:00-12:00 = 120 and 12:30-15:00 = 150; normal Wed 07:30-10:00 = 150.
    assert ramadan.working_minutes(wib(2026, 3, 17, 10), wib(2026, 3, 25, 10)) == 420


def test_working_minutes_year_2026(cal):
    # 261 weekdays in 2026, 21 of them national holidays or cuti bersama.
    assert cal.working_minutes(wib(2026, 1, 1), wib(2027, 1, 1)) == 240 * 450


def test_working_minutes_within_a_day(cal):
    assert cal.working_minutes(wib(2026, 11, 16, 8), wib(2026, 11, 16, 9, 15)) == 75
    assert cal.working_minutes(wib(2026, 11, 16, 11), wib(2026, 11, 16, 14)) == 120
    assert cal.working_minutes(wib(2026, 11, 16, 6), wib(2026, 11, 16, 20)) == 450
    assert cal.working_minutes(wib(2026, 11, 20, 11), wib(2026, 11, 20, 13, 30)) == 60


def test_working_minutes_across_a_weekend(cal):
    # Fri 16:00-16:30 = 30, Mon 07:30-08:00 = 30.
    assert cal.working_minutes(wib(2026, 11, 20, 16), wib(2026, 11, 23, 8)) == 60


def test_working_minutes_zero_when_end_not_after_start(cal):
    assert cal.working_minutes(wib(2026, 11, 16, 10), wib(2026, 11, 16, 10)) == 0
    assert cal.working_minutes(wib(2026, 11, 17, 10), wib(2026, 11, 16, 10)) == 0
    assert cal.working_seconds(wib(2026, 11, 17, 10), wib(2026, 11, 16, 10)) == 0


def test_working_minutes_zero_outside_hours(cal):
    assert cal.working_minutes(wib(2026, 11, 16, 16), wib(2026, 11, 17, 7, 30)) == 0
    assert cal.working_minutes(wib(2026, 11, 21), wib(2026, 11, 23)) == 0


def test_working_seconds_are_floored(cal):
    start = wib(2026, 11, 16, 7, 30)
    end = datetime(2026, 11, 16, 7, 30, 59, 500000, tzinfo=WIB)
    assert cal.working_seconds(start, end) == 59
    assert cal.working_minutes(start, end) == 0
    # 30 s before the break and 30 s after it.
    assert cal.working_seconds(wib(2026, 11, 16, 11, 59, 30), wib(2026, 11, 16, 13, 0, 30)) == 60
    assert cal.working_minutes(wib(2026, 11, 16, 11, 59, 30), wib(2026, 11, 16, 13, 0, 30)) == 1


def test_working_minutes_mixed_zones(cal):
    # 04:00 UTC is 11:00 WIB.
    assert cal.working_minutes(wib(2026, 11, 16, 10), utc(2026, 11, 16, 4)) == 60


# --- errors and configuration ----------------------------------------------------


@pytest.mark.parametrize("name", ["Asia/Atlantis", "", "Asia", "../etc/passwd", "WIBX"])
def test_unknown_timezone(name):
    with pytest.raises(UnknownTimezoneError, match="unknown timezone") as info:
        WorkCalendar(timezone=name)
    assert info.value.name == name
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Asia/Jakarta", "Asia/Jakarta"),
        ("Asia/Makassar", "Asia/Makassar"),
        ("Asia/Jayapura", "Asia/Jayapura"),
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        ("WIT", "Asia/Jayapura"),
    ],
)
def test_supported_timezones(name, key):
    calendar = WorkCalendar(timezone=name)
    assert calendar.timezone == key
    assert calendar.zone == ZoneInfo(key)


def test_default_timezone_is_wib(cal):
    assert cal.timezone == "Asia/Jakarta"


NAIVE = datetime(2026, 11, 16, 10)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_working_time(NAIVE),
        lambda c: c.next_working_instant(NAIVE),
        lambda c: c.working_seconds(NAIVE, wib(2026, 11, 17)),
        lambda c: c.working_minutes(wib(2026, 11, 15), NAIVE),
        lambda c: c.add_working_minutes(NAIVE, 30),
        lambda c: c.add_working_days(NAIVE, 1),
    ],
)
def test_naive_datetime_rejected(cal, call):
    with pytest.raises(ValueError, match="timezone-aware") as info:
        call(cal)
    assert isinstance(info.value, NaiveDatetimeError)
    assert info.value.value == NAIVE


def test_non_datetime_instant_rejected(cal):
    with pytest.raises(TypeError, match="datetime"):
        cal.is_working_time(date(2026, 11, 16))


def test_custom_week_with_saturday_morning():
    week = {
        **{day: (WorkPeriod(time(8), time(15)),) for day in range(5)},
        5: (WorkPeriod(time(8), time(12)),),
    }
    office = WorkCalendar(week=week)
    assert office.is_working_time(wib(2026, 11, 21, 9))
    assert office.working_minutes(wib(2026, 11, 16), wib(2026, 11, 23)) == 5 * 420 + 240


def test_empty_week_rejected():
    with pytest.raises(ScheduleError):
        WorkCalendar(week={})


def test_calendar_without_any_working_day_fails_clearly():
    # Every Monday for 60 weeks from 2026-01-05 is an office holiday.
    mondays = {date(2026, 1, 5) + timedelta(weeks=n): "Libur" for n in range(60)}
    office = WorkCalendar(week={0: (WorkPeriod(time(8), time(12)),)}, extra_holidays=mondays)
    assert office.next_working_instant(wib(2025, 12, 29)) == wib(2025, 12, 29, 8)
    with pytest.raises(NoWorkingTimeError, match="no working day"):
        office.next_working_instant(wib(2026, 1, 1))


def test_any_iana_zone_counts_real_elapsed_time():
    # Europe/Berlin skips 02:00-03:00 on Sunday 2026-03-29: 01:00-04:00 is two real hours.
    night = WorkCalendar(timezone="Europe/Berlin", week={6: (WorkPeriod(time(1), time(4)),)})
    berlin = ZoneInfo("Europe/Berlin")
    day_start = datetime(2026, 3, 29, tzinfo=berlin)
    assert night.working_minutes(day_start, datetime(2026, 3, 30, tzinfo=berlin)) == 120
    assert night.add_working_minutes(day_start, 90) == utc(2026, 3, 29, 1, 30)
