"""Parse the Mutu Baku "Waktu" column ("15 menit", "5jam", "1-2 hari", "1 x 24 jam").

A standard is counted in one of three ways:
- working minutes ("menit", "jam"): the clock runs only in office hours;
- working days ("hari", "hari kerja", "minggu"): N whole working days;
- calendar minutes ("x 24 jam", "hari kalender"): the clock never stops.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bot.i18n import _
from bot.sop.waktu_forms import reduce_waktu


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
    A Waktu written in seconds keeps them in ``seconds``; ``amount`` is then the
    whole minutes that hold them (rounded up). ``approximate`` ("± 15 menit") and
    ``maximum`` ("paling lama 3 hari") say how the stated value was qualified; the
    stated (or upper) value is the standard. ``per`` names the unit of a rate
    ("15 menit/berkas": 15 minutes for each berkas); ``amount`` is for one unit.
    """

    text: str
    kind: StandardKind
    amount: int = 0
    lower: int | None = None
    seconds: int | None = None
    approximate: bool = False
    maximum: bool = False
    per: str | None = None

    @property
    def is_range(self) -> bool:
        return self.lower is not None

    @property
    def is_none(self) -> bool:
        return self.kind is StandardKind.NONE

    def as_calendar(self) -> Standard:
        """Return this standard counted in calendar time (a day is 24 h, a week 7 days)."""
        if self.kind is not StandardKind.WORK_DAYS:
            return self
        try:
            if parse_waktu(self.text) == self:
                return parse_waktu(self.text, calendar=True)
        except WaktuError:
            pass  # made by hand, not from a text: count its days
        low = None if self.lower is None else self.lower * 24 * 60
        return Standard(self.text, StandardKind.CALENDAR_MINUTES, self.amount * 24 * 60, low)

    def to_dict(self) -> dict[str, object]:
        """The standard as JSON data; the newer fields only when set (old rows stay alike)."""
        data: dict[str, object] = {
            "text": self.text,
            "kind": self.kind.value,
            "amount": self.amount,
            "lower": self.lower,
        }
        if self.seconds is not None:
            data["seconds"] = self.seconds
        if self.approximate:
            data["approximate"] = True
        if self.maximum:
            data["maximum"] = True
        if self.per is not None:
            data["per"] = self.per
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Standard:
        """Read a standard stored by ``to_dict`` (rows stored before the newer fields too)."""
        lower = data.get("lower")
        seconds = data.get("seconds")
        per = data.get("per")
        return cls(
            text=str(data["text"]),
            kind=StandardKind(str(data["kind"])),
            amount=int(str(data["amount"])),
            lower=None if lower is None else int(str(lower)),
            seconds=None if seconds is None else int(str(seconds)),
            approximate=bool(data.get("approximate", False)),
            maximum=bool(data.get("maximum", False)),
            per=None if per is None else str(per),
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


# "1.000" is a thousand (Indonesian groups digits with dots, as in "Rp 1.500.000");
# "1,5" and "1.5" are one and a half. "1,000" could be either, so it is refused.
_NUMBER = r"\d{1,3}/\d{1,3}|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_AMBIGUOUS = re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?![\d.,])")
_PATTERN = re.compile(
    rf"""^\s*
    (?:(?P<low>{_NUMBER})\s*(?:-|–|—|s\.?\s*d\.?|sampai)\s*)?
    (?P<num>{_NUMBER})\s*
    (?:(?P<x24>x\s*24\s*jam)|(?P<unit>[a-z]+(?:\s+(?:kerja|kalender))?))
    \s*$""",
    re.VERBOSE,
)

_MINUTES_PER_UNIT = {"menit": 1, "mnt": 1, "jam": 60}
_SECOND_UNITS = {"detik", "dtk"}
# A month is four weeks of working days, or 30 days in calendar time.
_DAY_UNITS = {
    "hari": 1,
    "minggu": WORK_DAYS_PER_WEEK,
    "pekan": WORK_DAYS_PER_WEEK,
    "bulan": 4 * WORK_DAYS_PER_WEEK,
}
_CALENDAR_DAYS_PER_UNIT = {"hari": 1, "minggu": 7, "pekan": 7, "bulan": 30}
_NO_STANDARD_TEXTS = {"", "-", "–", "—"}
_MAX_TEXT = 60
_MAX_DIGITS = 12

# The longest standard: a year. 52 weeks of 5 working days of 7.5 hours (Perpres
# 21/2023: 37.5 hours a week), or 366 calendar days. Due dates stay quick to compute.
MAX_WORK_DAYS = 52 * WORK_DAYS_PER_WEEK
MAX_WORK_MINUTES = 52 * 2250  # 37.5 hours are 2,250 minutes
MAX_CALENDAR_MINUTES = 366 * 24 * 60


def _number(text: str, raw: str) -> Decimal:
    """Read one amount exactly: thousands dots dropped, a decimal comma made a point."""
    digits = raw.replace(".", "").replace(",", "")
    if len(digits) > _MAX_DIGITS:
        raise WaktuError(text, _("the number is far too large for a time standard"))
    if "/" in raw:  # "1/2 jam"
        top, bottom = raw.split("/")
        if int(bottom) == 0:
            raise WaktuError(text, _("a fraction cannot have 0 below the line"))
        return Decimal(top) / Decimal(bottom)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")  # thousands separators
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # the regex admits only digits; kept for safety
        raise WaktuError(text, _("not a valid number")) from exc


def _whole(text: str, value: Decimal, what: str) -> int:
    """The amount as a whole number; refuse a fraction rather than round it."""
    if value != value.to_integral_value():
        raise WaktuError(text, _("{what} must be a whole number").format(what=what))
    return int(value)


