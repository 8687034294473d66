"""The outbox: messages written with the events that caused them, delivered later.

A worker claims rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent
workers never take the same row; SQLite has a single writer), commits the claim,
sends, then marks each row sent or failed. A claim older than ``lease`` is
considered abandoned (the worker died) and the row can be claimed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, insert, or_, update
from sqlmodel import col, select

from bot.store.models import OutboxRow
from bot.store.records import EventEntry, OutboxMessage
from bot.store.repositories.base import Repository

DEFAULT_LEASE = timedelta(minutes=5)
# Long error texts (tracebacks) are cut; the first lines say what happened.
_ERROR_LIMIT = 2000


def _message(row: OutboxRow) -> OutboxMessage:
    assert row.id is not None
    return OutboxMessage(
        id=row.id,
        kind=row.kind,
        run_id=row.run_id,
        office_id=row.office_id,
        attempts=row.attempts,
        created_at=row.created_at,
        available_at=row.available_at,
        payload=row.payload,
    )


class OutboxRepository(Repository):
    async def add(
        self, *, entries: Sequence[EventEntry], available_at: datetime | None = None
    ) -> None:
        """Queue messages in one statement; each is due at ``available_at`` or its own time."""
        if not entries:
            return
        await self.session.execute(
            insert(OutboxRow),
            [
                {
                    "kind": entry.kind,
                    "payload": entry.payload,
                    "run_id": entry.run_id,
                    "office_id": entry.office_id,
                    "created_at": entry.at,
                    "available_at": available_at or entry.at,
                    "attempts": 0,
                }
                for entry in entries
            ],
        )

    async def claim(
        self, *, limit: int, worker: str, at: datetime, lease: timedelta = DEFAULT_LEASE
    ) -> list[OutboxMessage]:
        """Take up to ``limit`` due, unsent, unclaimed rows for ``worker``, oldest first."""
        rows = await self.session.scalars(
            select(OutboxRow)
            .where(
                col(OutboxRow.sent_at).is_(None),
                col(OutboxRow.available_at) <= at,
                or_(col(OutboxRow.claimed_at).is_(None), col(OutboxRow.claimed_at) <= at - lease),
            )
            .order_by(col(OutboxRow.available_at), col(OutboxRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claimed = list(rows)
        for row in claimed:
            row.claimed_at = at
            row.claimed_by = worker
            row.attempts += 1
        await self.session.flush()
        return [_message(row) for row in claimed]

    async def mark_sent(self, *, message_id: int, at: datetime) -> None:
        await self.session.execute(
            update(OutboxRow)
            .where(col(OutboxRow.id) == message_id)
            .values(sent_at=at, last_error=None)
            .execution_options(synchronize_session=False)
        )

    async def mark_failed(self, *, message_id: int, error: str, retry_at: datetime) -> None:
        """Release the claim and try again at ``retry_at``."""
        await self.session.execute(
            update(OutboxRow)
            .where(col(OutboxRow.id) == message_id)
            .values(
                last_error=error[:_ERROR_LIMIT],
                available_at=retry_at,
                claimed_at=None,
                claimed_by=None,
            )
            .execution_options(synchronize_session=False)
        )

    async def pending_count(self) -> int:
        """How many rows are not sent yet (for health checks and tests)."""
        count = await self.session.scalar(
            select(func.count()).select_from(OutboxRow).where(col(OutboxRow.sent_at).is_(None))
        )
        return count or 0
