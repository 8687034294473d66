"""Read the dates paper SOPs write: "05 Februari 2020", "5 Feb 2020", "05-02-2020", "-".

The calendar itself is the standard library's: a name or a number that is not a real
date is handed on unchanged, so that the model reports it as an invalid date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

# Indonesian month names and the abbreviations and old spellings offices use.
_MONTHS = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
_NO_DATE = {"", "-", "–", "—"}
_WORDS = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{4})$")
_NUMBERS = re.compile(r"^(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})$")


def read_paper_date(value: Any) -> Any:
    """A date from a paper form, None for "-" or blank; anything unreadable unchanged."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()).lower()
    if text in _NO_DATE:
        return None
    match = _WORDS.match(text) or _NUMBERS.match(text)
    if match is None:
        return value
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS.get(month)
    if number is None:
        return value
    try:
        return date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return value  # "30 Februari 2024": the model says it is not a real date
