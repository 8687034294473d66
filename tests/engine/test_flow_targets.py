"""Decision targets other than 'the next step', and optional outputs."""

from __future__ import annotations

from bot.engine import Actor, RunStatus, TaskStatus, Workflow
from bot.sop.loader import parse_sop
from tests.engine.conftest import T0, WallClockCalendar

JUMPING_SOP = """
identitas: {nama: Verifikasi Berkas}
peran: {kasubag: Kasubag Umum, staf: Staf}
langkah:
  - nomor: 1
    uraian: Menyiapkan berkas
    pelaksana: staf
    waktu: 1 jam
    output: Berkas
    output_wajib: tidak
  - nomor: 2
    uraian: Memeriksa kelengkapan berkas
    pelaksana: kasubag
    waktu: 10 menit
    keputusan: {pertanyaan: Berkas sudah lengkap?, ya: 4, tidak: 1}
  - nomor: 3
    uraian: Memperbaiki catatan persetujuan
    pelaksana: staf
    waktu: 15 menit
  - nomor: 4
    uraian: Menyetujui berkas
    pelaksana: kasubag
    waktu: 5 menit
    keputusan: {pertanyaan: Setuju?, ya: selesai, tidak: 3}
"""

KASUBAG = Actor("k")
STAF = Actor("s")


def make_workflow():
    sop = parse_sop(JUMPING_SOP, "verifikasi.yaml")
    return Workflow(
        sop=sop, calendar=WallClockCalendar(), holders={"kasubag": ["k"], "staf": ["s"]}
    )


def test_optional_output_can_be_skipped():
    wf = make_workflow()
    state = wf.start_run(run_id="r", by="k", at=T0).state
    state = wf.complete_task(state, task_no=1, actor=STAF, at=T0).state
    assert state.task(1).status is TaskStatus.DONE
    assert state.task(1).output is None


def test_ya_jumps_over_a_step_and_selesai_ends_the_run():
    wf = make_workflow()
    state = wf.start_run(run_id="r", by="k", at=T0).state
    state = wf.complete_task(state, task_no=1, actor=STAF, at=T0).state
    state = wf.decide(state, task_no=2, actor=KASUBAG, at=T0, approve=True).state
    (approve_task,) = state.open_tasks()
    assert approve_task.step == 4
    state = wf.decide(state, task_no=approve_task.no, actor=KASUBAG, at=T0, approve=True).state
    assert state.status is RunStatus.FINISHED
    assert 3 not in {t.step for t in state.tasks}


def test_a_step_reached_only_by_send_back_then_flows_on():
    wf = make_workflow()
    state = wf.start_run(run_id="r", by="k", at=T0).state
    state = wf.complete_task(state, task_no=1, actor=STAF, at=T0).state
    state = wf.decide(state, task_no=2, actor=KASUBAG, at=T0, approve=True).state
    state = wf.decide(
        state, task_no=3, actor=KASUBAG, at=T0, approve=False, reason="Catatan salah"
    ).state
    (fix,) = state.open_tasks()
    assert (fix.step, fix.iteration, fix.assignee) == (3, 1, "s")
    state = wf.complete_task(state, task_no=fix.no, actor=STAF, at=T0).state
    (again,) = state.open_tasks()
    assert (again.step, again.iteration) == (4, 2)
