"""Outbox rows are written with the events and each is claimed by one worker only."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import EventEntry, SqlUnitOfWork

T0 = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)


async def _fill(uow: SqlUnitOfWork, count: int) -> None:
    entries = [
        EventEntry(kind="TaskAssigned", at=T0 + timedelta(seconds=number), payload={"n": number})
        for number in range(count)
    ]
    async with uow:
        await uow.outbox.add(entries=entries)
        await uow.commit()


async def _claim(uow: SqlUnitOfWork, *, limit: int, worker: str, at: datetime) -> list[int]:
    async with uow:
        claimed = await uow.outbox.claim(limit=limit, worker=worker, at=at)
        await uow.commit()
    return [message.payload["n"] for message in claimed]


async def test_claim_once_then_sent_or_retried(uow: SqlUnitOfWork) -> None:
    await _fill(uow, 3)
    later = T0 + timedelta(minutes=1)
    assert await _claim(uow, limit=10, worker="w1", at=later) == [0, 1, 2]
    assert await _claim(uow, limit=10, worker="w2", at=later) == []
    async with uow:
        claimed = await uow.outbox.claim(limit=10, worker="w2", at=later + timedelta(minutes=6))
        await uow.commit()
    # The first claims' lease (5 minutes) has run out: the rows are claimed again.
    assert [(m.payload["n"], m.attempts) for m in claimed] == [(0, 2), (1, 2), (2, 2)]

    async with uow:
        await uow.outbox.mark_sent(message_id=claimed[0].id, at=later)
        await uow.outbox.mark_failed(
            message_id=claimed[1].id, error="RetryAfter 5", retry_at=later + timedelta(hours=1)
        )
        await uow.commit()
    soon = later + timedelta(minutes=8)
    assert await _claim(uow, limit=10, worker="w3", at=soon) == []  # 1 waits, 2 is leased
    assert sorted(await _claim(uow, limit=10, worker="w3", at=later + timedelta(hours=1))) == [1, 2]
    async with uow:
        assert await uow.outbox.pending_count() == 2


async def test_concurrent_claimers_never_share_a_row(new_uow) -> None:
    await _fill(new_uow(), 30)
    at = T0 + timedelta(minutes=1)

    async def worker(name: str) -> list[int]:
        uow, mine = new_uow(), []
        while batch := await _claim(uow, limit=4, worker=name, at=at):
            mine.extend(batch)
        return mine

    batches = await asyncio.gather(*(worker(f"w{index}") for index in range(4)))
    claimed = [number for batch in batches for number in batch]
    assert sorted(claimed) == list(range(30))  # every row, none twice


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_skip_locked_lets_a_second_worker_pass_rows_being_claimed(new_uow) -> None:
    await _fill(new_uow(), 10)
    at = T0 + timedelta(minutes=1)
    first = new_uow()
    async with first:
        mine = await first.outbox.claim(limit=4, worker="first", at=at)
        # The first claim is not committed: its rows are locked. Without SKIP LOCKED
        # the second worker would wait here until the timeout.
        theirs = await asyncio.wait_for(
            _claim(new_uow(), limit=10, worker="second", at=at), timeout=5
        )
        await first.commit()
    assert [m.payload["n"] for m in mine] == [0, 1, 2, 3]
    assert theirs == [4, 5, 6, 7, 8, 9]
