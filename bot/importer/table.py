"""Find the Uraian Prosedur table in tab-separated text and read its rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.cleaning import clean_cell, header_word

_NUMBER_CELL = re.compile(r"^(\d{1,3})\.?$")
_NUMBERED_TEXT = re.compile(r"^(\d{1,3})\.\s*(.+)$")
_TABLE_END = re.compile(r"nomor sop|lembar kerja|dasar hukum|judul sop", re.IGNORECASE)


@dataclass
class Columns:
    """Where each column of the table is, by cell index."""

    activity: int
    roles: dict[int, str]
    inputs: int | None
    time: int | None
    output: int | None
    note: int | None
    time_in_minutes: bool


@dataclass
class Row:
    """One row of the procedure table, cells as written."""

    number: int
    activity: str
    marks: dict[str, str] = field(default_factory=dict)
    inputs: str = ""
    time: str = ""
    output: str = ""
    note: str = ""


def _is_first_header(cells: list[str]) -> bool:
    words = [header_word(cell) for cell in cells]
    has_activity = any(w in ("uraian prosedur", "kegiatan", "uraian kegiatan") for w in words)
    return has_activity and "pelaksana" in words


def find_columns(lines: list[str]) -> tuple[int, Columns] | None:
    """The line after the two header rows, and the columns they name."""
    for index, line in enumerate(lines[:-1]):
        first = line.split("\t")
        if not _is_first_header(first):
            continue
        words = [header_word(cell) for cell in first]
        activity = next(i for i, w in enumerate(words) if w != "no." and w != "no" and w)
        second = lines[index + 1].split("\t")
        names = [clean_cell(cell) for cell in second]
        lowered = [header_word(cell) for cell in second]
        inputs = next((i for i, w in enumerate(lowered) if "kelengkapan" in w), None)
        time = next((i for i, w in enumerate(lowered) if w.startswith("waktu")), None)
        output = next((i for i, w in enumerate(lowered) if w == "output"), None)
        end = inputs if inputs is not None else len(names)
        roles = {i: names[i] for i in range(activity + 1, end) if names[i]}
        note = output + 1 if output is not None else None
        minutes = time is not None and "menit" in lowered[time]
        columns = Columns(activity, roles, inputs, time, output, note, minutes)
        return index + 2, columns
    return None


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return clean_cell(cells[index])


def _unbulleted(text: str) -> str:
    """A cell without the list dash it starts with ("- Data kegiatan")."""
    return re.sub(r"^[-–•]\s+", "", text)


def read_rows(lines: list[str], start: int, columns: Columns) -> list[Row]:
    """Every numbered row after the header, across page breaks, until the table ends."""
    rows: list[Row] = []
    for line in lines[start:]:
        if _TABLE_END.search(line) and rows:
            break
        cells = line.split("\t")
        row = _row(cells, columns)
        if row is not None and (not rows or row.number == rows[-1].number + 1):
            rows.append(row)
    return rows


def _row(cells: list[str], columns: Columns) -> Row | None:
    """A numbered row, or None for blank, repeated-header and column-number lines."""
    first = clean_cell(cells[0]) if cells else ""
    if (match := _NUMBER_CELL.match(first)) and columns.activity > 0:
        number, activity = int(match[1]), _cell(cells, columns.activity)
    elif match := _NUMBERED_TEXT.match(_cell(cells, columns.activity)):
        number, activity = int(match[1]), match[2].strip()
    else:
        return None
    if not activity:
        return None
    marks = {name: _cell(cells, i) for i, name in columns.roles.items() if _cell(cells, i)}
    return Row(
        number,
        activity,
        marks,
        _unbulleted(_cell(cells, columns.inputs)),
        _cell(cells, columns.time),
        _unbulleted(_cell(cells, columns.output)),
        _cell(cells, columns.note),
    )
