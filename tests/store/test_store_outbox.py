"""The outbox: each row claimed by one worker, chats kept in order, batches marked at once."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import Delivery, OutboxState, SqlUnitOfWork, outbox_row

T0 = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)
LATER = T0 + timedelta(minutes=1)
LEASE = timedelta(minutes=1)


def _row(n: int, *, person_id: int | None = None, chat_id: int | None = None) -> dict:
    return outbox_row(
        kind="task_card",
        dedupe_key=f"k{n}",
        at=T0 + timedelta(seconds=n),
        payload={"n": n},
        person_id=person_id,
        chat_id=chat_id,
    )


async def _add(uow: SqlUnitOfWork, rows: list[dict]) -> None:
    async with uow:
        await uow.outbox.add(rows=rows)
        await uow.commit()


async def _claim(uow: SqlUnitOfWork, *, token: str, at: datetime = LATER, limit: int = 10):
    async with uow:
        claimed = await uow.outbox.claim(limit=limit, token=token, at=at, lease=LEASE)
        await uow.commit()
    return claimed


async def _finish(uow: SqlUnitOfWork, token: str, deliveries: list[Delivery]) -> int:
    async with uow:
        marked = await uow.outbox.finish(token=token, deliveries=deliveries, at=LATER)
        await uow.commit()
    return marked


def _sent(message) -> Delivery:
    return Delivery(outbox_id=message.id, state=OutboxState.SENT)


async def test_a_claim_is_exclusive_until_its_lease_runs_out(uow, seeded) -> None:
    await _add(uow, [_row(n, chat_id=100 + n) for n in range(3)])
    first = await _claim(uow, token="w1")
    assert [m.payload["n"] for m in first] == [0, 1, 2]
    assert [m.attempts for m in first] == [1, 1, 1]
    assert await _claim(uow, token="w2") == []
    # The first worker died: after its lease the rows are claimed again, a second attempt.
    again = await _claim(uow, token="w2", at=LATER + LEASE)
    assert [(m.payload["n"], m.attempts) for m in again] == [(0, 2), (1, 2), (2, 2)]
    # Only the current owner may mark: the dead worker's late mark changes nothing.
    assert await _finish(uow, "w1", [_sent(m) for m in first]) == 0
    assert await _finish(uow, "w2", [_sent(m) for m in again]) == 3
    async with uow:
        assert await uow.outbox.pending_count() == 0
        stored = await uow.outbox.messages()
    assert {m.state for m in stored} == {OutboxState.SENT}
    assert all(m.sent_at == LATER for m in stored)


async def test_a_chat_gets_its_messages_one_after_another_in_order(uow, seeded) -> None:
    alice, bob = seeded.alice, seeded.bob
    await _add(
        uow,
        [
            _row(0, person_id=alice),
            _row(1, person_id=bob),
            _row(2, person_id=alice),
            _row(3, person_id=alice),
            _row(4, person_id=bob),
        ],
    )
    heads = await _claim(uow, token="a")
    assert [m.payload["n"] for m in heads] == [0, 1]  # one per chat: its oldest
    assert [m.queue for m in heads] == [f"p{alice}", f"p{bob}"]
    # Alice's first message must be tried again later: her next ones wait behind it.
    retry = Delivery(
        outbox_id=heads[0].id,
        state=OutboxState.PENDING,
        error="RetryAfter 30",
        retry_at=LATER + timedelta(seconds=30),
    )
    assert await _finish(uow, "a", [retry, _sent(heads[1])]) == 2
    assert [m.payload["n"] for m in await _claim(uow, token="b")] == [4]
    later = await _claim(uow, token="c", at=LATER + timedelta(seconds=30))
    assert [(m.payload["n"], m.attempts) for m in later] == [(0, 2)]
    # Given up: the chat's queue moves on to the next message.
    assert await _finish(uow, "c", [Delivery(outbox_id=later[0].id, state=OutboxState.DEAD)]) == 1
    # (Bob's message 4 is still claimed by "b", whose lease has not run out.)
    next_ones = await _claim(uow, token="d", at=LATER + timedelta(seconds=30))
    assert [m.payload["n"] for m in next_ones] == [2]


async def test_a_message_planned_for_later_does_not_hold_up_its_chat(uow, seeded) -> None:
    planned = _row(0, person_id=seeded.alice)
    planned["available_at"] = T0 + timedelta(days=1)
    await _add(uow, [planned, _row(1, person_id=seeded.alice)])
    assert [m.payload["n"] for m in await _claim(uow, token="a")] == [1]


async def test_a_known_dedupe_key_is_not_queued_twice(uow, seeded) -> None:
    await _add(uow, [_row(0, person_id=seeded.alice), _row(1, person_id=seeded.bob)])
    await _add(uow, [_row(0, person_id=seeded.alice), _row(2, person_id=seeded.bob)])
    async with uow:
        stored = await uow.outbox.messages()
    assert [m.dedupe_key for m in stored] == ["k0", "k1", "k2"]


async def test_a_batch_is_marked_in_one_statement(uow, seeded, engine: AsyncEngine) -> None:
    await _add(uow, [_row(n, chat_id=200 + n) for n in range(4)])
    claimed = await _claim(uow, token="w")
    deliveries = [
        _sent(claimed[0]),
        Delivery(outbox_id=claimed[1].id, state=OutboxState.DEAD, error="Forbidden: blocked"),
        Delivery(
            outbox_id=claimed[2].id,
            state=OutboxState.PENDING,
            error="timed out",
            retry_at=LATER + timedelta(seconds=5),
        ),
        _sent(claimed[3]),
    ]
    statements: list[str] = []

    def count(_conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert await _finish(uow, "w", deliveries) == 4
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == 1
    async with uow:
        stored = {m.id: m for m in await uow.outbox.messages()}
    states = [(stored[m.id].state, stored[m.id].last_error) for m in claimed]
    assert states == [
        (OutboxState.SENT, None),
        (OutboxState.DEAD, "Forbidden: blocked"),
        (OutboxState.PENDING, "timed out"),
        (OutboxState.SENT, None),
    ]
    assert stored[claimed[2].id].available_at == LATER + timedelta(seconds=5)
    assert stored[claimed[1].id].sent_at is None


async def test_concurrent_claimers_never_share_a_row(
    new_uow: Callable[[], SqlUnitOfWork], seeded
) -> None:
    await _add(new_uow(), [_row(n, chat_id=300 + n) for n in range(30)])

    async def worker(name: str) -> list[int]:
        uow, mine = new_uow(), []
        while batch := await _claim(uow, token=name, limit=4):
            mine.extend(message.payload["n"] for message in batch)
        return mine

    batches = await asyncio.gather(*(worker(f"w{index}") for index in range(4)))
    claimed = [number for batch in batches for number in batch]
    assert sorted(claimed) == list(range(30))  # every row, none twice


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_skip_locked_lets_a_second_worker_pass_rows_being_claimed(new_uow, seeded) -> None:
    await _add(new_uow(), [_row(n, chat_id=400 + n) for n in range(10)])
    first = new_uow()
    async with first:
        mine = await first.outbox.claim(limit=4, token="first", at=LATER, lease=LEASE)
        # The first claim is not committed: its rows are locked. Without SKIP LOCKED
        # the second worker would wait here until the timeout.
        theirs = await asyncio.wait_for(_claim(new_uow(), token="second"), timeout=5)
        await first.commit()
    assert [m.payload["n"] for m in mine] == [0, 1, 2, 3]
    assert [m.payload["n"] for m in theirs] == [4, 5, 6, 7, 8, 9]
