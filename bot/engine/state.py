"""Run and task state: immutable values that every engine transition replaces."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from bot.sop.waktu import NO_STANDARD, Standard


class TaskStatus(StrEnum):
    """Where one task stands.

    READY: assigned and notified, nobody pressed *Mulai* yet.
    STARTED: the assignee pressed *Mulai*.
    DONE: completed (for a decision step: decided, either way).
    SKIPPED: a parallel step reached its quorum before this task was done.
    CANCELLED: the run was cancelled or rejected while the task was open.
    """

    READY = "ready"
    STARTED = "started"
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


OPEN_TASK_STATUSES = frozenset({TaskStatus.READY, TaskStatus.STARTED})


class RunStatus(StrEnum):
    """Where a run stands: ACTIVE until it finishes, is rejected or is cancelled."""

    ACTIVE = "active"
    FINISHED = "finished"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class OutputRef:
    """An output document handed from task to task; ``ref`` is opaque to the engine."""

    ref: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who presses the button: a person, and whom they currently act for (Plh./Plt.)."""

    person: str
    acting_for: frozenset[str] = frozenset()

    def may_act_for(self, assignee: str) -> bool:
        return assignee == self.person or assignee in self.acting_for


@dataclass(frozen=True, slots=True)
class Task:
    """One step for one assignee in one iteration, with every timestamp and measure."""

    no: int
    step: int
    iteration: int
    role: str
    assignee: str
    assigned_at: datetime
    status: TaskStatus = TaskStatus.READY
    standard: Standard = NO_STANDARD
    due_at: datetime | None = None
    inputs: tuple[OutputRef, ...] = ()
    started_at: datetime | None = None
    completed_at: datetime | None = None
    completed_by: str | None = None
    output: OutputRef | None = None
    approved: bool | None = None
    reason: str | None = None
    lead_minutes: int | None = None
    processing_minutes: int | None = None
    late_minutes: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    @property
    def on_time(self) -> bool | None:
        """True/False once done against a standard; None while open or without one."""
        return None if self.late_minutes is None else self.late_minutes == 0


@dataclass(frozen=True, slots=True)
class RunState:
    """One execution of one SOP version: its status and every task it has had."""

    run_id: str
    sop_key: str
    started_at: datetime
    started_by: str
    status: RunStatus = RunStatus.ACTIVE
    tasks: tuple[Task, ...] = field(default=())
    finished_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.status is RunStatus.ACTIVE

    def task(self, no: int) -> Task | None:
        return next((task for task in self.tasks if task.no == no), None)

    def open_tasks(self) -> tuple[Task, ...]:
        return tuple(task for task in self.tasks if task.is_open)

    def tasks_of(self, step: int, iteration: int) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.step == step and t.iteration == iteration)

    def iterations_of(self, step: int) -> int:
        """How many times ``step`` has been activated so far."""
        return max((t.iteration for t in self.tasks if t.step == step), default=0)

    def with_task(self, task: Task) -> RunState:
        """Return a copy with ``task`` replacing the task of the same number (or appended)."""
        others = tuple(t for t in self.tasks if t.no != task.no)
        return replace(self, tasks=tuple(sorted((*others, task), key=lambda t: t.no)))
