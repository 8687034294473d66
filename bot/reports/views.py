"""The report views: plain values that tables, spreadsheets and charts show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.reports.facts import Period


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineRow:
    """One task of a run as its timeline shows it."""

    no: int
    step: int
    iteration: int
    activity: str
    role: str
    person: str
    status: str
    assigned_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    due_at: datetime | None
    standard: str
    lead_minutes: int | None
    processing_minutes: int | None
    late_minutes: int | None
    decision: bool | None
    reason: str | None
    # Working minutes from the run's start to the task's assignment and to its end.
    offset_start: int
    offset_end: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunTimeline:
    run_id: str
    sop_key: str
    sop_name: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    lead_minutes: int | None
    standard_minutes: int
    send_backs: int
    rows: tuple[TimelineRow, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepStat:
    """One step over a period: how often it was done and how long it took."""

    step: int
    activity: str
    roles: str
    standard: str
    standard_minutes: int | None
    count: int
    # Tasks done against a time standard (those on time or late).
    measured: int
    median_minutes: float | None
    p90_minutes: int | None
    on_time_share: float | None
    late_count: int
    mean_late_minutes: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedStep:
    rank: int
    step: int
    activity: str
    mean_late_minutes: float
    late_count: int
    on_time_share: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLeadSummary:
    """Whole runs: finished ones against the sum of the SOP's standards."""

    runs: int
    finished: int
    rejected: int
    cancelled: int
    active: int
    median_minutes: float | None
    p90_minutes: int | None
    standard_minutes: int
    within_standard_share: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorStat:
    """A person or a role: tasks done, on-time share, median delay."""

    key: str
    name: str
    tasks: int
    on_time_share: float | None
    median_late_minutes: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoopStat:
    """A decision step: how often it said Tidak and where that sent the work."""

    step: int
    question: str
    target: str
    decisions: int
    sent_back: int
    share: float | None
    runs_with_send_back: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SopReport:
    sop_key: str
    sop_name: str
    period: Period
    steps: tuple[StepStat, ...]
    ranking: tuple[RankedStep, ...]
    lead: RunLeadSummary
    people: tuple[ActorStat, ...]
    roles: tuple[ActorStat, ...]
    loops: tuple[LoopStat, ...]
