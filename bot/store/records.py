"""Plain values the repositories return and take: no ORM objects leave the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from bot.engine import RunState, Task
from bot.sop.model import Sop


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeInfo:
    """An office and what its working-time calendar needs."""

    id: int
    name: str
    timezone: str
    created_at: datetime
    ramadan_ranges: tuple[tuple[date, date], ...] = ()
    holidays: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonInfo:
    id: int
    display_name: str
    created_at: datetime
    telegram_user_id: int | None = None
    locale: str | None = None
    telegram_language: str | None = None
    blocked_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberInfo:
    office_id: int
    person_id: int
    is_admin: bool
    joined_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ActingInfo:
    """Plh./Plt.: ``person_id`` acts for ``for_person_id`` from ``starts_at`` to ``ends_at``."""

    id: int
    office_id: int
    person_id: int
    for_person_id: int
    starts_at: datetime
    ends_at: datetime | None
    created_by: int


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteInfo:
    id: int
    office_id: int
    role_key: str | None
    is_admin: bool
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SopVersionInfo:
    id: int
    office_id: int
    sop_key: str
    version: int
    sha256: str
    created_at: datetime


class OutputKind(StrEnum):
    DOCUMENT = "document"
    PHOTO = "photo"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputMeta:
    """What Telegram told us about an uploaded output file."""

    telegram_file_id: str
    telegram_file_unique_id: str
    file_name: str
    kind: OutputKind = OutputKind.DOCUMENT
    size: int | None = None
    mime_type: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputInfo:
    id: int
    run_id: str
    task_no: int
    meta: OutputMeta
    uploaded_by: int
    uploaded_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeSnapshot:
    """An office at one revision: its calendar data, role holders and acting officials."""

    revision: int
    office: OfficeInfo
    holders: dict[str, tuple[int, ...]]
    acting: tuple[ActingInfo, ...]
    # The engine takes person ids as text; built once per snapshot, not per action.
    holders_text: dict[str, list[str]] = field(default_factory=dict)

    def acting_for(self, person_id: int, at: datetime) -> frozenset[int]:
        """Whom ``person_id`` acts for at ``at`` (start inclusive, end exclusive)."""
        return frozenset(
            row.for_person_id
            for row in self.acting
            if row.person_id == person_id
            and row.starts_at <= at
            and (row.ends_at is None or row.ends_at > at)
        )


class RunContext(NamedTuple):
    """A run as the engine needs it: its state, its own SOP version, its office, and
    the office's people (role holders and acting officials, an ``OfficeSnapshot``)."""

    state: RunState
    sop: Sop
    office: OfficeInfo
    people: OfficeSnapshot


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenTask:
    """An open task with what a task list shows next to it."""

    run_id: str
    office_id: int
    sop_key: str
    task: Task


@dataclass(frozen=True, slots=True, kw_only=True)
class EventEntry:
    """An event (or message) to write to the event log and the outbox."""

    kind: str
    at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    run_id: str | None = None
    office_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRecord:
    id: int
    run_id: str | None
    office_id: int | None
    kind: str
    at: datetime
    recorded_at: datetime | None
    payload: dict[str, Any] = field(default_factory=dict)


class OutboxState(StrEnum):
    """Where an outbox message stands: waiting (or being sent), delivered, or given up."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxMessage:
    """A claimed message: whom it is for, what to render, how often it was tried."""

    id: int
    kind: str
    queue: str
    person_id: int | None
    chat_id: int | None
    office_id: int | None
    run_id: str | None
    attempts: int
    created_at: datetime
    available_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    dedupe_key: str = ""
    state: OutboxState = OutboxState.PENDING
    last_error: str | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """What became of one claimed message: sent, to be tried again at ``retry_at``, or dead."""

    outbox_id: int
    state: OutboxState
    error: str | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskMessageInfo:
    """The Telegram message showing task ``task_no`` of a run to one person."""

    run_id: str
    task_no: int
    person_id: int
    chat_id: int
    message_id: int
    sent_at: datetime