def _capped(text: str, standard: Standard) -> Standard:
    """Refuse a standard longer than a year, so that no due date overflows or takes long."""
    if standard.kind is StandardKind.WORK_MINUTES and standard.amount > MAX_WORK_MINUTES:
        reason = _("a standard may be at most a year of working time ({limit} jam)").format(
            limit=MAX_WORK_MINUTES // 60
        )
    elif standard.kind is StandardKind.WORK_DAYS and standard.amount > MAX_WORK_DAYS:
        reason = _("a standard may be at most a year of working time ({limit} hari kerja)").format(
            limit=MAX_WORK_DAYS
        )
    elif standard.kind is StandardKind.CALENDAR_MINUTES and standard.amount > MAX_CALENDAR_MINUTES:
        reason = _("a standard may be at most a year ({limit} hari kalender)").format(
            limit=MAX_CALENDAR_MINUTES // (24 * 60)
        )
    else:
        return standard
    raise WaktuError(text, reason)


def parse_waktu(text: str | int | float | None, *, calendar: bool = False) -> Standard:
    """Parse one Waktu cell; raise WaktuError that quotes the text when it is unreadable.

    ``calendar`` counts days and weeks in calendar time (a week is then 7 days), as
    "hari kalender" does.
    """
    if text is None:
        return NO_STANDARD
    if isinstance(text, bool):
        raise WaktuError(str(text), _("not a time text"))
    if isinstance(text, int | float):
        raise WaktuError(str(text), _("the unit is missing; write e.g. '15 menit' or '1 hari'"))
    original = str(text).strip()
    if original in _NO_STANDARD_TEXTS:
        return Standard(original, StandardKind.NONE)
    if len(original) > _MAX_TEXT:
        raise WaktuError(original[:_MAX_TEXT] + "…", _("far too long for a time standard"))
    if _AMBIGUOUS.search(original):
        raise WaktuError(
            original,
            _(
                "a comma before three digits is ambiguous: write 1000 or 1.000 for a thousand, "
                "1,5 for one and a half"
            ),
        )
    form = reduce_waktu(original.lower())
    if form.hours_and_minutes is not None:
        standard = _hours_and_minutes(original, *form.hours_and_minutes)
    else:
        match = _PATTERN.match(form.core)
        if match is None:
            raise WaktuError(
                original, _("write e.g. '15 menit', '2 jam', '1 hari' or '1 x 24 jam'")
            )
        standard = _read(original, match, calendar=calendar)
    qualified = replace(standard, approximate=form.approximate, maximum=form.maximum, per=form.per)
    return _capped(original, qualified)


def _hours_and_minutes(original: str, hours: str, minutes: str) -> Standard:
    """Read "1 jam 30 menit" as working minutes."""
    what = _("the number of minutes")
    total = _number(original, hours) * 60 + _number(original, minutes)
    if total <= 0:
        raise WaktuError(original, _("the amount must be above zero and a range must go up"))
    return Standard(original, StandardKind.WORK_MINUTES, _whole(original, total, what))


def _read(original: str, match: re.Match[str], *, calendar: bool) -> Standard:
    """Turn a matched Waktu into a standard of the right kind and amount."""
    num = _number(original, match["num"])
    low = None if match["low"] is None else _number(original, match["low"])
    if num <= 0 or (low is not None and not 0 < low < num):
        raise WaktuError(original, _("the amount must be above zero and a range must go up"))
    if match["x24"]:
        what = _("a multiple of 24 hours")
        times = _whole(original, num, what)
        lower = None if low is None else _whole(original, low, what) * 24 * 60
        return Standard(original, StandardKind.CALENDAR_MINUTES, times * 24 * 60, lower)
    unit, *words = match["unit"].split()
    qualifier = words[0] if words else ""
    if unit in _SECOND_UNITS:
        return _seconds(original, num, low, qualifier)
    if unit in _MINUTES_PER_UNIT:
        if qualifier:
            raise WaktuError(original, _("'{word}' applies only to days").format(word=qualifier))
        per = _MINUTES_PER_UNIT[unit]
        what = _("the number of minutes")
        lower = None if low is None else _whole(original, low * per, what)
        amount = _whole(original, num * per, what)
        return Standard(original, StandardKind.WORK_MINUTES, amount, lower)
    if unit in _DAY_UNITS:
        what = _("the number of days")
        if qualifier == "kalender" or calendar:
            per = _CALENDAR_DAYS_PER_UNIT[unit] * 24 * 60
            lower = None if low is None else _whole(original, low * per, what)
            amount = _whole(original, num * per, what)
            return Standard(original, StandardKind.CALENDAR_MINUTES, amount, lower)
        per = _DAY_UNITS[unit]
        lower = None if low is None else _whole(original, low * per, what)
        return Standard(original, StandardKind.WORK_DAYS, _whole(original, num * per, what), lower)
    raise WaktuError(
        original,
        _("unknown unit '{unit}'; use detik, menit, jam, hari, minggu or bulan").format(unit=unit),
    )


def _seconds(original: str, num: Decimal, low: Decimal | None, qualifier: str) -> Standard:
    """Keep a Waktu in seconds as seconds; count it as the whole minutes that hold it."""
    if qualifier:
        raise WaktuError(original, _("'{word}' applies only to days").format(word=qualifier))
    what = _("the number of seconds")
    seconds = _whole(original, num, what)
    lower = None if low is None else math.ceil(_whole(original, low, what) / 60)
    minutes = math.ceil(seconds / 60)
    if lower is not None and lower >= minutes:
        lower = None  # "10-30 detik": both within the same minute
    return Standard(original, StandardKind.WORK_MINUTES, minutes, lower, seconds=seconds)
