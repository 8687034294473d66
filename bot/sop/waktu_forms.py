"""Rewrite the ways paper SOPs write a Waktu into the core form that `parse_waktu` reads.

Documents write "± 15 menit", "paling lama 3 hari", "1 hari s.d 3 hari", "½ jam",
"15'", "3 (tiga) hari", "1 HK", "15 menit/berkas" and "1 jam.". Each is reduced to
"<number> <unit>" or "<low> - <high> <unit>", and what the words said (about,
at most, per file) is kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APPROXIMATE = re.compile(r"^(?:±|\+/-|\+-|kurang\s+lebih|lebih\s+kurang|kl\.|sekitar)\s*")
_MAXIMUM = re.compile(r"^(?:paling\s+lama|selambat-lambatnya|maksimal|maksimum|maks\.?|max\.?)\s*")
_PER = re.compile(
    r"^(?P<body>.*[a-z'])\s*(?:/|\s+per\s+|\s+tiap\s+|\s+setiap\s+)\s*(?P<per>[a-z]+)$"
)
_SPELLED_OUT = re.compile(r"\(\s*[a-z][a-z\s]*\)")
_FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4"}
_MINUTE_MARK = re.compile(r"^(?P<num>[\d.,/]+)\s*['’]$")
_HK = re.compile(r"\bhk\b")
_SEPARATOR = r"(?:-|–|—|s\s*/\s*d\.?|s\.?\s*d\.?|sampai|hingga)"
_NUM = r"\d+(?:[.,/]\d+)*"
_UNIT_TWICE = re.compile(
    rf"^(?P<low>{_NUM})\s*(?P<unit>[a-z]+(?:\s+(?:kerja|kalender))?)\s*{_SEPARATOR}\s*"
    rf"(?P<high>{_NUM})\s*(?P=unit)$"
)
_HOURS_AND_MINUTES = re.compile(
    rf"^(?P<hours>{_NUM})\s*jam\s*(?:dan\s+)?(?P<minutes>{_NUM})\s*(?:menit|mnt)$"
)


@dataclass(frozen=True, slots=True)
class WaktuForm:
    """A Waktu text reduced to its core, with what the surrounding words said."""

    core: str
    approximate: bool = False
    maximum: bool = False
    per: str | None = None
    hours_and_minutes: tuple[str, str] | None = None


def reduce_waktu(lowered: str) -> WaktuForm:
    """Reduce a lowercased Waktu text to the core form and its qualifiers."""
    text = " ".join(lowered.split())
    text = re.sub(r"(?<=[a-z'])\.+$", "", text)  # "1 jam." ends a sentence
    approximate, text = _strip(_APPROXIMATE, text)
    maximum, text = _strip(_MAXIMUM, text)
    per = None
    if match := _PER.match(text):
        text, per = match["body"], match["per"]
    for fraction, written in _FRACTIONS.items():
        text = text.replace(fraction, f" {written}").strip()
    text = " ".join(_SPELLED_OUT.sub(" ", text).split())
    if match := _MINUTE_MARK.match(text):
        text = f"{match['num']} menit"
    text = _HK.sub("hari kerja", text)
    text = re.sub(r"s\s*/\s*d\.?", "s.d.", text)
    text = text.replace("hingga", "sampai")
    if match := _UNIT_TWICE.match(text):
        text = f"{match['low']} - {match['high']} {match['unit']}"
    hours_and_minutes = None
    if match := _HOURS_AND_MINUTES.match(text):
        hours_and_minutes = (match["hours"], match["minutes"])
    return WaktuForm(text, approximate, maximum, per, hours_and_minutes)


def _strip(pattern: re.Pattern[str], text: str) -> tuple[bool, str]:
    """Remove a leading qualifier; tell whether it was there."""
    match = pattern.match(text)
    if match is None:
        return False, text
    return True, text[match.end() :]
