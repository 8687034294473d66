"""The unit of work: one session, one transaction, every repository on it.

``async with uow:`` opens a session; ``await uow.commit()`` makes the work durable;
leaving the block without committing rolls back. The same object can be entered
again afterwards (a retry gets a fresh session) but not twice at once: give each
concurrent task its own unit of work. Database failures leave the block as store
exceptions (``ConcurrentUpdateError``, ``IntegrityViolationError``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.store.db import session_factory
from bot.store.errors import (
    ConcurrentUpdateError,
    IntegrityViolationError,
    StoreError,
    UnitOfWorkStateError,
    ValueRejectedError,
)
from bot.store.models import metadata
from bot.store.repositories import (
    BotSettingRepository,
    ClockRepository,
    ConversationRepository,
    DeliveryRepository,
    DirectoryRepository,
    EventRepository,
    InviteRepository,
    MembershipRepository,
    OfficeRepository,
    OutboxRepository,
    PersonRepository,
    RunRepository,
    SopRepository,
    TaskMessageRepository,
)
from bot.store.repositories.reports import ReportRepository

# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
_PG_RETRYABLE = {"40001", "40P01", "55P03"}
_PG_UNIQUE = "23505"
# SQLite: no write lock in time.
_SQLITE_RETRYABLE = ("database is locked", "database table is locked")
_SQLITE_UNIQUE = re.compile(r"unique constraint failed: (?P<columns>[\w., ]+)", re.IGNORECASE)

RACE_CONSTRAINTS = frozenset(
    {
        # Random ids and tokens: a clash is drawn again on the retry.
        "pk_runs",
        "uq_invites_token_hash",
        # Two people's first message at once: the retry finds the winner's row.
        "uq_people_telegram_user_id",
        # The same membership, role, publication or setting written twice at once;
        # the services check for an existing row first, so only a race gets here.
        "pk_office_members",
        "uq_role_memberships_office_id_person_id_role_key",
        "uq_sop_versions_office_id_sop_key_version",
        "uq_sop_versions_office_id_sop_key_sha256",
        "uq_sop_current_office_id_sop_key",
        "uq_tasks_run_id_no",
        "pk_bot_settings",
    }
)
"""Unique keys that only concurrent writers can violate: the transaction is retried."""

DUPLICATES = {"uq_office_holidays_office_id_day": "holiday"}
"""Unique keys that a user's input can violate, and what is then duplicated."""


def _unique_constraint(exc: DBAPIError) -> str | None:
    """The name of the unique key ``exc`` violated, or None when it is not one."""
    cause = exc.orig.__cause__ if exc.orig is not None else None
    if getattr(exc.orig, "sqlstate", None) == _PG_UNIQUE:
        return getattr(cause, "constraint_name", None)
    found = _SQLITE_UNIQUE.search(str(exc.orig))
    if found is None:
        return None
    names = [part.strip() for part in found.group("columns").split(",")]
    table = names[0].partition(".")[0]
    columns = {name.partition(".")[2] for name in names}
    return _constraint_named(table, columns)


def _constraint_named(table: str, columns: set[str]) -> str | None:
    """SQLite names only the columns: find the constraint of ``table`` over them."""
    found = metadata.tables.get(table)
    if found is None:
        return None
    for constraint in found.constraints:
        if (
            isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
            and {column.name for column in constraint.columns} == columns
        ):
            return str(constraint.name)
    return None


