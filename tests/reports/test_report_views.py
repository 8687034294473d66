"""Every figure of every view against values worked out by hand from the seeded times.

Working minutes by hand (office hours 07:30-12:00, 13:00-16:00 WIB, Mon-Thu):
run A step 3 from Mon 09:40 to Tue 10:40 = 140 + 180 + 190 = 510, due Tue 09:40 so
60 late; run A from Mon 08:00 to Tue 11:00 = 240 + 180 + 210 = 630.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.reports.facts import Period
from bot.services import InvalidRequestError, NotFoundError, complete_task, publish_sop, start_run
from bot.services.reports import find_office, run_report, sop_reports
from bot.sop.model import Sop
from tests.reports.conftest import wib

JANUARY = Period(first=date(2026, 1, 1), last=date(2026, 1, 31))
# Sum of standards: 15 + 60 + 1 day (450) + 30.
STANDARD_SUM = 555


async def _january(uow, seeded):
    (report,) = await sop_reports(
        uow, office_id=seeded.office_id, period=JANUARY, sop_key=seeded.sop_key
    )
    return report


async def test_per_step_figures(uow, seeded) -> None:
    report = await _january(uow, seeded)
    rows = [
        (s.step, s.standard, s.standard_minutes, s.count, s.median_minutes, s.p90_minutes,
         s.on_time_share, s.late_count, s.mean_late_minutes)
        for s in report.steps
    ]  # fmt: skip
    assert rows == [
        # A 10, B 20 (5 late), B again 10, C 15; run D is in February.
        (1, "15 menit", 15, 4, 12.5, 20, 3 / 4, 1, 5 / 4),
        # A 30, 90 (30 late); B 60, 80 (20 late); B again 30, 20.
        (2, "1 jam", 60, 6, 45.0, 90, 4 / 6, 2, 50 / 6),
        # A 510 (60 late); B 30; B again 30.
        (3, "1 hari", 450, 3, 30.0, 510, 2 / 3, 1, 20.0),
        # A 20; B 35 (due 11:50, done 11:55).
        (4, "30 menit", 30, 2, 27.5, 35, 1 / 2, 1, 2.5),
    ]
    assert report.steps[1].roles == "Kepala Subbagian"
    assert report.steps[0].activity == "Menerima dan mencatat surat masuk"


async def test_steps_ranked_by_delay(uow, seeded) -> None:
    report = await _january(uow, seeded)
    ranked = [
        (r.rank, r.step, r.mean_late_minutes, r.late_count, r.on_time_share) for r in report.ranking
    ]
    assert ranked == [
        (1, 3, 20.0, 1, 2 / 3),
        (2, 2, 50 / 6, 2, 4 / 6),
        (3, 4, 2.5, 1, 1 / 2),
        (4, 1, 1.25, 1, 3 / 4),
    ]
    assert report.ranking[0].activity == "Memutuskan disposisi"


async def test_whole_runs_against_the_sum_of_standards(uow, seeded) -> None:
    lead = (await _january(uow, seeded)).lead
    assert (lead.runs, lead.finished, lead.rejected, lead.cancelled, lead.active) == (3, 2, 0, 0, 1)
    # A 630, B 235 (08:00 to 11:55).
    assert lead.median_minutes == (630 + 235) / 2
    assert lead.p90_minutes == 630
    assert lead.standard_minutes == STANDARD_SUM
    assert lead.within_standard_share == 1 / 2


async def test_per_person_and_per_role(uow, seeded) -> None:
    report = await _january(uow, seeded)
    people = {p.name: (p.tasks, p.on_time_share, p.median_late_minutes) for p in report.people}
    assert people == {
        "Pak staf": (6, 4 / 6, 0.0),  # late 0, 0, 5, 0, 5, 0
        "Pak kasubag1": (3, 1.0, 0.0),
        "Pak kasubag2": (3, 1 / 3, 20.0),  # late 30, 20, 0
        "Pak kepala": (3, 2 / 3, 0.0),  # late 60, 0, 0
    }
    assert [p.name for p in report.people] == sorted(people)
    roles = {r.key: (r.name, r.tasks, r.on_time_share, r.median_late_minutes) for r in report.roles}
    assert roles == {
        "staf": ("Staf Tata Usaha", 6, 4 / 6, 0.0),
        "kasubag": ("Kepala Subbagian", 6, 4 / 6, 0.0),  # 0, 30, 0, 20, 0, 0
        "kepala": ("Kepala", 3, 2 / 3, 0.0),
    }


async def test_loops_count_each_decision_sending_work_back(uow, seeded) -> None:
    (loop,) = (await _january(uow, seeded)).loops
    assert (loop.step, loop.question, loop.target) == (3, "Disetujui?", "1")
    assert (loop.decisions, loop.sent_back, loop.share, loop.runs_with_send_back) == (
        3,
        1,
        1 / 3,
        1,
    )


async def test_run_timeline(uow, seeded) -> None:
    report = await run_report(uow, run_id=seeded.runs["B"])
    timeline = report.timeline
    assert (timeline.status, timeline.lead_minutes, timeline.send_backs) == ("finished", 235, 1)
    assert timeline.started_at == wib(14, 8, 0) and timeline.finished_at == wib(14, 11, 55)
    assert timeline.standard_minutes == STANDARD_SUM
    rows = [
        (r.step, r.iteration, r.person, r.lead_minutes, r.late_minutes, r.decision,
         r.offset_start, r.offset_end)
        for r in timeline.rows
    ]  # fmt: skip
    assert rows == [
        (1, 1, "Pak staf", 20, 5, None, 0, 20),
        (2, 1, "Pak kasubag1", 60, 0, None, 20, 80),
        (2, 1, "Pak kasubag2", 80, 20, None, 20, 100),
        (3, 1, "Pak kepala", 30, 0, False, 100, 130),
        (1, 2, "Pak staf", 10, 0, None, 130, 140),
        (2, 2, "Pak kasubag1", 30, 0, None, 140, 170),
        (2, 2, "Pak kasubag2", 20, 0, None, 140, 160),
        (3, 2, "Pak kepala", 30, 0, True, 170, 200),
        (4, 1, "Pak staf", 35, 5, None, 200, 235),
    ]
    # Processing: from Mulai (only the first task was started) or else from assignment.
    assert [r.processing_minutes for r in timeline.rows] == [10, 60, 80, 30, 10, 30, 20, 30, 35]
    assert [r.standard for r in timeline.rows][:4] == ["15 menit", "1 jam", "1 jam", "1 hari"]
    first = timeline.rows[0]
    assert first.started_at == wib(14, 8, 10) and first.processing_minutes == 10
    assert first.due_at == wib(14, 8, 15) and first.role == "Staf Tata Usaha"
    assert timeline.rows[3].reason == "Lampiran kurang"
    assert all(r.status == "done" for r in timeline.rows)


async def test_open_run_timeline_has_open_tasks(uow, seeded) -> None:
    timeline = (await run_report(uow, run_id=seeded.runs["C"])).timeline
    assert (timeline.status, timeline.lead_minutes) == ("active", None)
    assert [(r.step, r.status, r.offset_end) for r in timeline.rows] == [
        (1, "done", 15),
        (2, "ready", None),
        (2, "ready", None),
    ]


async def test_every_sop_and_an_empty_period(uow, seeded) -> None:
    reports = await sop_reports(uow, office_id=seeded.office_id, period=JANUARY)
    assert [r.sop_key for r in reports] == ["surat-masuk"]
    march = Period(first=date(2026, 3, 1), last=date(2026, 3, 31))
    assert await sop_reports(uow, office_id=seeded.office_id, period=march) == []
    (empty,) = await sop_reports(
        uow, office_id=seeded.office_id, period=march, sop_key=seeded.sop_key
    )
    assert [s.count for s in empty.steps] == [0, 0, 0, 0]
    assert empty.steps[0].median_minutes is None and empty.lead.median_minutes is None
    assert empty.ranking == () and empty.people == ()


async def test_period_is_office_local_days(uow, seeded) -> None:
    # Run C started Thu 15 Jan 08:00 WIB = 01:00 UTC: a period of that one day has it.
    day = Period(first=date(2026, 1, 15), last=date(2026, 1, 15))
    (report,) = await sop_reports(uow, office_id=seeded.office_id, period=day)
    assert report.lead.runs == 1 and report.steps[0].count == 1


async def test_refusals(uow, seeded) -> None:
    with pytest.raises(InvalidRequestError):
        backwards = Period(first=date(2026, 2, 1), last=date(2026, 1, 1))
        await sop_reports(uow, office_id=seeded.office_id, period=backwards)
    with pytest.raises(NotFoundError):
        await run_report(uow, run_id="nope")
    with pytest.raises(NotFoundError):
        await sop_reports(uow, office_id=seeded.office_id, period=JANUARY, sop_key="nope")
    assert (await find_office(uow, ref="Badan Kepegawaian Daerah")).id == seeded.office_id
    assert (await find_office(uow, ref=str(seeded.office_id))).id == seeded.office_id
    with pytest.raises(NotFoundError):
        await find_office(uow, ref="Kantor Lain")


CALENDAR_SOP = {
    "kode": "kalender",
    "identitas": {"nama": "Penyerahan Surat"},
    "peran": {"staf": "Staf Tata Usaha"},
    "langkah": [
        {"nomor": 1, "uraian": "Menyerahkan surat", "pelaksana": "staf", "waktu": "1 x 24 jam"},
    ],
}


async def test_calendar_standards_measure_calendar_time(uow, seeded) -> None:
    sop = Sop.model_validate(CALENDAR_SOP)
    await publish_sop(uow, office_id=seeded.office_id, sop=sop, at=wib(5, 8, 0))
    staf = seeded.people["staf"]
    # Friday 16 Jan is a holiday (Isra Mikraj): Thu 15:00 to Sat 10:00 is 43 hours of
    # calendar time, due Fri 15:00, so 19 hours late; in working time only 60 minutes.
    for start, end in [(wib(15, 15, 0), wib(17, 10, 0)), (wib(19, 8, 0), wib(19, 9, 0))]:
        run = await start_run(
            uow, office_id=seeded.office_id, sop_key="kalender", by=staf, at=start
        )
        await complete_task(uow, run_id=run.state.run_id, task_no=1, by=staf, at=end)
    (report,) = await sop_reports(
        uow, office_id=seeded.office_id, period=JANUARY, sop_key="kalender"
    )
    (step,) = report.steps
    assert (step.standard, step.standard_minutes, step.count) == ("1 x 24 jam", 1440, 2)
    assert step.median_minutes == (43 * 60 + 60) / 2 and step.p90_minutes == 43 * 60
    assert (step.on_time_share, step.late_count, step.mean_late_minutes) == (0.5, 1, 19 * 60 / 2)
