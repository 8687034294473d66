"""Read an OCR'd SOP table: no tabs, "|" and "[" where the column rules were.

The columns cannot be separated reliably, so a row's text up to its Waktu is kept
as the uraian, what follows as the output, and every step is marked for review.
"""

from __future__ import annotations

import re

from bot.importer.cleaning import clean_cell
from bot.importer.table import Columns, Row

_ROW = re.compile(r"^(\d{1,2})\s*[\[|(]?\s*(\S.*)$")
_WAKTU = re.compile(r"(?<![\w])(\d+(?:[.,]\d+)?\s*(?:menit|jam|hari(?:\s+kerja)?|minggu))\b", re.I)
_RULES = re.compile(r"[\[\]|‘’'`]+")
# Jabatan written as one word; the other words of the last header line end a name
# whose first word stands on the header line above ("Kepala" over "Badan").
_ONE_WORD = {
    "sekretaris", "kasubbag", "kasubag", "staf", "bendahara", "inspektur", "camat",
    "lurah", "pimpinan", "operator", "pelaksana", "sekdes", "kasi", "kabid",
}  # fmt: skip


def find_ocr_columns(lines: list[str]) -> tuple[int, Columns] | None:
    """The first row's line and the role names of an OCR'd header, if there is one."""
    for index, line in enumerate(lines):
        words = line.split()
        if "Kelengkapan" not in words or "Waktu" not in words:
            continue
        names = words[: words.index("Kelengkapan")]
        above = next((lines[i] for i in range(index - 1, -1, -1) if "Kegiatan" in lines[i]), "")
        prefixes = above.split()[above.split().index("Kegiatan") + 1 :] if above else []
        roles = _join(prefixes, names)
        if roles:
            columns = Columns(0, dict(enumerate(roles, start=1)), None, None, None, None, False)
            return index + 1, columns
    return None


def _join(prefixes: list[str], names: list[str]) -> list[str]:
    """Put each first word from the line above before the next name it can begin."""
    roles: list[str] = []
    waiting = list(prefixes)
    for name in names:
        if waiting and name.lower() not in _ONE_WORD:
            prefix = waiting.pop(0)
            roles.append(prefix + name if prefix.endswith("/") else f"{prefix} {name}")
        else:
            roles.append(name)
    return roles


def read_ocr_rows(lines: list[str], start: int) -> list[Row]:
    """Rows that start with their number; the lines below a row continue its uraian."""
    rows: list[Row] = []
    for line in lines[start:]:
        match = _ROW.match(line.strip())
        if match and (not rows or int(match[1]) in (rows[-1].number, rows[-1].number + 1)):
            rows.append(_row(len(rows) + 1, match[2]))
        elif rows and line.strip():
            rest = clean_cell(_RULES.sub(" ", line))
            if len(rest) > 3:
                rows[-1].activity = f"{rows[-1].activity} {rest}".strip()
    return rows


def _row(number: int, text: str) -> Row:
    """Split a row's first line at its Waktu: the uraian before it, the output after it."""
    waktu = _WAKTU.search(text)
    if waktu is None:
        return Row(number, clean_cell(_RULES.sub(" ", text)))
    before = clean_cell(_RULES.sub(" ", text[: waktu.start()]))
    after = clean_cell(_RULES.sub(" ", text[waktu.end() :]))
    return Row(number, before, time=waktu[1], output=after)
