"""aiosqlite with one thread hand-off per statement instead of four.

aiosqlite runs every sqlite3 call on its own thread and wakes the event loop for each
result; SQLAlchemy's adapter makes four such calls per statement (open a cursor,
execute, fetch, close), and each hand-off costs far more than the statement itself
(~270 µs against ~2 µs here). `OneHopConnection` runs the whole statement — cursor,
execute, fetch every row, close — as one call on the connection's thread, and gives
SQLAlchemy a cursor that already holds the result. Transactions, locking and the
sqlite3 module's behaviour are unchanged.

Wired in by ``bot.store.db.make_engine`` through SQLAlchemy's ``async_creator_fn``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite


class OneHopCursor:
    """A cursor whose ``execute`` runs the statement and fetches its rows in one call."""

    arraysize = 1

    def __init__(self, connection: OneHopConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneHopCursor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    def _run(self, method: str, sql: str, parameters: Any) -> None:
        """On the connection's thread: the statement from start to finish."""
        cursor = self._connection.sqlite.cursor()
        try:
            getattr(cursor, method)(sql, parameters)
            self.description = cursor.description
            self._rows = cursor.fetchall() if cursor.description else []
            self.rowcount = cursor.rowcount
            self.lastrowid = cursor.lastrowid
        finally:
            cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneHopCursor:
        await self._connection._execute(self._run, "execute", sql, parameters or ())
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneHopCursor:
        await self._connection._execute(self._run, "executemany", sql, list(parameters))
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []


class OneHopConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors cost one thread hand-off per statement."""

    @property
    def sqlite(self) -> sqlite3.Connection:
        return self._conn

    def cursor(self) -> OneHopCursor:  # type: ignore[override]
        return OneHopCursor(self)


def connect(database: str, **kwargs: Any) -> OneHopConnection:
    """Like ``aiosqlite.connect``; SQLAlchemy passes the file name and sqlite3 options."""

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(database, **kwargs)

    connection = OneHopConnection(connector, iter_chunk_size=64)
    # As SQLAlchemy does for aiosqlite: a forgotten connection must not keep the
    # interpreter alive at exit.
    connection._thread.daemon = True
    return connection
