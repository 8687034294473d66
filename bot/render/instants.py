"""Say an instant as office-local date and time in the reader's locale.

E.g. "Sel, 8 Des 2026 22:00 WITA" in Indonesian, "Tue, 8 Dec 2026 22:00 WITA" in English.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.i18n import current_locale
from bot.worktime import ZONE_ALIASES

_ABBREVIATIONS = {zone: short for short, zone in ZONE_ALIASES.items()}


def local_datetime(instant: datetime, timezone: str) -> str:
    """Weekday, date and time in ``timezone``, with WIB/WITA/WIT where Indonesia has one."""
    local = instant.astimezone(ZoneInfo(timezone))
    text = format_datetime(local, "EEE, d MMM y HH:mm", locale=current_locale())
    return f"{text} {_ABBREVIATIONS.get(timezone, timezone)}"
