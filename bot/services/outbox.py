"""Delivery bookkeeping for the outbox: claim due messages, then mark each sent or failed."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services.transaction import in_transaction
from bot.store import DEFAULT_OUTBOX_LEASE, OutboxMessage, SqlUnitOfWork


async def claim_outbox(
    uow: SqlUnitOfWork,
    *,
    limit: int,
    worker: str,
    at: datetime,
    lease: timedelta = DEFAULT_OUTBOX_LEASE,
) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for ``worker``; no other worker gets them."""

    async def work() -> list[OutboxMessage]:
        return await uow.outbox.claim(limit=limit, worker=worker, at=at, lease=lease)

    return await in_transaction(uow, work)


async def mark_sent(uow: SqlUnitOfWork, *, message_id: int, at: datetime) -> None:
    async def work() -> None:
        await uow.outbox.mark_sent(message_id=message_id, at=at)

    await in_transaction(uow, work)


async def mark_failed(
    uow: SqlUnitOfWork, *, message_id: int, error: str, retry_at: datetime
) -> None:
    """Give the message back, to be claimed again from ``retry_at``."""

    async def work() -> None:
        await uow.outbox.mark_failed(message_id=message_id, error=error, retry_at=retry_at)

    await in_transaction(uow, work)
