"""Parse the Mutu Baku "Waktu" column ("15 menit", "5jam", "1-2 hari", "1 x 24 jam").

A standard is counted in one of three ways:
- working minutes ("menit", "jam"): the clock runs only in office hours;
- working days ("hari", "hari kerja", "minggu"): N whole working days;
- calendar minutes ("x 24 jam", "hari kalender"): the clock never stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bot.i18n import _


class StandardKind(StrEnum):
    """How a time standard is counted."""

    NONE = "none"
    WORK_MINUTES = "work_minutes"
    WORK_DAYS = "work_days"
    CALENDAR_MINUTES = "calendar_minutes"


# A week of working days: Perpres 21/2023 sets a five-day week.
WORK_DAYS_PER_WEEK = 5


@dataclass(frozen=True, slots=True)
class Standard:
    """A parsed Waktu: the text as written, how it counts, and its amount.

    ``amount`` is minutes for the minute kinds and days for WORK_DAYS. For a
    range ("1-2 hari") ``amount`` is the upper bound and ``lower`` the lower one.
    """

    text: str
    kind: StandardKind
    amount: int = 0
    lower: int | None = None

    @property
    def is_range(self) -> bool:
        return self.lower is not None

    @property
    def is_none(self) -> bool:
        return self.kind is StandardKind.NONE

    def as_calendar(self) -> Standard:
        """Return this standard counted in calendar time (days become 24 h each)."""
        if self.kind is not StandardKind.WORK_DAYS:
            return self
        low = None if self.lower is None else self.lower * 24 * 60
        return Standard(self.text, StandardKind.CALENDAR_MINUTES, self.amount * 24 * 60, low)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind.value,
            "amount": self.amount,
            "lower": self.lower,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Standard:
        lower = data.get("lower")
        return cls(
            text=str(data["text"]),
            kind=StandardKind(str(data["kind"])),
            amount=int(str(data["amount"])),
            lower=None if lower is None else int(str(lower)),
        )


NO_STANDARD = Standard("", StandardKind.NONE)


class WaktuError(ValueError):
    """The Waktu text cannot be read as a time standard."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(
            _("time standard '{text}' cannot be read: {reason}").format(text=text, reason=reason)
        )
        self.text = text
        self.reason = reason


_NUMBER = r"\d+(?:[.,]\d+)?"
_PATTERN = re.compile(
    rf"""^\s*
    (?:(?P<low>{_NUMBER})\s*(?:-|–|—|s\.?\s*d\.?|sampai)\s*)?
    (?P<num>{_NUMBER})\s*
    (?:(?P<x24>x\s*24\s*jam)|(?P<unit>[a-z]+(?:\s+(?:kerja|kalender))?))
    \s*$""",
    re.VERBOSE,
)

_MINUTES_PER_UNIT = {"menit": 1, "mnt": 1, "jam": 60}
_DAY_UNITS = {"hari": 1, "minggu": WORK_DAYS_PER_WEEK, "pekan": WORK_DAYS_PER_WEEK}
_NO_STANDARD_TEXTS = {"", "-", "–", "—"}


def _number(text: str, raw: str) -> Decimal:
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # the regex admits only digits; kept for safety
        raise WaktuError(text, _("not a valid number")) from exc


def _whole(text: str, value: Decimal, what: str) -> int:
    if value != value.to_integral_value():
        raise WaktuError(text, _("{what} must be a whole number").format(what=what))
    return int(value)


def parse_waktu(text: str | int | float | None) -> Standard:
    """Parse one Waktu cell; raise WaktuError that quotes the text when it is unreadable."""
    if text is None:
        return NO_STANDARD
    if isinstance(text, bool):
        raise WaktuError(str(text), _("not a time text"))
    if isinstance(text, int | float):
        raise WaktuError(str(text), _("the unit is missing; write e.g. '15 menit' or '1 hari'"))
    original = str(text).strip()
    if original in _NO_STANDARD_TEXTS:
        return Standard(original, StandardKind.NONE)
    match = _PATTERN.match(original.lower())
    if match is None:
        raise WaktuError(original, _("write e.g. '15 menit', '2 jam', '1 hari' or '1 x 24 jam'"))
    num = _number(original, match["num"])
    low = None if match["low"] is None else _number(original, match["low"])
    if num <= 0 or (low is not None and not 0 < low < num):
        raise WaktuError(original, _("the amount must be above zero and a range must go up"))
    if match["x24"]:
        times = _whole(original, num, _("a multiple of 24 hours"))
        lower = (
            None if low is None else _whole(original, low, _("a multiple of 24 hours")) * 24 * 60
        )
        return Standard(original, StandardKind.CALENDAR_MINUTES, times * 24 * 60, lower)
    unit, *words = match["unit"].split()
    qualifier = words[0] if words else ""
    if unit in _MINUTES_PER_UNIT:
        if qualifier:
            raise WaktuError(original, _("'{word}' applies only to days").format(word=qualifier))
        per = _MINUTES_PER_UNIT[unit]
        lower = None if low is None else _whole(original, low * per, _("the number of minutes"))
        return Standard(
            original,
            StandardKind.WORK_MINUTES,
            _whole(original, num * per, _("the number of minutes")),
            lower,
        )
    if unit in _DAY_UNITS:
        per = _DAY_UNITS[unit]
        days = _whole(original, num * per, _("the number of days"))
        lower = None if low is None else _whole(original, low * per, _("the number of days"))
        standard = Standard(original, StandardKind.WORK_DAYS, days, lower)
        return standard.as_calendar() if qualifier == "kalender" else standard
    raise WaktuError(
        original, _("unknown unit '{unit}'; use menit, jam, hari or minggu").format(unit=unit)
    )
