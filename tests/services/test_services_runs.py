"""A whole run through the services: outputs, a parallel step, a send-back loop."""

from datetime import UTC, datetime

import pytest

from bot.engine import OutputRef, RunState, RunStatus, Task, TaskStatus
from bot.engine.errors import NotAssigneeError, OutputRequiredError
from bot.services import (
    NotAdminError,
    NotAllowedError,
    NotFoundError,
    NotMemberError,
    OutputMeta,
    cancel_run,
    complete_task,
    decide,
    get_run,
    reassign_task,
    set_acting_official,
    start_run,
    start_task,
)


def _file(name: str) -> OutputMeta:
    return OutputMeta(
        telegram_file_id=f"id-{name}", telegram_file_unique_id=f"u-{name}", file_name=name
    )


def _open(state: RunState, step: int) -> list[Task]:
    return [task for task in state.tasks if task.step == step and task.is_open]


async def test_whole_run_with_parallel_step_and_send_back(uow, world, run_events) -> None:
    started = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    run_id = started.state.run_id
    assert len(run_id) <= 12
    assert [event.kind for event in started.events] == ["RunStarted", "TaskAssigned"]
    first = started.state.tasks[0]
    assert first.assignee == str(world.staf)
    # 15 working minutes from Monday 08:00 WIB, by the office's real calendar.
    assert first.due_at == datetime(2026, 1, 12, 1, 15, tzinfo=UTC)

    await start_task(uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(5))
    with pytest.raises(OutputRequiredError):
        await complete_task(uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(10))
    done = await complete_task(
        uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(20), output=_file("disposisi.pdf")
    )
    reviews = _open(done.state, step=2)
    assert sorted(task.assignee for task in reviews) == sorted(
        [str(world.kasubag1), str(world.kasubag2)]
    )
    handed = reviews[0].inputs
    assert handed == (OutputRef(ref=handed[0].ref, name="disposisi.pdf"),)
    assert done.state.task(1).late_minutes == 5

    await complete_task(
        uow, run_id=run_id, task_no=reviews[0].no, by=int(reviews[0].assignee), at=world.at(30)
    )
    after_both = await complete_task(
        uow, run_id=run_id, task_no=reviews[1].no, by=int(reviews[1].assignee), at=world.at(40)
    )
    (decision,) = _open(after_both.state, step=3)
    sent_back = await decide(
        uow,
        run_id=run_id,
        task_no=decision.no,
        by=world.kepala,
        at=world.at(60),
        approve=False,
        reason="Lampiran kurang",
    )
    assert "SentBack" in [event.kind for event in sent_back.events]
    (again,) = _open(sent_back.state, step=1)
    assert again.iteration == 2 and again.inputs == handed

    state = (
        await complete_task(
            uow,
            run_id=run_id,
            task_no=again.no,
            by=world.staf,
            at=world.at(70),
            output=_file("disposisi-2.pdf"),
        )
    ).state
    for task in _open(state, step=2):
        state = (
            await complete_task(
                uow, run_id=run_id, task_no=task.no, by=int(task.assignee), at=world.at(80)
            )
        ).state
    (decision,) = _open(state, step=3)
    state = (
        await decide(
            uow, run_id=run_id, task_no=decision.no, by=world.kepala, at=world.at(90), approve=True
        )
    ).state
    (archive,) = _open(state, step=4)
    finished = await complete_task(
        uow, run_id=run_id, task_no=archive.no, by=world.staf, at=world.at(100)
    )
    assert finished.events[-1].kind == "RunFinished"

    loaded = await get_run(uow, run_id=run_id)
    assert loaded.state.status is RunStatus.FINISHED
    assert loaded.state == finished.state
    assert all(task.status is TaskStatus.DONE for task in loaded.state.tasks)
    events = await run_events(run_id)
    kinds = [event.kind for event in events]
    assert kinds.count("TaskCompleted") == 9 and kinds.count("SentBack") == 1
    assert kinds[-1] == "RunFinished" and events[-1].payload["status"] == "finished"
    assert events[0].at == world.t0 and events[0].recorded_at is not None
    assert events[0].recorded_at.tzinfo is UTC
    async with uow:
        assert await uow.outbox.pending_count() == len(await uow.outbox.messages(run_id=run_id))


