"""Write sheets as an XLSX workbook (openpyxl): durations, dates, frozen headers, widths."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports.sheets import Column, Kind, Sheet, Value

MINUTES_PER_DAY = 24 * 60
# Excel keeps durations as fractions of a day; [h] lets hours run past 24.
DURATION_FORMAT = "[h]:mm"
INSTANT_FORMAT = "yyyy-mm-dd hh:mm"
SHARE_FORMAT = "0.0%"
NUMBER_FORMAT = "0"
_FORMATS = {
    Kind.MINUTES: DURATION_FORMAT,
    Kind.INSTANT: INSTANT_FORMAT,
    Kind.SHARE: SHARE_FORMAT,
    Kind.NUMBER: NUMBER_FORMAT,
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 60
_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def cell_value(value: Value, column: Column, sheet: Sheet) -> Any:
    """The value as Excel stores it: days for durations, office-local naive instants."""
    if value is None:
        return None
    if column.kind is Kind.MINUTES and isinstance(value, int | float):
        return value / MINUTES_PER_DAY
    if isinstance(value, datetime):
        local = value.astimezone(sheet.zone) if sheet.zone else value
        return local.replace(tzinfo=None)
    return value


def _width(value: Any, column: Column) -> int:
    """How many characters a value needs in its column."""
    if column.kind is Kind.INSTANT:
        return len("2026-12-31 23:59")
    if column.kind in (Kind.MINUTES, Kind.SHARE):
        return 8
    return len(str(value))


def write_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    """Fill one worksheet: a bold frozen header row, typed cells, fitting widths."""
    worksheet.title = _TITLE_UNSAFE.sub(" ", sheet.title)[:31]
    worksheet.append([column.header for column in sheet.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(column.header) for column in sheet.columns]
    for row in sheet.rows:
        values = [cell_value(v, c, sheet) for v, c in zip(row, sheet.columns, strict=True)]
        worksheet.append(values)
        for index, (value, column) in enumerate(zip(values, sheet.columns, strict=True)):
            if value is not None:
                widths[index] = max(widths[index], _width(value, column))
    for index, column in enumerate(sheet.columns, start=1):
        number_format = _FORMATS.get(column.kind)
        if number_format:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = min(widths[index - 1] + 2, _MAX_WIDTH)
    worksheet.freeze_panes = "A2"


def write_workbook(sheets: Sequence[Sheet], target: str | Path | IO[bytes]) -> None:
    """One worksheet per sheet, in order."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    for index, sheet in enumerate(sheets):
        worksheet = first if index == 0 else workbook.create_sheet()
        write_sheet(worksheet, sheet)
    workbook.save(target)
