"""Running SOPs: every button press is one transaction around one engine transition.

Each action loads the run (locking it) with its own SOP version and its office's
people (cached per process while the office's revision is unchanged), builds the
`Workflow`, resolves who is acting (with their Plh./Plt. appointments at ``at``),
applies the engine, saves the state, and writes every event to the event log and the
outbox before committing.
Person ids are ints here and text inside the engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.engine import Actor, OutputRef, Transition, Workflow
from bot.services.calendar import office_calendar
from bot.services.errors import NotAllowedError, NotFoundError
from bot.services.group_notify import notify_group
from bot.services.limits import checked_output, checked_text
from bot.services.notify import messages_for
from bot.services.offices import require_admin, require_member
from bot.services.startable import require_startable
from bot.services.transaction import in_transaction
from bot.store import EventEntry, OutputMeta, RunContext, SqlUnitOfWork

# What a service does with a loaded run: checks, stores, then one engine call.
Action = Callable[[RunContext, Workflow, Actor], Awaitable[Transition]]


def _workflow(ctx: RunContext) -> Workflow:
    return Workflow(ctx.sop, office_calendar(ctx.office), ctx.people.holders_text)


def _actor(ctx: RunContext, *, by: int, at: datetime) -> Actor:
    acting = ctx.people.acting_for(by, at)
    return Actor(person=str(by), acting_for=frozenset(str(person) for person in acting))


async def _load(uow: SqlUnitOfWork, run_id: str) -> RunContext:
    ctx = await uow.runs.get_state(run_id, lock=True)
    if ctx is None:
        raise NotFoundError(what="run", key=run_id)
    return ctx


async def _record(uow: SqlUnitOfWork, *, office_id: int, transition: Transition) -> None:
    """Every event into the event log, and the messages they cause into the outbox."""
    entries = [
        EventEntry(
            kind=event.kind,
            at=event.at,
            payload=event.to_dict(),
            run_id=event.run_id,
            office_id=office_id,
        )
        for event in transition.events
    ]
    await uow.events.append(entries=entries)
    await uow.outbox.add(rows=messages_for(transition, office_id=office_id))
    await notify_group(uow, office_id=office_id, transition=transition)


async def _output_ref(
    uow: SqlUnitOfWork,
    *,
    run_id: str,
    task_no: int,
    output: OutputMeta | None,
    by: int,
    at: datetime,
) -> OutputRef | None:
    if output is None:
        return None
    output = checked_output(output)
    stored = await uow.runs.add_output(run_id=run_id, task_no=task_no, meta=output, by=by, at=at)
    return OutputRef(ref=str(stored.id), name=output.file_name)


async def _act(
    uow: SqlUnitOfWork, *, run_id: str, by: int, at: datetime, action: Action
) -> Transition:
    """Lock and load the run, apply ``action``, save, record (inside a transaction)."""
    # The run's lock comes first, before anything writes rows of this run: actions on
    # one run then queue on that single row instead of interleaving their writes.
    ctx = await _load(uow, run_id)
    workflow = _workflow(ctx)
    actor = _actor(ctx, by=by, at=at)
    transition = await action(ctx, workflow, actor)
    await uow.runs.save_state(transition.state)
    await _record(uow, office_id=ctx.office.id, transition=transition)
    return transition


async def _in_run(
    uow: SqlUnitOfWork, *, run_id: str, by: int, at: datetime, action: Action
) -> Transition:
    """One service call on an existing run: ``_act`` in a retried transaction."""
    return await in_transaction(uow, lambda: _act(uow, run_id=run_id, by=by, at=at, action=action))


async def start_run(
    uow: SqlUnitOfWork, *, office_id: int, sop_key: str, by: int, at: datetime
) -> Transition:
    """Start the current version of an SOP; the run keeps that version to its end."""

    async def work() -> Transition:
        people = await uow.offices.snapshot(office_id)
        if people is None:
            raise NotFoundError(what="office", key=office_id)
        await require_member(uow, office_id=office_id, person_id=by)
        version = await uow.sops.current(office_id=office_id, sop_key=sop_key)
        sop = None if version is None else await uow.sops.sop_of(version.id)
        if version is None or sop is None:
            raise NotFoundError(what="SOP", key=sop_key)
        await require_startable(uow, office_id=office_id, sop=sop, by=by, holders=people.holders)
        workflow = Workflow(sop, office_calendar(people.office), people.holders_text)
        transition = workflow.start_run(run_id=uow.runs.new_id(), by=str(by), at=at)
        await uow.runs.create(
            state=transition.state, office_id=office_id, sop_version_id=version.id
        )
        await _record(uow, office_id=office_id, transition=transition)
        return transition

    # A clash of random run ids is a unique violation: the retry draws a new id.
    return await in_transaction(uow, work)


async def start_task(
    uow: SqlUnitOfWork, *, run_id: str, task_no: int, by: int, at: datetime
) -> Transition:
    """*Mulai*: the assignee (or their acting official) starts a task."""

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        return workflow.start_task(ctx.state, task_no=task_no, actor=actor, at=at)

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def complete_task(
    uow: SqlUnitOfWork,
    *,
    run_id: str,
    task_no: int,
    by: int,
    at: datetime,
    output: OutputMeta | None = None,
) -> Transition:
    """*Selesai*: complete a task, storing its output file when one is sent."""

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        # Stored before the engine decides; a refusal rolls the row back with the rest.
        ref = await _output_ref(uow, run_id=run_id, task_no=task_no, output=output, by=by, at=at)
        return workflow.complete_task(ctx.state, task_no=task_no, actor=actor, at=at, output=ref)

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def decide(
    uow: SqlUnitOfWork,
    *,
    run_id: str,
    task_no: int,
    by: int,
    at: datetime,
    approve: bool,
    reason: str | None = None,
    output: OutputMeta | None = None,
) -> Transition:
    """*Ya* goes on; *Tidak* (with a reason) sends back or rejects."""
    if reason is not None:
        checked_text(reason, field="reason", table="tasks", column="reason")

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        ref = await _output_ref(uow, run_id=run_id, task_no=task_no, output=output, by=by, at=at)
        return workflow.decide(
            ctx.state,
            task_no=task_no,
            actor=actor,
            at=at,
            approve=approve,
            reason=reason,
            output=ref,
        )

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def reassign_task(
    uow: SqlUnitOfWork, *, run_id: str, task_no: int, to: int, by: int, at: datetime
) -> Transition:
    """An office admin gives an open task to another member."""

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        await require_admin(uow, office_id=ctx.office.id, person_id=by)
        await require_member(uow, office_id=ctx.office.id, person_id=to)
        return workflow.reassign_task(ctx.state, task_no=task_no, to=str(to), by=str(by), at=at)

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def cancel_run(
    uow: SqlUnitOfWork, *, run_id: str, by: int, at: datetime, reason: str | None = None
) -> Transition:
    """Cancel a run: its starter or an office admin may."""
    if reason is not None:
        checked_text(reason, field="reason", table="tasks", column="reason")

    async def action(ctx: RunContext, workflow: Workflow, actor: Actor) -> Transition:
        if ctx.state.started_by != str(by):
            member = await uow.memberships.member(office_id=ctx.office.id, person_id=by)
            if member is None or not member.is_admin:
                raise NotAllowedError(action="cancel", person_id=by, run_id=run_id)
        return workflow.cancel_run(ctx.state, by=str(by), at=at, reason=reason)

    return await _in_run(uow, run_id=run_id, by=by, at=at, action=action)


async def get_run(uow: SqlUnitOfWork, *, run_id: str) -> RunContext:
    """A run's state, SOP and office, for showing it."""

    async def work() -> RunContext:
        ctx = await uow.runs.get_state(run_id)
        if ctx is None:
            raise NotFoundError(what="run", key=run_id)
        return ctx

    return await in_transaction(uow, work)
