"""Clean extracted text: HTML remnants, list numbers run together, OCR slips."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Words of the SOP AP headings as OCR and typists damage them, and what they are.
_HEADER_SLIPS = {"ouput": "output", "mutu buku": "mutu baku", "baku mutu": "mutu baku"}


def clean_cell(text: str) -> str:
    """A cell's text without HTML tags, markdown bold and extra spaces."""
    text = html.unescape(_TAG.sub(" ", text)).replace("**", "")
    return " ".join(text.split())


def header_word(text: str) -> str:
    """A header cell in lowercase with the known slips corrected."""
    word = clean_cell(text).lower()
    return _HEADER_SLIPS.get(word, word)


def split_numbered(text: str) -> list[str]:
    """Split "1. a 2. b 3. c" (numbers in sequence, on one line or many) into items."""
    text = clean_cell(text)
    first = re.search(r"(?<!\S)1\.\s", text)
    if first is None:
        return [item for item in [_trim(text)] if item]
    items: list[str] = []
    rest = text[first.end() :]
    number = 2
    while (nxt := re.search(rf"(?<!\S){number}\.\s", rest)) is not None:
        items.append(rest[: nxt.start()])
        rest = rest[nxt.end() :]
        number += 1
    items.append(rest)
    return [trimmed for item in items if (trimmed := _trim(item))]


def _trim(item: str) -> str:
    """An item without the separators between items (";", ",", a leading "- ")."""
    item = item.strip()
    item = re.sub(r"^[-–•]\s*", "", item)
    return item.rstrip(";,").strip()
