"""The outbox: one row per message to one chat, written in the transaction of its cause.

A worker claims due rows under a claim token of its own (``FOR UPDATE SKIP LOCKED``
on PostgreSQL, so concurrent workers never take the same row; SQLite has a single
writer), commits, sends, then marks the whole batch in one UPDATE that touches only
rows still held by that token. A claim whose lease ran out (its worker died) may be
taken again: a crash re-sends a message at most once and never loses one.

Each chat keeps its order: a row is claimable only while no older pending row of
the same ``queue`` is due or being tried, so a chat's second message waits until
its first was sent or given up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, or_, update
from sqlalchemy import select as sql_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.store.models import OutboxRow
from bot.store.records import Delivery, OutboxMessage, OutboxState
from bot.store.repositories.base import Repository
from bot.store.sqlite_driver import write_behind

DEFAULT_LEASE = timedelta(minutes=1)
# Long error texts (tracebacks) are cut; the first lines say what happened.
ERROR_LIMIT = 2000
_PENDING = OutboxState.PENDING.value


def outbox_row(
    *,
    kind: str,
    dedupe_key: str,
    at: datetime,
    payload: dict[str, Any],
    person_id: int | None = None,
    chat_id: int | None = None,
    office_id: int | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """A new outbox row as a plain dict, for ``OutboxRepository.add`` (one INSERT for many)."""
    if person_id is None and chat_id is None:
        raise ValueError("an outbox message needs a person or a chat")
    return {
        "queue": f"p{person_id}" if person_id is not None else f"c{chat_id}",
        "person_id": person_id,
        "chat_id": chat_id,
        "office_id": office_id,
        "run_id": run_id,
        "kind": kind,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "state": _PENDING,
        "attempts": 0,
        "created_at": at,
        "available_at": at,
    }


_COLUMNS: tuple[Any, ...] = tuple(
    col(getattr(OutboxRow, name))
    for name in (
        "id",
        "kind",
        "queue",
        "person_id",
        "chat_id",
        "office_id",
        "run_id",
        "attempts",
        "created_at",
        "available_at",
        "payload",
        "dedupe_key",
        "state",
        "last_error",
        "sent_at",
    )
)


def _message(row: Any) -> OutboxMessage:
    """A record from a row of the outbox columns."""
    return OutboxMessage(
        id=row.id,
        kind=row.kind,
        queue=row.queue,
        person_id=row.person_id,
        chat_id=row.chat_id,
        office_id=row.office_id,
        run_id=row.run_id,
        attempts=row.attempts,
        created_at=row.created_at,
        available_at=row.available_at,
        payload=row.payload,
        dedupe_key=row.dedupe_key,
        state=OutboxState(row.state),
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


def _per_row(column: Any, values: dict[int, Any]) -> Any:
    """A CASE that gives each row (by id) its own value, for one UPDATE over a batch."""
    whens = [
        (col(OutboxRow.id) == outbox_id, bindparam(None, value, type_=column.type))
        for outbox_id, value in values.items()
    ]
    return case(*whens, else_=column)


class OutboxRepository(Repository):
    def _insert(self) -> Any:
        """INSERT that skips a row whose dedupe key is already queued."""
        dialect = self.session.get_bind().dialect.name
        module: Any = postgresql if dialect == "postgresql" else sqlite
        # The table, not the ORM class: a Core insert skips the ORM's bulk-insert machinery.
        table = OutboxRow.__table__  # type: ignore[attr-defined]
        statement = module.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
        # What the insert skipped is never asked: on SQLite it rides with the next hand-off.
        return write_behind(statement)

    async def add(self, *, rows: Sequence[dict[str, Any]]) -> None:
        """Queue messages (``outbox_row`` dicts) in one statement; known dedupe keys are skipped."""
        if rows:
            await self.session.execute(self._insert(), list(rows))

    async def claim(
        self, *, limit: int, token: str, at: datetime, lease: timedelta = DEFAULT_LEASE
    ) -> list[OutboxMessage]:
        """Take up to ``limit`` due rows for ``token``: the head of each queue, oldest first."""
        earlier = aliased(OutboxRow)
        blocked_by_earlier = (
            select(earlier.id)
            .where(
                earlier.queue == OutboxRow.queue,
                earlier.state == _PENDING,
                col(earlier.id) < col(OutboxRow.id),
                # A message planned for later (never tried yet) does not hold up the chat.
                or_(col(earlier.available_at) <= at, col(earlier.attempts) > 0),
            )
            .exists()
        )
        ids = list(
            await self.session.scalars(
                select(OutboxRow.id)
                .where(
                    OutboxRow.state == _PENDING,
                    col(OutboxRow.available_at) <= at,
                    or_(col(OutboxRow.lease_until).is_(None), col(OutboxRow.lease_until) <= at),
                    ~blocked_by_earlier,
                )
                .order_by(col(OutboxRow.available_at), col(OutboxRow.id))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return []
        claimed = await self.session.execute(
            update(OutboxRow)
            .where(col(OutboxRow.id).in_(ids))
            .values(claimed_by=token, lease_until=at + lease, attempts=OutboxRow.attempts + 1)
            .returning(*_COLUMNS)
            .execution_options(synchronize_session=False)
        )
        messages = [_message(row) for row in claimed]
        return sorted(messages, key=lambda message: (message.available_at, message.id))

    async def finish(self, *, token: str, deliveries: Sequence[Delivery], at: datetime) -> int:
        """Mark a claimed batch in one UPDATE; rows no longer held by ``token`` stay as they are.

        Returns how many rows were marked.
        """
        if not deliveries:
            return 0
        states = {d.outbox_id: d.state.value for d in deliveries}
        sent = {d.outbox_id: at if d.state is OutboxState.SENT else None for d in deliveries}
        errors = {d.outbox_id: (d.error or None) and d.error[:ERROR_LIMIT] for d in deliveries}
        retries = {d.outbox_id: d.retry_at for d in deliveries if d.retry_at is not None}
        values: dict[str, Any] = {
            "state": _per_row(OutboxRow.state, states),
            "sent_at": _per_row(OutboxRow.sent_at, sent),
            "last_error": _per_row(OutboxRow.last_error, errors),
            "claimed_by": None,
            "lease_until": None,
        }
        if retries:
            values["available_at"] = _per_row(OutboxRow.available_at, retries)
        result: Any = await self.session.execute(
            update(OutboxRow)
            .where(
                col(OutboxRow.id).in_(list(states)),
                col(OutboxRow.claimed_by) == token,
                col(OutboxRow.state) == _PENDING,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)

    async def messages(
        self, *, run_id: str | None = None, state: OutboxState | None = None
    ) -> list[OutboxMessage]:
        """Rows in the order they were written (of one run, in one state), for checks and tests."""
        query = sql_select(*_COLUMNS).order_by(col(OutboxRow.id))
        if run_id is not None:
            query = query.where(col(OutboxRow.run_id) == run_id)
        if state is not None:
            query = query.where(col(OutboxRow.state) == state.value)
        return [_message(row) for row in await self.session.execute(query)]

    async def pending_count(self) -> int:
        """How many rows are not delivered or given up yet (for health checks and tests)."""
        count = await self.session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.state == _PENDING)
        )
        return count or 0
