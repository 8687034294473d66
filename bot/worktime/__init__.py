"""Working-time calendar: office hours, breaks, holidays and due times of SOP steps."""

from bot.worktime.calendar import (
    HOLIDAY_CATEGORIES,
    ZONE_ALIASES,
    NaiveDatetimeError,
    NoWorkingTimeError,
    UnknownTimezoneError,
    WorkCalendar,
    national_holidays,
)
from bot.worktime.schedule import (
    DEFAULT_WEEK,
    RAMADAN_WEEK,
    ScheduleError,
    Week,
    WorkPeriod,
    validate_week,
    week_seconds,
)

__all__ = [
    "DEFAULT_WEEK",
    "HOLIDAY_CATEGORIES",
    "RAMADAN_WEEK",
    "ZONE_ALIASES",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "ScheduleError",
    "UnknownTimezoneError",
    "Week",
    "WorkCalendar",
    "WorkPeriod",
    "national_holidays",
    "validate_week",
    "week_seconds",
]
