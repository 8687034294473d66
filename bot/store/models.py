"""Every table, as sqlmodel classes. Only the store imports these; others get records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import BigInteger, Column, Index, Integer, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.store.columns import BigIntId, JSONType, UtcDateTime

# Names for constraints and indexes, so migrations can refer to them on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
_NOW = text("CURRENT_TIMESTAMP")

# Run ids travel in Telegram callback data (64 bytes in all), so they stay short.
RUN_ID_LENGTH = 12


def _id(**kwargs: Any) -> Any:
    return Field(default=None, primary_key=True, **kwargs)


def _at(*, nullable: bool = False, **kwargs: Any) -> Any:
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable, **kwargs)


def _text(length: int, **kwargs: Any) -> Any:
    return Field(sa_type=String(length), **kwargs)


def _json(**kwargs: Any) -> Any:
    return Field(sa_type=JSONType, **kwargs)


def _fk(target: str, *, nullable: bool = False, cascade: bool = False, **kwargs: Any) -> Any:
    ondelete: Literal["CASCADE", "RESTRICT"] = "CASCADE" if cascade else "RESTRICT"
    if target == "runs.id":
        kwargs["sa_type"] = String(RUN_ID_LENGTH)
    return Field(foreign_key=target, ondelete=ondelete, nullable=nullable, **kwargs)


class Office(SQLModel, table=True):
    __tablename__ = "offices"

    id: int | None = _id()
    name: str = _text(200)
    timezone: str = _text(64, default="Asia/Jakarta")
    # [["2026-02-18", "2026-03-19"], ...]: inclusive ranges with Ramadan office hours.
    ramadan_ranges: list[list[str]] = _json(default_factory=list)
    created_at: datetime = _at()
    # Bumped by every write to the office's calendar, members, roles or acting officials:
    # caches of those are keyed by it (see bot.store.office_cache).
    revision: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class OfficeHoliday(SQLModel, table=True):
    __tablename__ = "office_holidays"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    day: date
    name: str = _text(200)


class Person(SQLModel, table=True):
    __tablename__ = "people"

    id: int | None = _id()
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    display_name: str = _text(200)
    locale: str | None = _text(16, default=None, nullable=True)
    created_at: datetime = _at()
    # Telegram's language_code, used when the person chose no language (/bahasa).
    telegram_language: str | None = _text(16, default=None, nullable=True)
    # When Telegram refused a message because the person blocked the bot (Forbidden).
    blocked_at: datetime | None = _at(nullable=True)


class OfficeMember(SQLModel, table=True):
    __tablename__ = "office_members"

    office_id: int = _fk("offices.id", cascade=True, primary_key=True)
    person_id: int = _fk("people.id", cascade=True, primary_key=True, index=True)
    is_admin: bool = False
    joined_at: datetime = _at()


class RoleMembership(SQLModel, table=True):
    __tablename__ = "role_memberships"
    __table_args__ = (
        UniqueConstraint("office_id", "person_id", "role_key"),
        Index(None, "office_id", "role_key", "rank"),
    )

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    person_id: int = _fk("people.id", cascade=True)
    role_key: str = _text(32)
    # Lower rank first: the primary holder gets single-person steps.
    rank: int = 0


class ActingOfficial(SQLModel, table=True):
    """Plh./Plt.: ``person_id`` may act for ``for_person_id`` between the two instants."""

    __tablename__ = "acting_officials"
    __table_args__ = (Index(None, "office_id", "person_id", "starts_at"),)

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    person_id: int = _fk("people.id")
    for_person_id: int = _fk("people.id")
    starts_at: datetime = _at()
    ends_at: datetime | None = _at(nullable=True)
    created_by: int = _fk("people.id")
    created_at: datetime = _at()


class Invite(SQLModel, table=True):
    """A single-use invitation; only the SHA-256 of its secret token is kept."""

    __tablename__ = "invites"

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    token_hash: str = _text(64, unique=True)
    role_key: str | None = _text(32, default=None, nullable=True)
    is_admin: bool = False
    created_by: int = _fk("people.id")
    created_at: datetime = _at()
    expires_at: datetime = _at()
    used_at: datetime | None = _at(nullable=True)
    used_by: int | None = _fk("people.id", nullable=True, default=None)


class SopVersion(SQLModel, table=True):
    """One immutable definition of an SOP (``Sop.to_data()``); runs point at it."""

    __tablename__ = "sop_versions"
    __table_args__ = (
        UniqueConstraint("office_id", "sop_key", "version"),
        UniqueConstraint("office_id", "sop_key", "sha256"),
    )

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    sop_key: str = _text(64)
    version: int
    definition: dict[str, Any] = _json()
    sha256: str = _text(64)
    created_at: datetime = _at()


class SopCurrent(SQLModel, table=True):
    """Which version new runs of an SOP use (a revert re-points to an older version)."""

    __tablename__ = "sop_current"
    __table_args__ = (UniqueConstraint("office_id", "sop_key"),)

    id: int | None = _id()
    office_id: int = _fk("offices.id", cascade=True)
    sop_key: str = _text(64)
    sop_version_id: int = _fk("sop_versions.id")
    published_at: datetime = _at()


_run_version = Column("version", Integer, nullable=False)


class Run(SQLModel, table=True):
    __tablename__ = "runs"
    __table_args__ = (Index(None, "office_id", "status"),)
    # Every save bumps ``version``; a save from a stale read updates no row and fails.
    __mapper_args__ = {"version_id_col": _run_version}

    id: str = Field(sa_type=String(RUN_ID_LENGTH), primary_key=True)
    office_id: int = _fk("offices.id")
    sop_version_id: int = _fk("sop_versions.id")
    sop_key: str = _text(64)
    status: str = _text(16)
    started_by: int = _fk("people.id")
    started_at: datetime = _at()
    finished_at: datetime | None = _at(nullable=True)
    version: int | None = Field(default=None, sa_column=_run_version)


class Output(SQLModel, table=True):
    """A file a task produced: Telegram's ids for it, and what the uploader sent."""

    __tablename__ = "outputs"
    __table_args__ = (Index(None, "run_id", "task_no"),)

    id: int | None = _id()
    run_id: str = _fk("runs.id", cascade=True)
    task_no: int
    telegram_file_id: str = _text(255)
    telegram_file_unique_id: str = _text(64)
    file_name: str = _text(255)
    size: int | None = Field(default=None, sa_type=BigInteger)
    mime_type: str | None = _text(127, default=None, nullable=True)
    kind: str = _text(16)
    sha256: str | None = _text(64, default=None, nullable=True)
    uploaded_by: int = _fk("people.id")
    uploaded_at: datetime = _at()