async def test_acting_official_may_act_and_a_stranger_may_not(uow, world, run_events) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    run_id = run.state.run_id
    await set_acting_official(
        uow,
        office_id=world.office_id,
        person_id=world.plh,
        for_person_id=world.staf,
        starts_at=world.t0,
        ends_at=world.at(60),
        by=world.admin,
        at=world.t0,
    )
    before = len(await run_events(run_id))
    with pytest.raises(NotAssigneeError):
        await start_task(uow, run_id=run_id, task_no=1, by=world.stranger, at=world.at(1))
    with pytest.raises(NotAssigneeError):
        await complete_task(
            uow, run_id=run_id, task_no=1, by=world.stranger, at=world.at(2), output=_file("x.pdf")
        )
    with pytest.raises(NotAssigneeError):  # the appointment has ended by then
        await start_task(uow, run_id=run_id, task_no=1, by=world.plh, at=world.at(60))
    assert len(await run_events(run_id)) == before
    async with uow:
        assert await uow.runs.outputs_of(run_id) == []  # the refused upload was rolled back
    acted = await complete_task(
        uow, run_id=run_id, task_no=1, by=world.plh, at=world.at(10), output=_file("surat.pdf")
    )
    task = acted.state.task(1)
    assert task.completed_by == str(world.plh) and task.assignee == str(world.staf)
    async with uow:
        (stored,) = await uow.runs.outputs_of(run_id)
    assert task.output is not None and task.output.ref == str(stored.id)
    assert stored.meta == _file("surat.pdf") and stored.uploaded_by == world.plh


async def test_only_admins_appoint_acting_officials(uow, world) -> None:
    with pytest.raises(NotAdminError):
        await set_acting_official(
            uow,
            office_id=world.office_id,
            person_id=world.plh,
            for_person_id=world.kepala,
            starts_at=world.t0,
            ends_at=None,
            by=world.kepala,
            at=world.t0,
        )


async def test_reassign_is_for_admins_and_cancel_for_starter_or_admin(
    uow, world, run_events
) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    run_id = run.state.run_id
    with pytest.raises(NotAdminError):
        await reassign_task(
            uow, run_id=run_id, task_no=1, to=world.plh, by=world.staf, at=world.at(1)
        )
    with pytest.raises(NotMemberError):
        outsider = 10_000
        await reassign_task(
            uow, run_id=run_id, task_no=1, to=outsider, by=world.admin, at=world.at(1)
        )
    moved = await reassign_task(
        uow, run_id=run_id, task_no=1, to=world.plh, by=world.admin, at=world.at(2)
    )
    assert moved.state.task(1).assignee == str(world.plh)
    with pytest.raises(NotAllowedError):
        await cancel_run(uow, run_id=run_id, by=world.stranger, at=world.at(3))
    cancelled = await cancel_run(
        uow, run_id=run_id, by=world.staf, at=world.at(4), reason="salah kirim"
    )
    assert cancelled.state.status is RunStatus.CANCELLED
    assert [event.kind for event in await run_events(run_id)][-2:] == [
        "TaskCancelled",
        "RunFinished",
    ]


async def test_unknown_run_and_sop_and_non_members(uow, world) -> None:
    with pytest.raises(NotFoundError):
        await start_task(uow, run_id="nope", task_no=1, by=world.staf, at=world.t0)
    with pytest.raises(NotFoundError):
        await start_run(
            uow, office_id=world.office_id, sop_key="tidak-ada", by=world.staf, at=world.t0
        )
    with pytest.raises(NotMemberError):
        await start_run(
            uow, office_id=world.office_id, sop_key=world.sop_key, by=10_000, at=world.t0
        )
