"""Play a whole run on a virtual clock: every task takes exactly its standard time.

Used by ``sopbot simulate`` and by the tests that play every seed SOP. Pure like
the rest of the engine: the start instant comes in, nothing reads a clock.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bot.engine.events import Event
from bot.engine.state import Actor, OutputRef, RunState, Task
from bot.engine.workflow import Workflow

SIMULATED_REASON = "Perlu perbaikan (simulasi)"
MAX_ACTIONS = 10_000  # a guard: a valid SOP always ends, but a loop must not hang the CLI


@dataclass(frozen=True, slots=True)
class SimulatedAction:
    """One task as it was finished in the simulation."""

    task: Task
    approved: bool | None


@dataclass(frozen=True, slots=True)
class Simulation:
    """The final state, every finished task in order, and every event."""

    state: RunState
    actions: tuple[SimulatedAction, ...]
    events: tuple[Event, ...]


def _finish_time(task: Task) -> datetime:
    return task.due_at or task.assigned_at


def simulate(
    workflow: Workflow,
    *,
    start: datetime,
    send_back_steps: Collection[int] = (),
    run_id: str = "simulasi",
    by: str = "simulasi",
) -> Simulation:
    """Play a run to its end; each decision in ``send_back_steps`` says *Tidak* once."""
    transition = workflow.start_run(run_id=run_id, by=by, at=start)
    state = transition.state
    events: list[Event] = list(transition.events)
    actions: list[SimulatedAction] = []
    pending_send_backs = set(send_back_steps)
    while state.is_active:
        if len(actions) >= MAX_ACTIONS:
            raise RuntimeError(f"simulation did not end after {MAX_ACTIONS} actions")
        task = min(state.open_tasks(), key=lambda t: (_finish_time(t), t.no))
        step = workflow.sop.step(task.step)
        at = _finish_time(task)
        actor = Actor(task.assignee)
        state = workflow.start_task(state, task_no=task.no, actor=actor, at=task.assigned_at).state
        output = OutputRef(f"sim-{task.no}", step.output) if step.output else None
        approved: bool | None = None
        if step.decision is None:
            transition = workflow.complete_task(
                state, task_no=task.no, actor=actor, at=at, output=output
            )
        else:
            approved = step.number not in pending_send_backs
            pending_send_backs.discard(step.number)
            transition = workflow.decide(
                state,
                task_no=task.no,
                actor=actor,
                at=at,
                approve=approved,
                reason=None if approved else SIMULATED_REASON,
                output=output if approved else None,
            )
        state = transition.state
        events.extend(transition.events)
        finished = state.task(task.no)
        assert finished is not None
        actions.append(SimulatedAction(finished, approved))
    return Simulation(state, tuple(actions), tuple(events))
