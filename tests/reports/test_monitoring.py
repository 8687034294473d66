"""The Monitoring Pelaksanaan SOP AP form, judged and annotated from the seeded runs."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from bot.i18n import use_locale
from bot.reports.facts import Period
from bot.reports.monitoring import HEADER_ROW, MARK, monitoring_rows, write_monitoring
from bot.services.reports import sop_reports

JANUARY = Period(first=date(2026, 1, 1), last=date(2026, 1, 31))


async def _report(uow, seeded):
    (report,) = await sop_reports(uow, office_id=seeded.office_id, period=JANUARY)
    return report


async def test_steps_below_the_threshold_do_not_run_well(uow, seeded) -> None:
    report = await _report(uow, seeded)
    with use_locale("id"):
        strict = monitoring_rows(report, threshold=0.8)
        lenient = monitoring_rows(report, threshold=0.7)
    # Median 12.5 minutes shows as 13. On time: step 1 3/4, step 2 4/6, step 3 2/3, step 4 1/2.
    assert [row.good for row in strict] == [False, False, False, False]
    assert [row.good for row in lenient] == [True, False, False, False]
    assert lenient[0].action == "" and lenient[1].action.startswith("Telusuri penyebab")
    assert strict[0].note == (
        "Tepat waktu 3 dari 4 tugas (75%); median 13 menit, persentil ke-90 20 menit; "
        "standar 15 menit."
    )
    assert "4 dari 6" in strict[1].note and "median 45 menit" in strict[1].note
    assert "persentil ke-90 8 jam 30 menit" in strict[2].note  # 510 minutes


async def test_a_step_without_tasks_is_left_to_the_evaluator(uow, seeded) -> None:
    march = Period(first=date(2026, 3, 1), last=date(2026, 3, 31))
    (empty,) = await sop_reports(
        uow, office_id=seeded.office_id, period=march, sop_key=seeded.sop_key
    )
    with use_locale("en"):
        rows = monitoring_rows(empty)
    assert {row.good for row in rows} == {None}
    assert rows[0].note == "No task of this step was done in the period."


async def test_form_as_xlsx(uow, seeded) -> None:
    report = await _report(uow, seeded)
    buffer = io.BytesIO()
    with use_locale("id"):
        rows = monitoring_rows(report, threshold=0.7)
        write_monitoring(report, rows, office="BKD", threshold=0.7, target=buffer)
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert sheet["A1"].value == "MONITORING PELAKSANAAN SOP AP"
    assert (sheet["A3"].value, sheet["C3"].value) == ("Nama SOP", "Penanganan Surat Masuk")
    assert (sheet["A4"].value, sheet["C4"].value) == ("Kantor", "BKD")
    assert sheet["C5"].value == "2026-01-01 – 2026-01-31" and sheet["C6"].value == "70%"
    headers = [sheet.cell(row=HEADER_ROW, column=c).value for c in range(1, 7)]
    assert headers == ["No.", "Prosedur", "Penilaian Observasi", None,
                       "Catatan Hasil Penilaian", "Tindakan yang Harus Diambil"]  # fmt: skip
    second = [sheet.cell(row=HEADER_ROW + 1, column=c).value for c in (3, 4)]
    assert second == ["Berjalan Baik", "Tidak Berjalan Baik"]
    body = [
        [sheet.cell(row=r, column=c).value for c in range(1, 5)]
        for r in range(HEADER_ROW + 2, HEADER_ROW + 6)
    ]
    assert body == [
        [1, "Menerima dan mencatat surat masuk", MARK, None],
        [2, "Menelaah surat", None, MARK],
        [3, "Memutuskan disposisi", None, MARK],
        [4, "Mengarsipkan surat", None, MARK],
    ]
    assert sheet.cell(row=HEADER_ROW + 2, column=5).value.startswith("Tepat waktu 3 dari 4")
    assert sheet.freeze_panes == f"A{HEADER_ROW + 2}"
    assert "C8:D8" in {str(r) for r in sheet.merged_cells.ranges}
