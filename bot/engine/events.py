"""Events the engine returns with every transition; services log them and fill the outbox."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from bot.engine.state import OutputRef, RunStatus


@dataclass(frozen=True, slots=True)
class Event:
    """Base of all events: which run, and when."""

    run_id: str
    at: datetime

    @property
    def kind(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO text) for the event log and the outbox."""
        result: dict[str, Any] = _jsonable(self)
        return result


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def _jsonable(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives, JSON-ready, without its deep copies (hot path)."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _jsonable(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class RunStarted(Event):
    sop_key: str
    by: str


@dataclass(frozen=True, slots=True)
class TaskAssigned(Event):
    task_no: int
    step: int
    iteration: int
    role: str
    assignee: str
    due_at: datetime | None
    inputs: tuple[OutputRef, ...]


@dataclass(frozen=True, slots=True)
class TaskStarted(Event):
    task_no: int
    step: int
    by: str


@dataclass(frozen=True, slots=True)
class TaskCompleted(Event):
    task_no: int
    step: int
    iteration: int
    by: str
    assignee: str
    output: OutputRef | None
    late_minutes: int | None


@dataclass(frozen=True, slots=True)
class TaskSkipped(Event):
    """A parallel step reached its quorum; this assignee no longer needs to act."""

    task_no: int
    step: int
    assignee: str


@dataclass(frozen=True, slots=True)
class StepCompleted(Event):
    step: int
    iteration: int


@dataclass(frozen=True, slots=True)
class Approved(Event):
    task_no: int
    step: int
    by: str


@dataclass(frozen=True, slots=True)
class SentBack(Event):
    """A decision said *Tidak*: ``to_step`` starts a new iteration."""

    task_no: int
    from_step: int
    to_step: int
    iteration: int
    by: str
    reason: str


@dataclass(frozen=True, slots=True)
class TaskReassigned(Event):
    task_no: int
    step: int
    from_assignee: str
    to_assignee: str
    by: str


@dataclass(frozen=True, slots=True)
class TaskCancelled(Event):
    task_no: int
    step: int
    assignee: str


@dataclass(frozen=True, slots=True)
class RunFinished(Event):
    """The run ended: FINISHED, REJECTED or CANCELLED."""

    status: RunStatus
    by: str
    reason: str | None = None
