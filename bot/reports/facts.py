"""What the reports read: plain records of runs and tasks, as the store gives them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from bot.engine import OPEN_TASK_STATUSES
from bot.sop.waktu import Standard, StandardKind

# Perpres 21/2023: 37.5 hours over five days, so one working day is 450 working minutes.
WORKING_DAY_MINUTES = 450

WorkingMinutes = Callable[[datetime, datetime], int]
"""Working minutes between two instants, in an office's calendar."""


class TaskMeasure(NamedTuple):
    """``tasks`` done tasks that measured alike: same step, role, assignee and minutes.

    A period report reads every done task of thousands of runs; the store hands them
    over grouped by these values (exact: a median over the groups, each repeated
    ``tasks`` times, is the median over the tasks), as tuples, which are cheap to make.
    """

    step: int
    role: str
    assignee_id: int
    lead_minutes: int | None
    late_minutes: int | None
    approved: bool | None = None
    # The standard counts calendar time ("1 x 24 jam"), not working time.
    calendar: bool = False
    # Calendar minutes from assignment to completion; given for calendar standards.
    elapsed_minutes: int | None = None
    tasks: int = 1

    @property
    def actual_minutes(self) -> int | None:
        """The time the tasks took, counted as their standard counts (calendar or working)."""
        return self.elapsed_minutes if self.calendar else self.lead_minutes


class SendBack(NamedTuple):
    """A decision step that said Tidak in a run."""

    step: int
    run_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFact:
    """One run of an SOP: its status and when it started and finished."""

    id: str
    sop_key: str
    status: str
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodFacts:
    """Everything a per-SOP report of one period reads."""

    runs: tuple[RunFact, ...]
    measures: tuple[TaskMeasure, ...]
    send_backs: tuple[SendBack, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskFact:
    """One task of any status with every timestamp, for a run's timeline and flowchart."""

    run_id: str
    no: int
    step: int
    iteration: int
    role: str
    assignee_id: int
    status: str
    standard: Standard
    assigned_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    due_at: datetime | None
    lead_minutes: int | None
    processing_minutes: int | None
    late_minutes: int | None
    approved: bool | None = None
    reason: str | None = None

    @property
    def is_done(self) -> bool:
        """Whether the task was completed."""
        return self.status == "done"

    @property
    def is_open(self) -> bool:
        """Whether the task is still waiting for its assignee."""
        return self.status in OPEN_TASK_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """Runs started on ``first`` to ``last`` (office-local dates, both included)."""

    first: date
    last: date


def elapsed_minutes(start: datetime, end: datetime | None) -> int | None:
    """Whole calendar minutes from ``start`` to ``end`` (None while not ended)."""
    return None if end is None else int((end - start).total_seconds() // 60)


def standard_minutes(standard: Standard) -> int | None:
    """A standard as minutes (a working day is 450 working minutes); None without one."""
    if standard.is_none:
        return None
    if standard.kind is StandardKind.WORK_DAYS:
        return standard.amount * WORKING_DAY_MINUTES
    return standard.amount
