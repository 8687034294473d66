"""The engine refuses time going backwards: no task ends before it was assigned or started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.engine import Actor, OutputRef, TaskStatus, errors
from bot.i18n import use_locale
from tests.engine.conftest import T0, minutes

KEPALA = Actor("p-kepala")
DOC = OutputRef("out-1", "disposisi.pdf")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


def started_run(workflow, at=T0):
    return workflow.start_run(run_id="r1", by="p-admin", at=at).state


def test_completing_before_the_assignment_is_refused_and_nothing_changes(workflow):
    state = started_run(workflow)
    with pytest.raises(errors.TimeWentBackwardsError) as caught:
        workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 - minutes(1), output=DOC)
    error = caught.value
    assert (error.run_id, error.task_no, error.who) == ("r1", 1, "p-kepala")
    assert (error.at, error.earliest) == (T0 - minutes(1), T0)
    assert isinstance(error, errors.EngineError)
    assert state.task(1).status is TaskStatus.READY


def test_completing_before_the_start_is_refused(workflow):
    state = started_run(workflow)
    state = workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(30)).state
    with pytest.raises(errors.TimeWentBackwardsError) as caught:
        workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(10), output=DOC)
    assert caught.value.earliest == T0 + minutes(30)


def test_completing_at_the_instant_of_the_start_is_allowed(workflow):
    state = started_run(workflow)
    state = workflow.start_task(state, task_no=1, actor=KEPALA, at=T0).state
    done = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC)
    assert done.state.task(1).processing_minutes == 0


def test_starting_before_the_assignment_is_refused(workflow):
    state = started_run(workflow)
    with pytest.raises(errors.TimeWentBackwardsError):
        workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 - minutes(5))


def test_deciding_before_the_assignment_is_refused(workflow):
    state = started_run(workflow)
    state = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC).state
    for task in state.open_tasks():
        data = OutputRef(f"data-{task.no}", "data.xlsx")
        state = workflow.complete_task(
            state, task_no=task.no, actor=Actor(task.assignee), at=T0, output=data
        ).state
    (compile_task,) = state.open_tasks()
    konsep = OutputRef("konsep", "konsep.docx")
    state = workflow.complete_task(
        state,
        task_no=compile_task.no,
        actor=Actor("p-sekretaris"),
        at=T0 + minutes(60),
        output=konsep,
    ).state
    (check,) = state.open_tasks()
    with pytest.raises(errors.TimeWentBackwardsError):
        workflow.decide(
            state, task_no=check.no, actor=KEPALA, at=T0 + minutes(59), approve=False, reason="x"
        )


def test_reassigning_before_the_assignment_is_refused(workflow):
    state = started_run(workflow)
    with pytest.raises(errors.TimeWentBackwardsError):
        workflow.reassign_task(state, task_no=1, to="p-lain", by="p-admin", at=T0 - minutes(1))


def test_cancelling_before_an_open_task_was_started_is_refused(workflow):
    state = started_run(workflow)
    state = workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(20)).state
    with pytest.raises(errors.TimeWentBackwardsError) as caught:
        workflow.cancel_run(state, by="p-admin", at=T0 + minutes(10))
    assert (caught.value.task_no, caught.value.earliest) == (1, T0 + minutes(20))
    cancelled = workflow.cancel_run(state, by="p-admin", at=T0 + minutes(20))
    assert cancelled.state.finished_at == T0 + minutes(20)


def test_the_message_says_both_instants_and_what_to_check(workflow):
    state = started_run(workflow)
    with pytest.raises(errors.TimeWentBackwardsError) as caught:
        workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 - minutes(90))
    # Babel writes a narrow no-break space before AM/PM.
    assert caught.value.message.replace("\u202f", " ") == (
        "this action is dated Nov 22, 2026, 11:30:00 PM UTC, before the task or run it acts on "
        "began (Nov 23, 2026, 1:00:00 AM UTC); check the clock of the server"
    )


def test_the_message_in_indonesian(workflow):
    state = started_run(workflow)
    with use_locale("id"), pytest.raises(errors.TimeWentBackwardsError) as caught:
        workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 - minutes(90))
    assert caught.value.message.startswith("tindakan ini bertanggal 22 Nov 2026 23.30.00 UTC")
