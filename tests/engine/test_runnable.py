"""SOPs that validate can run: the longest standards get due dates, and every run ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.engine import RunStatus, Workflow
from bot.engine.simulation import simulate
from bot.sop.loader import parse_sop
from bot.worktime import WorkCalendar

START = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # Monday 07:30 WIB
CALENDAR = WorkCalendar(timezone="Asia/Jakarta")

LONGEST = """\
identitas:
  nama: Standar terpanjang
peran:
  staf: Staf
  kepala: Kepala
langkah:
  - {nomor: 1, uraian: Jam kerja, pelaksana: staf, waktu: 1950 jam}
  - {nomor: 2, uraian: Hari kerja, pelaksana: staf, waktu: 260 hari}
  - {nomor: 3, uraian: Minggu kerja, pelaksana: staf, waktu: 52 minggu}
  - {nomor: 4, uraian: Hari kalender, pelaksana: staf, waktu: 366 hari kalender}
  - {nomor: 5, uraian: Kali 24 jam, pelaksana: staf, waktu: 366 x 24 jam}
  - nomor: 6
    uraian: Memeriksa
    pelaksana: kepala
    waktu: 52 minggu kalender
    keputusan: {pertanyaan: Benar?, tidak: tolak}
"""


def workflow_of(text: str) -> Workflow:
    sop = parse_sop(text, "contoh.yaml")
    return Workflow(sop=sop, calendar=CALENDAR, holders={role: [role] for role in sop.roles})


def test_the_longest_standards_get_due_dates_within_about_a_year() -> None:
    result = simulate(workflow_of(LONGEST), start=START)
    assert result.state.status is RunStatus.FINISHED
    tasks = [action.task for action in result.actions]
    assert [task.step for task in tasks] == [1, 2, 3, 4, 5, 6]
    for task in tasks:
        assert task.due_at is not None
        # A year of working time spans at most a year plus the holidays and cuti bersama.
        assert timedelta(days=300) < task.due_at - task.assigned_at < timedelta(days=400), task
    assert tasks[3].due_at - tasks[3].assigned_at == timedelta(days=366)
    assert tasks[5].due_at - tasks[5].assigned_at == timedelta(weeks=52)


@pytest.mark.parametrize(("send_back", "status"), [((), "finished"), ((6,), "rejected")])
def test_a_decision_that_rejects_ends_the_run_either_way(
    send_back: tuple[int, ...], status: str
) -> None:
    result = simulate(workflow_of(LONGEST), start=START, send_back_steps=send_back)
    assert result.state.status is RunStatus(status)


def test_a_week_in_an_sop_counted_in_calendar_time_is_seven_days() -> None:
    text = LONGEST.split("langkah:")[0] + (
        "waktu_kalender: ya\nlangkah:\n"
        "  - {nomor: 1, uraian: Seminggu, pelaksana: staf, waktu: 1 minggu}\n"
    )
    (action,) = simulate(workflow_of(text), start=START).actions
    assert action.task.due_at - action.task.assigned_at == timedelta(days=7)
