"""Say amounts of time in words in the current locale ("18 jam 35 menit", "3 hari")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from babel.numbers import format_decimal

from bot.i18n import current_locale, ngettext
from bot.sop.waktu import Standard, StandardKind

MINUTES_PER_DAY = 24 * 60


def number(value: int) -> str:
    """Format a whole number with the locale's digit grouping (1.234 in id, 1,234 in en)."""
    return format_decimal(value, locale=current_locale())


def hours_minutes(minutes: int) -> str:
    """Say a number of minutes as hours and minutes, e.g. '2 jam 5 menit'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("{count} hour", "{count} hours", hours).format(count=number(hours)))
    if rest or not hours:
        parts.append(ngettext("{count} minute", "{count} minutes", rest).format(count=number(rest)))
    return " ".join(parts)


def days(count: int) -> str:
    """Say a number of days, e.g. '3 hari'."""
    return ngettext("{count} day", "{count} days", count).format(count=number(count))


def calendar_time(minutes: int) -> str:
    """Say calendar minutes as days of 24 hours plus hours and minutes."""
    whole_days, rest = divmod(minutes, MINUTES_PER_DAY)
    parts = []
    if whole_days:
        parts.append(days(whole_days))
    if rest or not whole_days:
        parts.append(hours_minutes(rest))
    return " ".join(parts)


def totals(standards: Iterable[Standard]) -> Counter[StandardKind]:
    """Sum standards by how they count (ranges by their upper bound); skip '-'."""
    summed: Counter[StandardKind] = Counter()
    for standard in standards:
        if not standard.is_none:
            summed[standard.kind] += standard.amount
    return summed
