"""The "Monitoring Pelaksanaan SOP AP" form (Permenpan RB 35/2012), filled in from measures.

One row per procedure step: berjalan baik or tidak baik, the evaluator's notes
(catatan hasil penilaian) and the action to take. A step is judged *tidak baik*
when its share of tasks on time is below the threshold; the notes give the figures.
A step without measured tasks is left for the evaluator to judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from babel.numbers import format_percent
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import _, current_locale
from bot.render.durations import hours_minutes
from bot.reports.views import SopReport, StepStat

DEFAULT_THRESHOLD = 0.8
MARK = "✓"
HEADER_ROW = 8  # the table's first header row; two rows of headers
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WIDTHS = {"A": 5, "B": 48, "C": 12, "D": 12, "E": 52, "F": 40}


@dataclass(frozen=True, slots=True)
class MonitoringRow:
    step: int
    activity: str
    good: bool | None  # None: nothing measured in the period
    note: str
    action: str


def _minutes(value: float | None) -> str:
    """Say rounded minutes in words, '-' for none."""
    return "-" if value is None else hours_minutes(int(value + 0.5))


def _note(stat: StepStat) -> str:
    """The assessment notes of a step: its figures in one sentence."""
    if not stat.measured:
        return _("No task of this step was done in the period.")
    on_time = stat.measured - stat.late_count
    share = format_percent(stat.on_time_share or 0, locale=current_locale())
    return _(
        "On time {on_time} of {measured} tasks ({share}); median {median}, "
        "90th percentile {p90}; standard {standard}."
    ).format(
        on_time=on_time,
        measured=stat.measured,
        share=share,
        median=_minutes(stat.median_minutes),
        p90=_minutes(stat.p90_minutes),
        standard=stat.standard or "-",
    )


def monitoring_rows(
    report: SopReport, *, threshold: float = DEFAULT_THRESHOLD
) -> list[MonitoringRow]:
    """Judge every step of the SOP: tidak baik below ``threshold`` of tasks on time."""
    rows = []
    for stat in report.steps:
        good = None if stat.on_time_share is None else stat.on_time_share >= threshold
        action = ""
        if good is False:
            action = _(
                "Find out why the step runs late: the workload of the actor, missing inputs, "
                "or a time standard that needs review."
            )
        rows.append(MonitoringRow(stat.step, stat.activity, good, _note(stat), action))
    return rows


def _identity(sheet: Worksheet, report: SopReport, office: str, threshold: float) -> None:
    """Write the form's title and the SOP, office, period and threshold."""
    sheet["A1"] = _("MONITORING OF THE IMPLEMENTATION OF SOP AP")
    sheet["A1"].font = Font(bold=True, size=13)
    period = f"{report.period.first.isoformat()} – {report.period.last.isoformat()}"
    lines = [
        (_("SOP name"), report.sop_name),
        (_("Office"), office),
        (_("Period"), period),
        (_("On-time threshold"), format_percent(threshold, locale=current_locale())),
    ]
    for offset, (label, value) in enumerate(lines, start=3):
        sheet.cell(row=offset, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=offset, column=3, value=value)


def _headers(sheet: Worksheet) -> None:
    """Write the two header rows of the assessment table."""
    top, second = HEADER_ROW, HEADER_ROW + 1
    for column, text in (
        (1, _("No.")),
        (2, _("Procedure")),
        (5, _("Notes on the assessment")),
        (6, _("Action to be taken")),
    ):
        sheet.cell(row=top, column=column, value=text)
        sheet.merge_cells(start_row=top, start_column=column, end_row=second, end_column=column)
    sheet.cell(row=top, column=3, value=_("Assessment by observation"))
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
    sheet.cell(row=second, column=3, value=_("Runs well"))
    sheet.cell(row=second, column=4, value=_("Does not run well"))
    for row in (top, second):
        for column in range(1, 7):
            cell = sheet.cell(row=row, column=column)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = _BORDER


def write_monitoring(
    report: SopReport,
    rows: Sequence[MonitoringRow],
    *,
    office: str,
    threshold: float,
    target: str | Path | IO[bytes],
) -> None:
    """The form as one XLSX sheet: identity, the two header rows, one row per step."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Monitoring")
    _identity(sheet, report, office, threshold)
    _headers(sheet)
    for index, item in enumerate(rows, start=HEADER_ROW + 2):
        values = (
            item.step,
            item.activity,
            MARK if item.good else "",
            MARK if item.good is False else "",
            item.note,
            item.action,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.border = _BORDER
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="center" if column in (1, 3, 4) else None
            )
    end = HEADER_ROW + 2 + len(rows) + 1
    sheet.cell(row=end, column=5, value=_("Evaluator:"))
    sheet.cell(row=end + 3, column=5, value=_("Name and signature"))
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 2, column=1)
    workbook.save(target)
