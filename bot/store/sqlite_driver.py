"""aiosqlite with one thread hand-off per statement instead of four.

aiosqlite runs every sqlite3 call on its own thread and wakes the event loop for each
result; SQLAlchemy's adapter makes four such calls per statement (open a cursor,
execute, fetch, close), and each hand-off costs far more than the statement itself
(~270 µs against ~2 µs here). `OneHopConnection` runs the whole statement — cursor,
execute, fetch every row, close — as one call on the connection's thread, and gives
SQLAlchemy a cursor that already holds the result. Transactions, locking and the
sqlite3 module's behaviour are unchanged.

Writes whose result nobody reads (the event log, the outbox, task rows) can go further:
a statement carrying `WRITE_BEHIND` (see `write_behind`) is queued without a hand-off and
runs, in order, at the start of the next call that goes to the thread — the next read, a
write whose row count matters, or the commit. ``BEGIN IMMEDIATE`` is queued the same way,
so a button press costs three hand-offs: begin and read the run; bump its version (the
row count says whether another writer won); the remaining writes and the commit. An
error of a queued statement surfaces from that later call, inside the same transaction.

Wired in by ``bot.store.db.make_engine`` through SQLAlchemy's ``async_creator_fn``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.sql.expression import Executable

WRITE_BEHIND = "/* write-behind */"
"""Marks a statement whose row count and result no caller reads (SQLite only)."""


def write_behind(statement: Executable) -> Executable:
    """``statement``, marked to run with the next hand-off on SQLite (a no-op elsewhere)."""
    return statement.prefix_with(WRITE_BEHIND, dialect="sqlite")  # type: ignore[attr-defined]


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
        """On the connection's thread: the queued writes, then this statement, start to end."""
        self._connection.run_queued()
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
        if WRITE_BEHIND in sql:
            self._queue("execute", sql, parameters or (), 1)
        else:
            await self._connection._execute(self._run, "execute", sql, parameters or ())
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneHopCursor:
        rows = list(parameters)
        if WRITE_BEHIND in sql:
            self._queue("executemany", sql, rows, len(rows))
        else:
            await self._connection._execute(self._run, "executemany", sql, rows)
        return self

    def _queue(self, method: str, sql: str, parameters: Any, rows: int) -> None:
        self._connection.queued.append((method, sql, parameters))
        self.description, self._rows, self.rowcount, self.lastrowid = None, [], rows, None

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queued: list[tuple[str, str, Any]] = []

    def run_queued(self) -> None:
        """On the connection's thread: the write-behind statements, in order."""
        queued, self.queued = self.queued, []
        for method, sql, parameters in queued:
            getattr(self.sqlite, method)(sql, parameters).close()

    def _commit_all(self) -> None:
        self.run_queued()
        self.sqlite.commit()

    async def commit(self) -> None:
        await self._execute(self._commit_all)

    async def rollback(self) -> None:
        self.queued = []
        # After a commit the pool "resets" the connection: nothing to undo, no hand-off.
        if self.sqlite.in_transaction:
            await self._execute(self.sqlite.rollback)

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
