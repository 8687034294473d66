"""Sheets for people and programs: terminal tables (rich) and CSV."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from babel.dates import format_datetime
from babel.numbers import format_percent
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.i18n import current_locale
from bot.render.durations import hours_minutes
from bot.reports.sheets import Column, Kind, Sheet, Value

_EMPTY = "-"


def shown(value: Value, column: Column, sheet: Sheet) -> str:
    """A value as a person reads it, in the current locale."""
    if value is None:
        return _EMPTY
    if column.kind is Kind.MINUTES and isinstance(value, int | float):
        return hours_minutes(int(value + 0.5))
    if column.kind is Kind.SHARE and isinstance(value, int | float):
        return format_percent(value, locale=current_locale())
    if isinstance(value, datetime):
        zone = sheet.zone
        return format_datetime(value, "d MMM y HH:mm", tzinfo=zone, locale=current_locale())
    return str(value)


def render_sheet(sheet: Sheet) -> Table:
    """One sheet as a terminal table."""
    table = Table(title=sheet.title, box=box.SIMPLE_HEAVY, title_justify="left")
    for column in sheet.columns:
        right = column.kind is not Kind.TEXT
        table.add_column(column.header, justify="right" if right else "left", overflow="fold")
    for row in sheet.rows:
        table.add_row(*(Text(shown(v, c, sheet)) for v, c in zip(row, sheet.columns, strict=True)))
    return table


def render_sheets(sheets: Sequence[Sheet]) -> RenderableType:
    """Every sheet as a terminal table, one after the other."""
    return Group(*(render_sheet(sheet) for sheet in sheets))


def _csv_value(value: Value, sheet: Sheet) -> str | int | float:
    """A value for CSV: ISO 8601 instants, rounded fractions, empty for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (value.astimezone(sheet.zone) if sheet.zone else value).isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def write_csv(sheet: Sheet, out: TextIO) -> None:
    """One sheet as CSV: translated headers, minutes as numbers, instants in ISO 8601."""
    writer = csv.writer(out)
    writer.writerow([column.header for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow([_csv_value(value, sheet) for value in row])
