"""Week schedules: Perpres 21/2023 defaults, Ramadan hours and validation."""

from datetime import UTC, time

import pytest

from bot.worktime import (
    DEFAULT_WEEK,
    RAMADAN_WEEK,
    ScheduleError,
    WorkPeriod,
    validate_week,
    week_seconds,
)

HOUR = 3600


def p(start: str, end: str) -> WorkPeriod:
    return WorkPeriod(time.fromisoformat(start), time.fromisoformat(end))


def test_default_week_is_37_5_hours():
    assert week_seconds(DEFAULT_WEEK) == 37.5 * HOUR


@pytest.mark.parametrize("weekday", [0, 1, 2, 3])
def test_default_monday_to_thursday(weekday):
    assert DEFAULT_WEEK[weekday] == (p("07:30", "12:00"), p("13:00", "16:00"))


def test_default_friday_has_90_minute_break():
    assert DEFAULT_WEEK[4] == (p("07:30", "11:30"), p("13:00", "16:30"))


@pytest.mark.parametrize("weekday", [5, 6])
def test_default_weekend_is_off(weekday):
    assert DEFAULT_WEEK[weekday] == ()


@pytest.mark.parametrize("weekday", range(5))
def test_every_default_workday_is_7_5_hours(weekday):
    assert sum(x.duration_seconds for x in DEFAULT_WEEK[weekday]) == 7.5 * HOUR


def test_ramadan_week():
    for weekday in range(4):
        assert RAMADAN_WEEK[weekday] == (p("08:00", "12:00"), p("12:30", "15:00"))
    assert RAMADAN_WEEK[4] == (p("08:00", "11:30"), p("12:30", "15:30"))
    assert RAMADAN_WEEK[5] == RAMADAN_WEEK[6] == ()
    assert week_seconds(RAMADAN_WEEK) == 5 * 6.5 * HOUR


def test_period_str():
    assert str(p("07:30", "12:00")) == "07:30–12:00"


@pytest.mark.parametrize(("start", "end"), [("12:00", "12:00"), ("13:00", "12:00")])
def test_period_must_start_before_end(start, end):
    with pytest.raises(ScheduleError) as info:
        p(start, end)
    period = info.value.periods[0]
    assert isinstance(period, WorkPeriod)
    assert period.start == time.fromisoformat(start)
    assert "start before it ends" in str(info.value)


def test_period_times_must_be_local():
    with pytest.raises(ScheduleError, match="timezone"):
        WorkPeriod(time(8, tzinfo=UTC), time(9))


def test_period_needs_time_values():
    with pytest.raises(ScheduleError):
        WorkPeriod("08:00", "09:00")  # type: ignore[arg-type]


def test_schedule_error_is_value_error():
    assert issubclass(ScheduleError, ValueError)


def test_unsorted_periods_rejected_with_data():
    periods = (p("13:00", "16:00"), p("07:30", "12:00"))
    with pytest.raises(ScheduleError, match="sorted") as info:
        validate_week({2: periods})
    assert info.value.weekday == 2
    assert info.value.periods == periods
    assert "13:00–16:00" in str(info.value)


def test_overlapping_periods_rejected_with_data():
    first, second = p("07:30", "12:30"), p("12:00", "16:00")
    with pytest.raises(ScheduleError, match="overlap") as info:
        validate_week({0: (first, second)})
    assert info.value.weekday == 0
    assert info.value.periods == (first, second)


def test_touching_periods_allowed():
    week = validate_week({0: (p("08:00", "12:00"), p("12:00", "16:00"))})
    assert week_seconds(week) == 8 * HOUR


@pytest.mark.parametrize("weekday", [7, -1, "0", True, 1.0])
def test_bad_weekday_rejected(weekday):
    with pytest.raises(ScheduleError, match="weekdays") as info:
        validate_week({weekday: (p("08:00", "12:00"),)})
    assert info.value.weekday == weekday


def test_item_must_be_a_work_period():
    with pytest.raises(ScheduleError, match="WorkPeriod"):
        validate_week({0: ((time(8), time(12)),)})  # type: ignore[dict-item]


def test_day_must_map_to_a_sequence():
    with pytest.raises(ScheduleError, match="sequence"):
        validate_week({0: p("08:00", "12:00")})  # type: ignore[dict-item]


def test_week_must_be_a_mapping():
    with pytest.raises(ScheduleError):
        validate_week([p("08:00", "12:00")])  # type: ignore[arg-type]


def test_week_without_work_rejected():
    with pytest.raises(ScheduleError, match="no working periods"):
        validate_week({0: (), 5: ()})


def test_validate_week_fills_missing_days_and_is_read_only():
    week = validate_week({5: [p("08:00", "12:00")]})
    assert sorted(week) == list(range(7))
    assert week[5] == (p("08:00", "12:00"),)
    assert week[0] == ()
    with pytest.raises(TypeError):
        week[0] = ()  # type: ignore[index]