def translate_error(exc: BaseException) -> StoreError | None:
    """The store exception for a database failure, or None when it is something else."""
    if isinstance(exc, StaleDataError):
        return ConcurrentUpdateError(f"the data changed since it was read: {exc}")
    if not isinstance(exc, DBAPIError):
        return None
    message = str(exc.orig).lower()
    if getattr(exc.orig, "sqlstate", None) in _PG_RETRYABLE or any(
        text in message for text in _SQLITE_RETRYABLE
    ):
        return ConcurrentUpdateError(f"a concurrent write won: {exc.orig}")
    if isinstance(exc, DataError) or str(getattr(exc.orig, "sqlstate", "")).startswith("22"):
        return ValueRejectedError(f"the database refused a value: {exc.orig}")
    if isinstance(exc, IntegrityError):
        constraint = _unique_constraint(exc)
        if constraint in RACE_CONSTRAINTS:
            return ConcurrentUpdateError(f"a concurrent write took {constraint} first")
        return IntegrityViolationError(
            str(exc.orig), constraint=constraint, duplicate=DUPLICATES.get(constraint or "")
        )
    return None


@dataclass(frozen=True, slots=True)
class _Repositories:
    bot_settings: BotSettingRepository
    clock: ClockRepository
    conversation: ConversationRepository
    delivery: DeliveryRepository
    directory: DirectoryRepository
    events: EventRepository
    invites: InviteRepository
    memberships: MembershipRepository
    offices: OfficeRepository
    outbox: OutboxRepository
    people: PersonRepository
    reports: ReportRepository
    runs: RunRepository
    sops: SopRepository
    task_messages: TaskMessageRepository

    @classmethod
    def on(cls, session: AsyncSession) -> _Repositories:
        return cls(
            bot_settings=BotSettingRepository(session),
            clock=ClockRepository(session),
            conversation=ConversationRepository(session),
            delivery=DeliveryRepository(session),
            directory=DirectoryRepository(session),
            events=EventRepository(session),
            invites=InviteRepository(session),
            memberships=MembershipRepository(session),
            offices=OfficeRepository(session),
            outbox=OutboxRepository(session),
            people=PersonRepository(session),
            reports=ReportRepository(session),
            runs=RunRepository(session),
            sops=SopRepository(session),
            task_messages=TaskMessageRepository(session),
        )


class SqlUnitOfWork:
    """One transaction over the SQL store; see the module docstring."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._repos: _Repositories | None = None

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> SqlUnitOfWork:
        return cls(session_factory(engine))

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise UnitOfWorkStateError("this unit of work is already open")
        self._session = self._sessions()
        self._repos = _Repositories.on(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session, self._repos = self._session, None, None
        if session is not None:
            try:
                await session.rollback()  # nothing to undo after a commit
            finally:
                await session.close()
        translated = None if exc is None else translate_error(exc)
        if translated is not None:
            raise translated from exc

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()

    def _open(self) -> AsyncSession:
        if self._session is None:
            raise UnitOfWorkStateError("use the unit of work inside 'async with'")
        return self._session

    def _repositories(self) -> _Repositories:
        if self._repos is None:
            raise UnitOfWorkStateError("use the unit of work inside 'async with'")
        return self._repos

    @property
    def bot_settings(self) -> BotSettingRepository:
        return self._repositories().bot_settings

    @property
    def clock(self) -> ClockRepository:
        return self._repositories().clock

    @property
    def conversation(self) -> ConversationRepository:
        return self._repositories().conversation

    @property
    def delivery(self) -> DeliveryRepository:
        return self._repositories().delivery

    @property
    def directory(self) -> DirectoryRepository:
        return self._repositories().directory

    @property
    def events(self) -> EventRepository:
        return self._repositories().events

    @property
    def invites(self) -> InviteRepository:
        return self._repositories().invites

    @property
    def memberships(self) -> MembershipRepository:
        return self._repositories().memberships

    @property
    def offices(self) -> OfficeRepository:
        return self._repositories().offices

    @property
    def outbox(self) -> OutboxRepository:
        return self._repositories().outbox

    @property
    def people(self) -> PersonRepository:
        return self._repositories().people

    @property
    def reports(self) -> ReportRepository:
        return self._repositories().reports

    @property
    def runs(self) -> RunRepository:
        return self._repositories().runs

    @property
    def sops(self) -> SopRepository:
        return self._repositories().sops

    @property
    def task_messages(self) -> TaskMessageRepository:
        return self._repositories().task_messages
