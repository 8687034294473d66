"""The SQLite driver: fewer thread hand-offs, the same transactions."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import make_engine, upgrade
from bot.store.models import BotSetting
from bot.store.sqlite_driver import OneHopConnection, write_behind

T = BotSetting.__table__  # type: ignore[attr-defined]


@pytest.fixture
async def sqlite(tmp_path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}"
    await upgrade(url)
    engine = make_engine(url)
    yield engine
    await engine.dispose()


def _row(key: str) -> dict:
    return {"key": key, "value": "v", "updated_at": datetime(2026, 12, 1, tzinfo=UTC)}


@pytest.fixture
def hand_offs(monkeypatch) -> list[str]:
    """Every call that goes to the connection's thread."""
    calls: list[str] = []
    original = OneHopConnection._execute

    async def counted(self, fn, *args, **kwargs):
        calls.append(getattr(fn, "__name__", "?"))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(OneHopConnection, "_execute", counted)
    return calls


async def test_queued_writes_are_seen_by_the_next_read_and_kept_by_commit(
    sqlite, hand_offs
) -> None:
    async with sqlite.connect() as connection:
        hand_offs.clear()  # opening the connection set it up (pragmas, functions)
        async with connection.begin():
            await connection.execute(write_behind(insert(T)), [_row("a"), _row("b")])
            assert hand_offs == []  # begin and the insert are queued
            keys = (await connection.execute(select(T.c.key).order_by(T.c.key))).scalars().all()
            assert keys == ["a", "b"] and len(hand_offs) == 1
            await connection.execute(write_behind(insert(T)), [_row("c")])
        assert len(hand_offs) == 2  # the commit took the last insert with it
    async with sqlite.connect() as connection:
        assert (await connection.execute(select(T.c.key))).scalars().all() == ["a", "b", "c"]


async def test_a_rollback_drops_queued_writes(sqlite) -> None:
    async with sqlite.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(write_behind(insert(T)), [_row("gone")])
        await transaction.rollback()
    async with sqlite.connect() as connection:
        assert (await connection.execute(select(T.c.key))).scalars().all() == []


async def test_a_failing_queued_write_fails_its_transaction(sqlite) -> None:
    with pytest.raises(IntegrityError):
        async with sqlite.connect() as connection, connection.begin():
            await connection.execute(write_behind(insert(T)), [_row("twice"), _row("twice")])
    async with sqlite.connect() as connection:
        assert (await connection.execute(select(T.c.key))).scalars().all() == []