class TaskRow(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("run_id", "no"),
        Index(None, "assignee_id", "status"),
        Index(None, "status", "due_at"),
        # The clock's scan: open tasks by due time (a partial index stays small).
        Index(
            "ix_tasks_open_due",
            "due_at",
            "id",
            postgresql_where=text("status IN ('ready', 'started')"),
            sqlite_where=text("status IN ('ready', 'started')"),
        ),
    )

    id: int | None = _id()
    run_id: str = _fk("runs.id", cascade=True)
    no: int
    step: int
    iteration: int
    role: str = _text(32)
    assignee_id: int = _fk("people.id")
    status: str = _text(16)
    assigned_at: datetime = _at()
    started_at: datetime | None = _at(nullable=True)
    completed_at: datetime | None = _at(nullable=True)
    completed_by: int | None = _fk("people.id", nullable=True, default=None)
    due_at: datetime | None = _at(nullable=True)
    standard: dict[str, Any] = _json()
    lead_minutes: int | None = None
    processing_minutes: int | None = None
    late_minutes: int | None = None
    approved: bool | None = None
    reason: str | None = Field(default=None, sa_type=Text)
    output_id: int | None = _fk("outputs.id", nullable=True, default=None)
    # [{"ref": "12", "name": "disposisi.pdf"}, ...]: documents handed to this task.
    inputs: list[dict[str, str]] = _json(default_factory=list)


