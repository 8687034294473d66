"""A person's open tasks, the files sent for them, and *Selesai* with every file.

Every call re-checks against the database who acts: only the assignee, or the
person acting for them (Plh./Plt.) at that instant, may upload to a task or finish it.
A step's output may be several files: the first is the task's ``output`` for the
engine, and every one of them is handed to the next step's tasks as inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.engine import Actor, OutputRef, Task, Transition, Workflow
from bot.engine.errors import (
    NotAssigneeError,
    RunNotActiveError,
    TaskNotOpenError,
    UnknownTaskError,
)
from bot.engine.events import Event, TaskAssigned
from bot.services.conversation_errors import NoOutputExpectedError
from bot.services.errors import NotFoundError

# The run services' own steps (who acts; lock, act, save, record), shared, not copied.
from bot.services.runs import _actor, _in_run
from bot.services.transaction import in_transaction
from bot.sop.model import REJECT
from bot.store import OutputInfo, OutputMeta, RunContext, SqlUnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskView:
    """One task with what the conversation needs to talk about it."""

    run_id: str
    office_id: int
    timezone: str
    sop_name: str
    task: Task
    activity: str
    output: str | None
    needs_output: bool
    is_decision: bool
    can_reject: bool
    files: tuple[OutputInfo, ...] = ()

    @property
    def task_no(self) -> int:
        return self.task.no

    @property
    def step(self) -> int:
        return self.task.step

    def is_late(self, at: datetime) -> bool:
        return self.task.due_at is not None and self.task.due_at < at


def _view(ctx: RunContext, task: Task, files: list[OutputInfo]) -> TaskView:
    step = ctx.sop.step(task.step)
    return TaskView(
        run_id=ctx.state.run_id,
        office_id=ctx.office.id,
        timezone=ctx.office.timezone,
        sop_name=ctx.sop.identity.name,
        task=task,
        activity=step.activity,
        output=step.output,
        needs_output=step.needs_output,
        is_decision=step.decision is not None,
        can_reject=step.decision is not None and step.decision.no == REJECT,
        files=tuple(files),
    )


def _require_open(ctx: RunContext, task_no: int, actor: Actor) -> Task:
    """The open task ``task_no`` if ``actor`` may act on it (the engine's own errors)."""
    state = ctx.state
    if not state.is_active:
        raise RunNotActiveError(run_id=state.run_id, status=state.status, who=actor.person)
    task = state.task(task_no)
    if task is None:
        raise UnknownTaskError(run_id=state.run_id, task_no=task_no, who=actor.person)
    if not task.is_open:
        raise TaskNotOpenError(
            run_id=state.run_id, task_no=task_no, status=task.status, who=actor.person
        )
    if not actor.may_act_for(task.assignee):
        raise NotAssigneeError(
            run_id=state.run_id, task_no=task_no, who=actor.person, assignee=task.assignee
        )
    return task


async def _load(uow: SqlUnitOfWork, run_id: str, *, lock: bool = False) -> RunContext:
    ctx = await uow.runs.get_state(run_id, lock=lock)
    if ctx is None:
        raise NotFoundError(what="run", key=run_id)
    return ctx


async def open_task_for(
    uow: SqlUnitOfWork, *, run_id: str, task_no: int, by: int, at: datetime
) -> TaskView:
    """The open task a button names, if ``by`` may act on it; else the reason why not."""

    async def work() -> TaskView:
        ctx = await _load(uow, run_id)
        actor = _actor(ctx, by=by, at=at)
        task = _require_open(ctx, task_no, actor)
        files = await uow.conversation.task_outputs(run_id=run_id, task_no=task_no)
        return _view(ctx, task, files)

    return await in_transaction(uow, work)


async def attach_output(
    uow: SqlUnitOfWork, *, run_id: str, task_no: int, meta: OutputMeta, by: int, at: datetime
) -> TaskView:
    """Keep an uploaded file with an open task; the same file sent twice is kept once."""

    async def work() -> TaskView:
        # The run's lock orders this upload against a concurrent Selesai on the run.
        ctx = await _load(uow, run_id, lock=True)
        actor = _actor(ctx, by=by, at=at)
        task = _require_open(ctx, task_no, actor)
        if not ctx.sop.step(task.step).output:
            raise NoOutputExpectedError(run_id=run_id, task_no=task_no)
        files = await uow.conversation.task_outputs(run_id=run_id, task_no=task_no)
        known = {file.meta.telegram_file_unique_id for file in files}
        if meta.telegram_file_unique_id not in known:
            files.append(
                await uow.runs.add_output(run_id=run_id, task_no=task_no, meta=meta, by=by, at=at)
            )
        return _view(ctx, task, files)

    return await in_transaction(uow, work)


async def finish_task(
    uow: SqlUnitOfWork, *, run_id: str, task_no: int, by: int, at: datetime
) -> Transition:
    """*Selesai* (or *Setujui* on a decision) with every file sent for the task."""

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        files = await uow.conversation.task_outputs(run_id=run_id, task_no=task_no)
        ref = None if not files else OutputRef(ref=str(files[0].id), name=files[0].meta.file_name)
        task = ctx.state.task(task_no)
        if task is not None and ctx.sop.step(task.step).decision is not None:
            transition = workflow.decide(
                ctx.state, task_no=task_no, actor=actor, at=at, approve=True, output=ref
            )
        else:
            transition = workflow.complete_task(
                ctx.state, task_no=task_no, actor=actor, at=at, output=ref
            )
        return await _hand_every_file(uow, run_id, transition)

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def _hand_every_file(uow: SqlUnitOfWork, run_id: str, transition: Transition) -> Transition:
    """Give newly assigned tasks every file of the tasks whose first file they got."""
    assigned = {event.task_no for event in transition.events if isinstance(event, TaskAssigned)}
    if not assigned:
        return transition
    by_task: dict[int, list[OutputInfo]] = {}
    by_id: dict[str, OutputInfo] = {}
    for info in await uow.runs.outputs_of(run_id):
        by_task.setdefault(info.task_no, []).append(info)
        by_id[str(info.id)] = info
    state = transition.state
    events: list[Event] = []
    for event in transition.events:
        if isinstance(event, TaskAssigned) and event.task_no in assigned:
            task = state.task(event.task_no)
            assert task is not None
            inputs = _every_file(task.inputs, by_id, by_task)
            state = state.with_task(replace(task, inputs=inputs))
            event = replace(event, inputs=inputs)
        events.append(event)
    return Transition(state, tuple(events))


def _every_file(
    refs: tuple[OutputRef, ...], by_id: dict[str, OutputInfo], by_task: dict[int, list[OutputInfo]]
) -> tuple[OutputRef, ...]:
    expanded: dict[str, OutputRef] = {}
    for ref in refs:
        info = by_id.get(ref.ref)
        siblings = [] if info is None else by_task.get(info.task_no, [])
        found = [OutputRef(ref=str(file.id), name=file.meta.file_name) for file in siblings]
        for each in found or [ref]:
            expanded.setdefault(each.ref, each)
    return tuple(expanded.values())


async def open_tasks(uow: SqlUnitOfWork, *, person_id: int, at: datetime) -> list[TaskView]:
    """The person's open tasks (and those of whom they act for), late ones first."""

    async def work() -> list[TaskView]:
        found = list(await uow.runs.open_tasks_of(person_id))
        for member in await uow.memberships.offices_of(person_id):
            acting = await uow.memberships.acting_for(
                office_id=member.office_id, person_id=person_id, at=at
            )
            for other in sorted(acting):
                found.extend(
                    item
                    for item in await uow.runs.open_tasks_of(other)
                    if item.office_id == member.office_id
                )
        contexts: dict[str, RunContext] = {}
        views = []
        for item in found:
            if item.run_id not in contexts:
                contexts[item.run_id] = await _load(uow, item.run_id)
            ctx = contexts[item.run_id]
            task = ctx.state.task(item.task.no) or item.task
            files = await uow.conversation.task_outputs(run_id=item.run_id, task_no=task.no)
            views.append(_view(ctx, task, files))
        return sorted(views, key=lambda view: _urgency(view, at))

    return await in_transaction(uow, work)


def _urgency(view: TaskView, at: datetime) -> tuple[int, datetime, str, int]:
    due = view.task.due_at or datetime.max.replace(tzinfo=at.tzinfo)
    return (0 if view.is_late(at) else 1, due, view.run_id, view.task_no)
