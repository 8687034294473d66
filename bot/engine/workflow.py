"""The workflow engine: pure transitions over (SOP, run state) -> (new state, events).

No I/O and no clock reads: every instant comes in as ``at``; deadlines and working
minutes come from a calendar passed in (see `Deadlines`). Who holds which role
comes in as ``holders`` (role key -> person ids, the primary holder first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from bot.engine import errors
from bot.engine.events import (
    Approved,
    Event,
    RunFinished,
    RunStarted,
    SentBack,
    StepCompleted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskReassigned,
    TaskSkipped,
    TaskStarted,
)
from bot.engine.state import Actor, OutputRef, RunState, RunStatus, Task, TaskStatus
from bot.sop.model import END, REJECT, Sop, Step
from bot.sop.waktu import Standard, StandardKind


class Deadlines(Protocol):
    """What the engine needs of a working-time calendar."""

    def due(self, start: datetime, standard: Standard) -> datetime | None: ...

    def working_minutes(self, start: datetime, end: datetime) -> int: ...


@dataclass(frozen=True, slots=True)
class Transition:
    """The state after an action and the events it produced."""

    state: RunState
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Workflow:
    """Runs one SOP definition for one office: its calendar and its role holders."""

    sop: Sop
    calendar: Deadlines
    holders: Mapping[str, Sequence[str]]

    # -- public actions -------------------------------------------------------------

    def start_run(self, *, run_id: str, by: str, at: datetime) -> Transition:
        """Start a run: the first step is assigned."""
        state = RunState(run_id=run_id, sop_key=self.sop.key, started_at=at, started_by=by)
        first = self.sop.steps[0]
        state, events = self._activate(state, first, at=at, inputs=())
        return Transition(state, (RunStarted(run_id, at, self.sop.key, by), *events))

    def start_task(
        self, state: RunState, *, task_no: int, actor: Actor, at: datetime
    ) -> Transition:
        """Mark a task started (*Mulai*)."""
        task = self._open_task(state, task_no, actor)
        if task.status is TaskStatus.STARTED:
            raise errors.AlreadyStartedError(run_id=state.run_id, task_no=task_no, who=actor.person)
        _require_not_before(state, task, at, actor.person)
        started = replace(task, status=TaskStatus.STARTED, started_at=at)
        event = TaskStarted(state.run_id, at, task_no, task.step, actor.person)
        return Transition(state.with_task(started), (event,))

    def complete_task(
        self,
        state: RunState,
        *,
        task_no: int,
        actor: Actor,
        at: datetime,
        output: OutputRef | None = None,
    ) -> Transition:
        """Complete a task (*Selesai*), with its output when the step has one."""
        task = self._open_task(state, task_no, actor)
        step = self.sop.step(task.step)
        if step.decision is not None:
            raise errors.DecisionRequiredError(
                run_id=state.run_id, task_no=task_no, who=actor.person
            )
        self._require_output(state, task, step, actor, output)
        _require_not_before(state, task, at, actor.person)
        done = self._finish(task, actor, at, output=output)
        state = state.with_task(done)
        events: list[Event] = [self._completed_event(state, done, at)]
        state, more = self._after_completion(state, step, done, at)
        return Transition(state, (*events, *more))

    def decide(
        self,
        state: RunState,
        *,
        task_no: int,
        actor: Actor,
        at: datetime,
        approve: bool,
        reason: str | None = None,
        output: OutputRef | None = None,
    ) -> Transition:
        """Take a decision: *Ya* goes on, *Tidak* (with a reason) sends back or rejects."""
        task = self._open_task(state, task_no, actor)
        step = self.sop.step(task.step)
        if step.decision is None:
            raise errors.NotADecisionError(run_id=state.run_id, task_no=task_no, who=actor.person)
        if approve:
            self._require_output(state, task, step, actor, output)
        elif not (reason and reason.strip()):
            raise errors.ReasonRequiredError(run_id=state.run_id, task_no=task_no, who=actor.person)
        _require_not_before(state, task, at, actor.person)
        done = self._finish(task, actor, at, output=output, approved=approve, reason=reason)
        state = state.with_task(done)
        events: list[Event] = [self._completed_event(state, done, at)]
        if approve:
            events.append(Approved(state.run_id, at, done.no, step.number, actor.person))
            events.append(StepCompleted(state.run_id, at, step.number, done.iteration))
            state, more = self._follow(state, step.decision.yes, step, done, at)
        else:
            state, more = self._send_back(state, step, done, at, actor, (reason or "").strip())
        return Transition(state, (*events, *more))

    def reassign_task(
        self, state: RunState, *, task_no: int, to: str, by: str, at: datetime
    ) -> Transition:
        """Give an open task to another person (the caller checks that ``by`` may do so)."""
        task = self._open_task(state, task_no, None)
        _require_not_before(state, task, at, by)
        moved = replace(task, assignee=to)
        event = TaskReassigned(state.run_id, at, task_no, task.step, task.assignee, to, by)
        return Transition(state.with_task(moved), (event,))

    def cancel_run(
        self, state: RunState, *, by: str, at: datetime, reason: str | None = None
    ) -> Transition:
        """Cancel an active run and every open task."""
        self._require_active(state, by)
        for task in state.open_tasks():
            _require_not_before(state, task, at, by)
        if at < state.started_at:
            raise errors.TimeWentBackwardsError(
                run_id=state.run_id, at=at, earliest=state.started_at, who=by
            )
        state, events = self._close(state, RunStatus.CANCELLED, at, by, reason)
        return Transition(state, tuple(events))

    # -- checks -----------------------------------------------------------------------

    def _require_active(self, state: RunState, who: str | None) -> None:
        if not state.is_active:
            raise errors.RunNotActiveError(run_id=state.run_id, status=state.status, who=who)

    def _open_task(self, state: RunState, task_no: int, actor: Actor | None) -> Task:
        who = actor.person if actor else None
        self._require_active(state, who)
        task = state.task(task_no)
        if task is None:
            raise errors.UnknownTaskError(run_id=state.run_id, task_no=task_no, who=who)
        if not task.is_open:
            raise errors.TaskNotOpenError(
                run_id=state.run_id, task_no=task_no, status=task.status, who=who
            )
        if actor is not None and not actor.may_act_for(task.assignee):
            raise errors.NotAssigneeError(
                run_id=state.run_id, task_no=task_no, who=actor.person, assignee=task.assignee
            )
        return task

    def _require_output(
        self, state: RunState, task: Task, step: Step, actor: Actor, output: OutputRef | None
    ) -> None:
        if step.needs_output and output is None:
            raise errors.OutputRequiredError(
                run_id=state.run_id, task_no=task.no, who=actor.person, output=step.output or ""
            )

    # -- measuring --------------------------------------------------------------------

    def _finish(
        self,
        task: Task,
        actor: Actor,
        at: datetime,
        *,
        output: OutputRef | None,
        approved: bool | None = None,
        reason: str | None = None,
    ) -> Task:
        """Close a task with its timestamps and its working-time measures."""
        began = task.started_at or task.assigned_at
        return replace(
            task,
            status=TaskStatus.DONE,
            completed_at=at,
            completed_by=actor.person,
            output=output,
            approved=approved,
            reason=reason,
            lead_minutes=self.calendar.working_minutes(task.assigned_at, at),
            processing_minutes=self.calendar.working_minutes(began, at),
            late_minutes=self._lateness(task, at),
        )

    def _lateness(self, task: Task, at: datetime) -> int | None:
        if task.due_at is None:
            return None
        if at <= task.due_at:
            return 0
        if task.standard.kind is StandardKind.CALENDAR_MINUTES:
            return int((at - task.due_at).total_seconds() // 60)
        return self.calendar.working_minutes(task.due_at, at)

    def _completed_event(self, state: RunState, task: Task, at: datetime) -> TaskCompleted:
        return TaskCompleted(
            state.run_id,
            at,
            task.no,
            task.step,
            task.iteration,
            task.completed_by or "",
            task.assignee,
            task.output,
            task.late_minutes,
        )

    # -- moving through the flow ------------------------------------------------------

    def _after_completion(
        self, state: RunState, step: Step, done: Task, at: datetime
    ) -> tuple[RunState, list[Event]]:
        """Finish the step when enough of its parallel tasks are done, then go on."""
        siblings = state.tasks_of(step.number, done.iteration)
        finished = [t for t in siblings if t.status is TaskStatus.DONE]
        needed = step.required or len(siblings)
        if len(finished) < min(needed, len(siblings)):
            return state, []
        events: list[Event] = []
        for task in siblings:
            if task.is_open:
                state = state.with_task(replace(task, status=TaskStatus.SKIPPED))
                events.append(TaskSkipped(state.run_id, at, task.no, task.step, task.assignee))
        events.append(StepCompleted(state.run_id, at, step.number, done.iteration))
        state, more = self._follow(state, None, step, done, at)
        return state, events + more

    def _follow(
        self, state: RunState, target: int | str | None, step: Step, done: Task, at: datetime
    ) -> tuple[RunState, list[Event]]:
        """Go to ``target`` (None: the next step in the table; END: the run finishes)."""
        nxt = self.sop.next_step(step.number) if target is None else None
        if isinstance(target, int):
            nxt = self.sop.step(target)
        if nxt is None or target == END:
            state, events = self._close(state, RunStatus.FINISHED, at, done.completed_by or "")
            return state, events
        outputs = tuple(
            t.output
            for t in state.tasks_of(step.number, done.iteration)
            if t.status is TaskStatus.DONE and t.output is not None
        )
        return self._activate(state, nxt, at=at, inputs=outputs or done.inputs)

    def _send_back(
        self, state: RunState, step: Step, done: Task, at: datetime, actor: Actor, reason: str
    ) -> tuple[RunState, list[Event]]:
        assert step.decision is not None
        target = step.decision.no
        if target == REJECT:
            return self._close(state, RunStatus.REJECTED, at, actor.person, reason)
        assert isinstance(target, int)
        back_to = self.sop.step(target)
        iteration = state.iterations_of(back_to.number) + 1
        event = SentBack(
            state.run_id, at, done.no, step.number, target, iteration, actor.person, reason
        )
        # The document under review goes back with the task, so it can be corrected.
        state, more = self._activate(state, back_to, at=at, inputs=done.inputs)
        return state, [event, *more]

    def _assignees(self, state: RunState, step: Step) -> list[tuple[str, str]]:
        """(role, person) pairs for a step: the primary holder, or every holder."""
        pairs: list[tuple[str, str]] = []
        for role in step.actors:
            people = list(dict.fromkeys(self.holders.get(role, ())))
            if not people:
                raise errors.NoHolderError(run_id=state.run_id, role=role, step=step.number)
            chosen = people if step.each_holder else people[:1]
            pairs.extend((role, person) for person in chosen)
        return pairs

    def _activate(
        self, state: RunState, step: Step, *, at: datetime, inputs: tuple[OutputRef, ...]
    ) -> tuple[RunState, list[Event]]:
        """Assign a step: one task per assignee, with its standard and due time."""
        iteration = state.iterations_of(step.number) + 1
        standard = self.sop.standard_of(step)
        due = self.calendar.due(at, standard)
        events: list[Event] = []
        next_no = max((t.no for t in state.tasks), default=0) + 1
        for offset, (role, person) in enumerate(self._assignees(state, step)):
            task = Task(
                no=next_no + offset,
                step=step.number,
                iteration=iteration,
                role=role,
                assignee=person,
                assigned_at=at,
                standard=standard,
                due_at=due,
                inputs=inputs,
            )
            state = state.with_task(task)
            events.append(
                TaskAssigned(
                    state.run_id, at, task.no, step.number, iteration, role, person, due, inputs
                )
            )
        return state, events

    def _close(
        self, state: RunState, status: RunStatus, at: datetime, by: str, reason: str | None = None
    ) -> tuple[RunState, list[Event]]:
        """End the run; open tasks are cancelled."""
        events: list[Event] = []
        for task in state.open_tasks():
            state = state.with_task(replace(task, status=TaskStatus.CANCELLED))
            events.append(TaskCancelled(state.run_id, at, task.no, task.step, task.assignee))
        state = replace(state, status=status, finished_at=at)
        events.append(RunFinished(state.run_id, at, status, by, reason))
        return state, events


def _require_not_before(state: RunState, task: Task, at: datetime, who: str | None) -> None:
    """Refuse an instant before the task was assigned or, once started, before its start."""
    earliest = task.started_at or task.assigned_at
    if at < earliest:
        raise errors.TimeWentBackwardsError(
            run_id=state.run_id, at=at, earliest=earliest, task_no=task.no, who=who
        )
