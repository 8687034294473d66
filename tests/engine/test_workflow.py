"""The engine's rules, one by one, on a small SOP with parallel steps and decisions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine import Actor, OutputRef, RunStatus, TaskStatus, errors, events
from tests.engine.conftest import T0, minutes

KEPALA = Actor("p-kepala")
SEKRETARIS = Actor("p-sekretaris")
DOC = OutputRef("out-1", "disposisi.pdf")


def kinds(transition):
    return [event.kind for event in transition.events]


def open_tasks_by_step(state):
    return sorted((t.step, t.assignee) for t in state.open_tasks())


def test_start_run_assigns_first_step_with_due_time(workflow):
    result = workflow.start_run(run_id="r1", by="p-admin", at=T0)
    assert kinds(result) == ["RunStarted", "TaskAssigned"]
    (task,) = result.state.open_tasks()
    assert (task.step, task.role, task.assignee, task.iteration) == (1, "kepala", "p-kepala", 1)
    assert task.status is TaskStatus.READY
    assert task.due_at == T0 + minutes(15)
    assert result.state.status is RunStatus.ACTIVE


def test_start_task_then_second_start_is_refused(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    started = workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(5))
    assert started.state.task(1).status is TaskStatus.STARTED
    assert started.state.task(1).started_at == T0 + minutes(5)
    with pytest.raises(errors.AlreadyStartedError):
        workflow.start_task(started.state, task_no=1, actor=KEPALA, at=T0 + minutes(6))


def test_output_is_required_before_completion_and_nothing_changes(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    with pytest.raises(errors.OutputRequiredError) as caught:
        workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(10))
    assert caught.value.task_no == 1
    assert caught.value.who == "p-kepala"
    assert caught.value.output == "Disposisi"
    assert state.task(1).status is TaskStatus.READY


def test_times_are_measured_against_the_standard(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    state = workflow.start_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(10)).state
    result = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(40), output=DOC)
    done = result.state.task(1)
    assert (done.lead_minutes, done.processing_minutes, done.late_minutes) == (40, 30, 25)
    assert done.on_time is False
    assert done.completed_by == "p-kepala"
    assert done.output == DOC


def test_transitions_do_not_mutate_the_old_state(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(5), output=DOC)
    assert state.task(1).status is TaskStatus.READY
    assert len(state.tasks) == 1


def test_parallel_step_goes_to_every_holder_and_waits_for_all(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    result = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0 + minutes(5), output=DOC)
    assert kinds(result) == ["TaskCompleted", "StepCompleted"] + ["TaskAssigned"] * 3
    state = result.state
    assert open_tasks_by_step(state) == [(2, "p-bidang-1"), (2, "p-bidang-2"), (2, "p-bidang-3")]
    assert all(t.inputs == (DOC,) for t in state.open_tasks())
    for n, task in enumerate(state.open_tasks()[:2]):
        out = OutputRef(f"data-{n}", "data.xlsx")
        state = workflow.complete_task(
            state, task_no=task.no, actor=Actor(task.assignee), at=T0 + minutes(60), output=out
        ).state
    assert open_tasks_by_step(state) == [(2, "p-bidang-3")]
    last = state.open_tasks()[0]
    result = workflow.complete_task(
        state,
        task_no=last.no,
        actor=Actor("p-bidang-3"),
        at=T0 + minutes(90),
        output=OutputRef("data-2", "data.xlsx"),
    )
    (compile_task,) = result.state.open_tasks()
    assert (compile_task.step, compile_task.assignee) == (3, "p-sekretaris")
    assert [o.ref for o in compile_task.inputs] == ["data-0", "data-1", "data-2"]


T1 = T0 + minutes(120)  # when advance_to_decision assigns the check (step 4)


def advance_to_decision(workflow):
    """Play steps 1-3 and return the state with step 4 (the check) open at T1."""
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    state = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC).state
    for task in state.open_tasks():
        out = OutputRef(f"data-{task.no}", "data.xlsx")
        state = workflow.complete_task(
            state, task_no=task.no, actor=Actor(task.assignee), at=T0, output=out
        ).state
    (compile_task,) = state.open_tasks()
    konsep = OutputRef("konsep-1", "konsep.docx")
    return workflow.complete_task(
        state, task_no=compile_task.no, actor=SEKRETARIS, at=T1, output=konsep
    ).state


def test_decision_step_cannot_be_plainly_completed(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    assert check.step == 4
    with pytest.raises(errors.DecisionRequiredError):
        workflow.complete_task(state, task_no=check.no, actor=KEPALA, at=T0)


def test_send_back_needs_a_reason(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    for reason in (None, "", "   "):
        with pytest.raises(errors.ReasonRequiredError):
            workflow.decide(
                state, task_no=check.no, actor=KEPALA, at=T0, approve=False, reason=reason
            )


def test_send_back_starts_a_new_iteration_with_the_document(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    result = workflow.decide(
        state,
        task_no=check.no,
        actor=KEPALA,
        at=T0 + minutes(150),
        approve=False,
        reason="Angka capaian bidang 2 belum sesuai",
    )
    sent = [e for e in result.events if isinstance(e, events.SentBack)]
    assert len(sent) == 1
    assert (sent[0].from_step, sent[0].to_step, sent[0].iteration) == (4, 3, 2)
    assert sent[0].reason == "Angka capaian bidang 2 belum sesuai"
    (again,) = result.state.open_tasks()
    assert (again.step, again.iteration, again.assignee) == (3, 2, "p-sekretaris")
    assert [o.ref for o in again.inputs] == ["konsep-1"]
    decided = result.state.task(check.no)
    assert (decided.approved, decided.status) == (False, TaskStatus.DONE)
    # the corrected draft comes back to the head as iteration 2 of the check
    fixed = OutputRef("konsep-2", "konsep-v2.docx")
    state = workflow.complete_task(
        result.state, task_no=again.no, actor=SEKRETARIS, at=T0 + minutes(200), output=fixed
    ).state
    (check2,) = state.open_tasks()
    assert (check2.step, check2.iteration, check2.inputs) == (4, 2, (fixed,))


def test_quorum_step_skips_the_rest_and_approval_finishes_the_run(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    state = workflow.decide(state, task_no=check.no, actor=KEPALA, at=T1, approve=True).state
    assert open_tasks_by_step(state) == [(5, "p-sekretaris"), (5, "p-staf")]
    meeting = next(t for t in state.open_tasks() if t.assignee == "p-staf")
    result = workflow.complete_task(state, task_no=meeting.no, actor=Actor("p-staf"), at=T1)
    assert "TaskSkipped" in kinds(result)
    skipped = [t for t in result.state.tasks if t.status is TaskStatus.SKIPPED]
    assert [t.assignee for t in skipped] == ["p-sekretaris"]
    (sign,) = result.state.open_tasks()
    assert sign.step == 6
    assert sign.due_at is None  # "-" means no standard
    with pytest.raises(errors.OutputRequiredError):
        workflow.decide(result.state, task_no=sign.no, actor=KEPALA, at=T1, approve=True)
    final = workflow.decide(
        result.state,
        task_no=sign.no,
        actor=KEPALA,
        at=T1,
        approve=True,
        output=OutputRef("ttd", "laporan.pdf"),
    )
    assert final.state.status is RunStatus.FINISHED
    assert final.state.finished_at == T1
    assert kinds(final)[-1] == "RunFinished"
    assert final.state.open_tasks() == ()


def test_tidak_with_tolak_rejects_the_run(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    state = workflow.decide(state, task_no=check.no, actor=KEPALA, at=T1, approve=True).state
    meeting = state.open_tasks()[0]
    state = workflow.complete_task(
        state, task_no=meeting.no, actor=Actor(meeting.assignee), at=T1
    ).state
    (sign,) = state.open_tasks()
    result = workflow.decide(
        state, task_no=sign.no, actor=KEPALA, at=T1, approve=False, reason="Tidak sesuai RPJMD"
    )
    assert result.state.status is RunStatus.REJECTED
    finished = result.events[-1]
    assert isinstance(finished, events.RunFinished)
    assert (finished.status, finished.reason) == (RunStatus.REJECTED, "Tidak sesuai RPJMD")
    with pytest.raises(errors.RunNotActiveError):
        workflow.start_task(result.state, task_no=sign.no, actor=KEPALA, at=T1)


def test_only_the_assignee_or_acting_official_may_act(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    with pytest.raises(errors.NotAssigneeError) as caught:
        workflow.complete_task(state, task_no=1, actor=SEKRETARIS, at=T0, output=DOC)
    assert (caught.value.who, caught.value.task_no, caught.value.assignee) == (
        "p-sekretaris",
        1,
        "p-kepala",
    )
    plh = Actor("p-sekretaris", acting_for=frozenset({"p-kepala"}))
    result = workflow.complete_task(state, task_no=1, actor=plh, at=T0, output=DOC)
    assert result.state.task(1).completed_by == "p-sekretaris"
    assert result.state.task(1).assignee == "p-kepala"


def test_double_tap_changes_nothing_twice(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    state = workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC).state
    with pytest.raises(errors.TaskNotOpenError) as caught:
        workflow.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC)
    assert caught.value.status == TaskStatus.DONE


def test_unknown_task_is_refused(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    with pytest.raises(errors.UnknownTaskError):
        workflow.start_task(state, task_no=99, actor=KEPALA, at=T0)


def test_reassign_moves_the_task(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    result = workflow.reassign_task(state, task_no=1, to="p-wakil", by="p-admin", at=T0)
    assert kinds(result) == ["TaskReassigned"]
    with pytest.raises(errors.NotAssigneeError):
        workflow.complete_task(result.state, task_no=1, actor=KEPALA, at=T0, output=DOC)
    done = workflow.complete_task(
        result.state, task_no=1, actor=Actor("p-wakil"), at=T0, output=DOC
    )
    assert done.state.task(1).completed_by == "p-wakil"


def test_cancel_run_cancels_open_tasks(workflow):
    state = workflow.start_run(run_id="r1", by="p-admin", at=T0).state
    result = workflow.cancel_run(state, by="p-admin", at=T0 + minutes(1), reason="salah input")
    assert result.state.status is RunStatus.CANCELLED
    assert result.state.task(1).status is TaskStatus.CANCELLED
    assert kinds(result) == ["TaskCancelled", "RunFinished"]
    with pytest.raises(errors.RunNotActiveError):
        workflow.cancel_run(result.state, by="p-admin", at=T0)


def test_missing_role_holder_is_reported(workflow):
    empty = replace(workflow, holders={**workflow.holders, "bidang": []})
    state = empty.start_run(run_id="r1", by="p-admin", at=T0).state
    with pytest.raises(errors.NoHolderError) as caught:
        empty.complete_task(state, task_no=1, actor=KEPALA, at=T0, output=DOC)
    assert (caught.value.role, caught.value.step) == ("bidang", 2)


def test_calendar_standard_lateness_counts_calendar_minutes(workflow):
    state = advance_to_decision(workflow)
    (check,) = state.open_tasks()
    state = workflow.decide(state, task_no=check.no, actor=KEPALA, at=T1, approve=True).state
    meeting = state.open_tasks()[0]
    assert meeting.due_at == T1 + minutes(24 * 60)
    late = workflow.complete_task(
        state, task_no=meeting.no, actor=Actor(meeting.assignee), at=T1 + minutes(24 * 60 + 45)
    )
    assert late.state.task(meeting.no).late_minutes == 45


def test_events_serialise_to_json_ready_dicts(workflow):
    result = workflow.start_run(run_id="r1", by="p-admin", at=T0)
    assigned = result.events[1].to_dict()
    assert assigned["due_at"] == "2026-11-23T01:15:00+00:00"
    assert assigned["assignee"] == "p-kepala"


def test_simulation_plays_to_the_end_with_one_send_back(workflow):
    from bot.engine.simulation import simulate

    result = simulate(workflow, start=T0, send_back_steps={4})
    assert result.state.status is RunStatus.FINISHED
    steps = [(a.task.step, a.task.iteration) for a in result.actions]
    # step 2 has three holders, step 5 needs one of two, step 4 sends back once
    assert steps[:5] == [(1, 1), (2, 1), (2, 1), (2, 1), (3, 1)]
    assert steps[5:] == [(4, 1), (3, 2), (4, 2), (5, 1), (6, 1)]
    assert [a.approved for a in result.actions if a.task.step == 4] == [False, True]
    assert all(a.task.late_minutes in (0, None) for a in result.actions)
    # 15 min + 1 day + 2 h + 30 min + 2 h + 30 min + 24 h on a wall-clock calendar
    assert result.state.finished_at == T0 + minutes(15 + 1440 + 120 + 30 + 120 + 30 + 1440)
