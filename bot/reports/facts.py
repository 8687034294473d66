"""What the reports read: plain records of runs and tasks, as the store gives them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.sop.waktu import Standard, StandardKind

# Perpres 21/2023: 37.5 hours over five days, so one working day is 450 working minutes.
WORKING_DAY_MINUTES = 450

WorkingMinutes = Callable[[datetime, datetime], int]
"""Working minutes between two instants, in an office's calendar."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskFact:
    """One task of a run: who, when, against which standard, and how it ended."""

    run_id: str
    no: int
    step: int
    iteration: int
    role: str
    assignee_id: int
    status: str
    assigned_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    due_at: datetime | None
    standard: Standard
    lead_minutes: int | None
    processing_minutes: int | None
    late_minutes: int | None
    approved: bool | None = None
    reason: str | None = None

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    @property
    def on_time(self) -> bool | None:
        """True/False once done against a standard; None otherwise."""
        return None if self.late_minutes is None else self.late_minutes == 0

    @property
    def actual_minutes(self) -> int | None:
        """The time the task took, counted as its standard counts (calendar or working)."""
        if self.standard.kind is StandardKind.CALENDAR_MINUTES and self.completed_at:
            return int((self.completed_at - self.assigned_at).total_seconds() // 60)
        return self.lead_minutes


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFact:
    """One run of an SOP with its tasks in task-number order."""

    id: str
    sop_key: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    tasks: tuple[TaskFact, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """Runs started on ``first`` to ``last`` (office-local dates, both included)."""

    first: date
    last: date


def standard_minutes(standard: Standard) -> int | None:
    """A standard as minutes (a working day is 450 working minutes); None without one."""
    if standard.is_none:
        return None
    if standard.kind is StandardKind.WORK_DAYS:
        return standard.amount * WORKING_DAY_MINUTES
    return standard.amount
