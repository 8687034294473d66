"""The views as sheets, XLSX (reopened with openpyxl), CSV and terminal tables."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook
from rich.console import Console

from bot.i18n import use_locale
from bot.reports.facts import Period
from bot.reports.sheets import report_sheets, timeline_sheet
from bot.reports.text import render_sheets, write_csv
from bot.reports.xlsx import DURATION_FORMAT, INSTANT_FORMAT, SHARE_FORMAT, write_workbook
from bot.services.calendar import office_calendar
from bot.services.reports import run_report, sop_reports

JANUARY = Period(first=date(2026, 1, 1), last=date(2026, 1, 31))


async def _reports(uow, seeded):
    return await sop_reports(uow, office_id=seeded.office_id, period=JANUARY)


def _minutes(cell) -> float:
    """A duration cell read back (openpyxl gives a timedelta for [h]:mm), in minutes."""
    return round(cell.value.total_seconds() / 60, 3)


def _workbook(sheets):
    buffer = io.BytesIO()
    write_workbook(sheets, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


async def test_xlsx_has_one_sheet_per_view_with_indonesian_headers(uow, seeded) -> None:
    with use_locale("id"):
        book = _workbook(report_sheets(await _reports(uow, seeded)))
    assert book.sheetnames == ["Langkah", "Keterlambatan", "Pelaksanaan", "Pegawai", "Peran",
                               "Pengembalian"]  # fmt: skip
    steps = book["Langkah"]
    headers = [cell.value for cell in steps[1]]
    assert headers[:4] == ["Langkah", "Uraian Prosedur", "Pelaksana", "Waktu"]
    assert "Median" in headers and "Tepat waktu" in headers
    assert steps.freeze_panes == "A2"
    assert steps.max_row == 5  # header and four steps
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(sheet.cell(row=1, column=c).font.bold for c in range(1, sheet.max_column + 1))


async def test_xlsx_values_and_formats(uow, seeded) -> None:
    with use_locale("id"):
        book = _workbook(report_sheets(await _reports(uow, seeded)))
    steps = book["Langkah"]
    row = [cell for cell in steps[3]]  # step 2
    assert row[0].value == 2 and row[3].value == "1 jam"
    # Durations are Excel durations: standard 60 minutes, median 45, p90 90.
    assert _minutes(row[4]) == 60 and row[4].number_format == DURATION_FORMAT
    assert row[5].value == 6
    assert _minutes(row[6]) == 45 and row[6].number_format == DURATION_FORMAT
    assert _minutes(row[7]) == 90
    assert row[8].value == 4 / 6 and row[8].number_format == SHARE_FORMAT
    assert row[9].value == 2
    runs = book["Pelaksanaan"]
    assert [c.value for c in runs[2]][1:4] == [3, 2, 0]
    assert _minutes(runs.cell(row=2, column=7)) == 432.5
    assert _minutes(runs.cell(row=2, column=9)) == 555
    loops = book["Pengembalian"]
    assert [c.value for c in loops[2]] == [3, "Disetujui?", "langkah 1", 3, 1, 1 / 3, 1]
    # Widths fit the longest text of a column.
    longest = max(len(s) for s in ("Menerima dan mencatat surat masuk", "Uraian Prosedur"))
    assert steps.column_dimensions["B"].width == longest + 2


async def test_timeline_xlsx_in_english_with_office_times(uow, seeded) -> None:
    found = await run_report(uow, run_id=seeded.runs["B"])
    with use_locale("en"):
        sheet = timeline_sheet(found.timeline, office_calendar(found.office).zone)
        book = _workbook([sheet])
    (name,) = book.sheetnames
    assert name == "Timeline"
    rows = list(book[name].iter_rows(values_only=True))
    assert rows[0][:8] == ("Task", "Step", "Round", "Activity", "Actor", "Person", "Status",
                           "Assigned")  # fmt: skip
    first = rows[1]
    assert first[5:8] == ("Pak staf", "done", datetime(2026, 1, 14, 8, 0))  # WIB, naive
    assert first[9] == datetime(2026, 1, 14, 8, 20)
    sheet = book[name]
    assert _minutes(sheet.cell(row=2, column=13)) == 20
    assert _minutes(sheet.cell(row=2, column=15)) == 5
    assert rows[4][15:] == ("No", "Lampiran kurang")
    assert book[name].cell(row=2, column=8).number_format == INSTANT_FORMAT


async def test_csv_and_table(uow, seeded) -> None:
    with use_locale("en"):
        sheets = report_sheets(await _reports(uow, seeded))
        out = io.StringIO()
        write_csv(sheets[0], out)
        console = Console(file=io.StringIO(), width=250)
        console.print(render_sheets(sheets))
        table = console.file.getvalue()
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:3] == ["Step", "Activity", "Actor"]
    assert rows[1] == ["1", "Menerima dan mencatat surat masuk", "Staf Tata Usaha", "15 menit",
                       "15", "4", "12.5", "20", "0.75", "1", "1.25"]  # fmt: skip
    assert "Whole runs" in table and "Send-backs" in table
    assert "7 hours 13 minutes" in table  # median lead 432.5 minutes
    assert "67%" in table  # step 2 on time 4 of 6