class EventLog(SQLModel, table=True):
    """Append-only history of every engine event."""

    __tablename__ = "event_log"
    __table_args__ = (Index(None, "run_id", "id"), Index(None, "office_id", "at"))

    id: int | None = Field(default=None, sa_type=BigIntId, primary_key=True)
    run_id: str | None = _fk("runs.id", nullable=True, default=None)
    office_id: int | None = _fk("offices.id", nullable=True, default=None)
    kind: str = _text(40)
    payload: dict[str, Any] = _json()
    at: datetime = _at()
    # When the database wrote the row (the database's clock, not the service's).
    recorded_at: datetime | None = _at(sa_column_kwargs={"server_default": _NOW})


class OutboxRow(SQLModel, table=True):
    """One message to one chat, written with the change that caused it; see the repository."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The dispatcher's hot path: due pending rows, and the head of each chat's queue.
        Index(
            "ix_outbox_due",
            "available_at",
            "id",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
        Index(
            "ix_outbox_queue_pending",
            "queue",
            "id",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
    )

    id: int | None = Field(default=None, sa_type=BigIntId, primary_key=True)
    # "p<person id>" or "c<chat id>": messages of one queue go out one after another.
    queue: str = _text(40)
    person_id: int | None = _fk("people.id", nullable=True, default=None)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)
    office_id: int | None = _fk("offices.id", nullable=True, default=None)
    run_id: str | None = _fk("runs.id", nullable=True, default=None)
    kind: str = _text(40)
    payload: dict[str, Any] = _json()
    dedupe_key: str = _text(160, unique=True)
    state: str = _text(16, default="pending")
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    claimed_by: str | None = _text(64, default=None, nullable=True)
    lease_until: datetime | None = _at(nullable=True)
    created_at: datetime = _at()
    available_at: datetime = _at()
    sent_at: datetime | None = _at(nullable=True)


class TaskMessage(SQLModel, table=True):
    """The Telegram message that shows a task card to a person, so it can be edited later."""

    __tablename__ = "task_messages"
    __table_args__ = (
        UniqueConstraint("run_id", "task_no", "person_id"),
        Index(None, "chat_id", "message_id"),
    )

    id: int | None = _id()
    run_id: str = _fk("runs.id", cascade=True)
    task_no: int
    person_id: int = _fk("people.id", cascade=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    sent_at: datetime = _at()


class BotSetting(SQLModel, table=True):
    """A fact the bot remembers between starts, such as its username from getMe."""

    __tablename__ = "bot_settings"

    key: str = Field(sa_type=String(64), primary_key=True)
    value: str = Field(sa_type=Text)
    updated_at: datetime = _at()


class OfficeSettings(SQLModel, table=True):
    """An office's Telegram group and the clock's settings (digest time, reminder lead)."""

    __tablename__ = "office_settings"

    office_id: int = _fk("offices.id", cascade=True, primary_key=True)
    group_chat_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    group_title: str | None = _text(200, default=None, nullable=True)
    # "HH:MM" in the office's timezone.
    digest_time: str = _text(5, default="07:30")
    reminder_lead_minutes: int = 30
    group_reminders: bool = True
    updated_at: datetime = _at()


class ReminderPreference(SQLModel, table=True):
    """How a person wants reminders: "immediately" or "digest" (only the morning digest)."""

    __tablename__ = "reminder_preferences"

    person_id: int = _fk("people.id", cascade=True, primary_key=True)
    mode: str = _text(16)
    updated_at: datetime = _at()


class ReminderLog(SQLModel, table=True):
    """One reminder or digest sent, by a key that says what and for which working day."""

    __tablename__ = "reminder_log"

    id: int | None = Field(default=None, sa_type=BigIntId, primary_key=True)
    key: str = _text(160, unique=True)
    office_id: int = _fk("offices.id", cascade=True)
    kind: str = _text(24)
    sent_at: datetime = _at()
