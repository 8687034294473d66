"""Instants and time standards in words, in the reader's locale and the office's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.i18n import _, current_locale, ngettext
from bot.render.durations import calendar_time, hours_minutes, number
from bot.sop.waktu import Standard, StandardKind

# Indonesia's own abbreviations, the same in every language (CLDR has them only in id).
_ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def office_time(instant: datetime, timezone: str) -> str:
    """Say an instant as the office reads it, e.g. 'Jum, 20 Nov 2026 16:20 WIB'."""
    zone = ZoneInfo(timezone)
    text = format_datetime(instant, "EEE, d MMM y HH:mm", tzinfo=zone, locale=current_locale())
    abbreviation = _ZONE_ABBREVIATIONS.get(timezone)
    if abbreviation is None:
        abbreviation = format_datetime(instant, "z", tzinfo=zone, locale=current_locale())
    return f"{text} {abbreviation}"


def standard_words(standard: Standard) -> str:
    """Say a time standard in the reader's language ('1 jam', '3 hari kerja', '3 working days')."""
    if standard.kind is StandardKind.WORK_MINUTES:
        return hours_minutes(standard.amount)
    if standard.kind is StandardKind.WORK_DAYS:
        count = standard.amount
        return ngettext("{count} working day", "{count} working days", count).format(
            count=number(count)
        )
    if standard.kind is StandardKind.CALENDAR_MINUTES:
        return _("{time} (calendar time)").format(time=calendar_time(standard.amount))
    return _("no time standard")
