"""Task cards as their reader sees them: both languages, the office's zone, every state."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.engine import Actor, RunState, Task, TaskStatus, Workflow
from bot.i18n import use_locale
from bot.render.dates import office_time
from bot.render.task_card import CardView
from bot.sop.model import Sop
from bot.tg.callbacks import MAX_CALLBACK_BYTES, TaskAction, TaskButton
from bot.tg.cards import card_keyboard, render_card
from bot.worktime import WorkCalendar
from tests.conftest import SAMPLE_SOP

# Friday 20 November 2026, 08:20 UTC = 15:20 WIB = 16:20 WITA = 17:20 WIT.
INSTANT = datetime(2026, 11, 20, 8, 20, tzinfo=UTC)
NAMES = {"1": "Sari", "2": "Budi", "3": "Rina", "4": "Kepala", "9": "Plh. Kepala"}


@pytest.mark.parametrize(
    ("locale", "zone", "expected"),
    [
        ("id", "Asia/Jakarta", "Jum, 20 Nov 2026 15:20 WIB"),
        ("id", "Asia/Makassar", "Jum, 20 Nov 2026 16:20 WITA"),
        ("id", "Asia/Jayapura", "Jum, 20 Nov 2026 17:20 WIT"),
        ("en", "Asia/Jakarta", "Fri, 20 Nov 2026 15:20 WIB"),
        ("en", "Asia/Makassar", "Fri, 20 Nov 2026 16:20 WITA"),
        ("id", "Asia/Singapore", "Jum, 20 Nov 2026 16:20 +0800"),
    ],
)
def test_dates_in_the_readers_locale_and_the_offices_zone(
    locale: str, zone: str, expected: str
) -> None:
    with use_locale(locale):
        assert office_time(INSTANT, zone) == expected


def _sop(**changes: object) -> Sop:
    definition = {**SAMPLE_SOP, "langkah": [dict(step) for step in SAMPLE_SOP["langkah"]]}
    for number, fields in changes.items():
        definition["langkah"][int(number.removeprefix("s")) - 1].update(fields)
    return Sop.model_validate(definition)


def _played(sop: Sop, until_step: int) -> RunState:
    """A run of ``sop`` played by the engine until ``until_step`` is open (Monday 08:00 WIB)."""
    calendar = WorkCalendar(timezone="Asia/Jakarta")
    flow = Workflow(sop, calendar, {"staf": ["1"], "kasubag": ["2", "3"], "kepala": ["4"]})
    at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    state = flow.start_run(run_id="R" * 12, by="1", at=at).state
    while not any(t.step == until_step and t.is_open for t in state.tasks):
        task = state.open_tasks()[0]
        at += timedelta(minutes=10)
        state = flow.complete_task(
            state, task_no=task.no, actor=Actor(task.assignee), at=at, output=None
        ).state
    return state


def _view(state: RunState, sop: Sop, task_no: int, owner: str, **kw: object) -> CardView:
    task = state.task(task_no)
    assert task is not None
    return CardView(
        sop=sop,
        timezone="Asia/Jakarta",
        run_number=7,
        state=state,
        task=task,
        owner=owner,
        names=NAMES,
        **kw,  # type: ignore[arg-type]
    )


def _last_line(view: CardView, locale: str = "id") -> str:
    with use_locale(locale):
        return render_card(view).text.splitlines()[-1]


def test_a_decision_that_can_only_reject_offers_approve_and_reject() -> None:
    sop = _sop(s1={"output": None}, s3={"keputusan": {"pertanyaan": "Sah?", "tidak": "tolak"}})
    state = _played(sop, until_step=3)
    view = _view(state, sop, 4, owner="4")
    with use_locale("id"):
        labels = [
            (b.text, b.callback_data) for row in card_keyboard(view).inline_keyboard for b in row
        ]
    assert labels == [
        ("Setujui", TaskButton(TaskAction.APPROVE, state.run_id, 4).encode()),
        ("Tolak", TaskButton(TaskAction.REJECT, state.run_id, 4).encode()),
    ]
    with use_locale("en"):
        text = render_card(view).text
    assert text.splitlines()[:4] == [
        "Penanganan Surat Masuk · run 7",
        "Step 3 of 4",
        "Memutuskan disposisi",
        "Decision: Sah?",
    ]
    assert "Time standard: 1 working day" in text


def test_a_task_done_by_an_acting_official_says_by_whom() -> None:
    sop = _sop(s1={"output": None})
    state = _played(sop, until_step=3)
    flow = Workflow(sop, WorkCalendar(), {"staf": ["1"], "kasubag": ["2", "3"], "kepala": ["4"]})
    decided = flow.decide(
        state,
        task_no=4,
        actor=Actor("9", acting_for=frozenset({"4"})),
        at=state.task(4).assigned_at + timedelta(minutes=90),
        approve=True,
    ).state
    view = _view(decided, sop, 4, owner="4")
    assert (
        _last_line(view)
        == "Disetujui · 1 jam 30 menit (baku 1 hari kerja) · tepat waktu · oleh Plh. Kepala"
    )
    assert card_keyboard(view) is None


def test_a_task_given_to_someone_else_says_so_on_both_cards() -> None:
    sop = _sop(s1={"output": None})
    state = _played(sop, until_step=1)
    moved = state.with_task(replace(state.task(1), assignee="2"))
    assert _last_line(_view(moved, sop, 1, owner="1")) == (
        "Dialihkan kepada Budi; Anda tidak perlu menindaklanjutinya lagi."
    )
    assert card_keyboard(_view(moved, sop, 1, owner="1")) is None
    new = _view(moved, sop, 1, owner="2", reassigned_by="4")
    with use_locale("en"):
        assert "Given to you by: Kepala" in render_card(new).text
    assert card_keyboard(new) is not None


def test_measures_without_a_standard_and_in_calendar_time() -> None:
    sop = _sop(s1={"output": None, "waktu": "-"}, s4={"waktu": "1 x 24 jam"})
    state = _played(sop, until_step=1)
    task = state.task(1)
    done = state.with_task(
        replace(task, status=TaskStatus.DONE, lead_minutes=12, late_minutes=None)
    )
    assert _last_line(_view(done, sop, 1, owner="1")) == "Selesai · 12 menit"
    with use_locale("id"):
        assert "Waktu baku" not in render_card(_view(state, sop, 1, owner="1")).text
    archive = Task(
        no=9,
        step=4,
        iteration=1,
        role="staf",
        assignee="1",
        assigned_at=task.assigned_at,
        standard=sop.standard_of(sop.step(4)),
    )
    with use_locale("en"):
        text = render_card(_view(state.with_task(archive), sop, 9, owner="1")).text
    assert "Time standard: 1 day (calendar time)" in text


def test_late_in_english() -> None:
    sop = _sop(s1={"output": None})
    state = _played(sop, until_step=1)
    late = state.with_task(
        replace(state.task(1), status=TaskStatus.DONE, lead_minutes=80, late_minutes=65)
    )
    assert _last_line(_view(late, sop, 1, owner="1"), "en") == (
        "Done · 1 hour 20 minutes (standard 15 minutes) · late by 1 hour 5 minutes"
    )
    assert _last_line(_view(late, sop, 1, owner="1")) == (
        "Selesai · 1 jam 20 menit (baku 15 menit) · terlambat 1 jam 5 menit"
    )


def test_every_button_fits_telegrams_callback_limit() -> None:
    for action in TaskAction:
        data = TaskButton(action, "x" * 12, 999_999).encode()
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
