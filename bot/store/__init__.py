"""Persistence: sqlmodel tables, async sessions, repositories, migrations.

The only package that imports sqlmodel, SQLAlchemy or Alembic. Callers use
`SqlUnitOfWork` and the plain records in `bot.store.records`.
"""

from bot.store.db import make_engine, safe_url, session_factory
from bot.store.errors import (
    ConcurrentUpdateError,
    DatabaseUnavailableError,
    IntegrityViolationError,
    StoreError,
    UnitOfWorkStateError,
    ValueRejectedError,
)
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.records import (
    ActingInfo,
    Delivery,
    EventEntry,
    EventRecord,
    InviteInfo,
    MemberInfo,
    OfficeInfo,
    OfficeSnapshot,
    OpenTask,
    OutboxMessage,
    OutboxState,
    OutputInfo,
    OutputKind,
    OutputMeta,
    PersonInfo,
    RunContext,
    SopVersionInfo,
    TaskMessageInfo,
)
from bot.store.repositories.clock import ClockSettings, DueTask, TaskCounts
from bot.store.repositories.conversation import OpenStep, RunSummary
from bot.store.repositories.directory import MemberEntry, OfficeSummary
from bot.store.repositories.outbox import DEFAULT_LEASE as DEFAULT_OUTBOX_LEASE
from bot.store.repositories.outbox import outbox_row
from bot.store.uow import SqlUnitOfWork

__all__ = [
    "DEFAULT_OUTBOX_LEASE",
    "ActingInfo",
    "ClockSettings",
    "ConcurrentUpdateError",
    "DatabaseUnavailableError",
    "Delivery",
    "DueTask",
    "EventEntry",
    "EventRecord",
    "IntegrityViolationError",
    "InviteInfo",
    "MemberEntry",
    "MemberInfo",
    "OfficeInfo",
    "OfficeSnapshot",
    "OfficeSummary",
    "OpenStep",
    "OpenTask",
    "OutboxMessage",
    "OutboxState",
    "OutputInfo",
    "OutputKind",
    "OutputMeta",
    "PersonInfo",
    "RunContext",
    "RunSummary",
    "SopVersionInfo",
    "SqlUnitOfWork",
    "StoreError",
    "TaskCounts",
    "TaskMessageInfo",
    "UnitOfWorkStateError",
    "ValueRejectedError",
    "current_revision",
    "head_revision",
    "make_engine",
    "outbox_row",
    "safe_url",
    "session_factory",
    "upgrade",
]
