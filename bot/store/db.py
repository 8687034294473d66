"""Async engines and sessions for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.store import sqlite_driver
from bot.store.caches import caches_of_engine

# How long a SQLite writer waits for another writer before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(
    database_url: str,
    *,
    search_path: str | None = None,
    foreign_keys: bool = True,
    sqlite_immediate: bool = True,
    echo: bool = False,
) -> AsyncEngine:
    """An async engine for ``database_url``.

    ``search_path`` selects a PostgreSQL schema (tests use one each).
    ``sqlite_immediate=False`` starts SQLite transactions DEFERRED: reads do not wait
    for writers (for long read-only work such as reports); a write based on a read
    that another writer has overtaken then fails (ConcurrentUpdateError) instead.
    """
    connect_args: dict[str, Any] = {}
    if search_path is not None and not is_sqlite(database_url):
        connect_args["server_settings"] = {"search_path": search_path}
    if is_sqlite(database_url):
        _make_parent_directory(database_url)
        connect_args["async_creator_fn"] = sqlite_driver.connect
    engine = create_async_engine(database_url, echo=echo, connect_args=connect_args)
    if is_sqlite(database_url):
        _configure_sqlite(engine, foreign_keys=foreign_keys, immediate=sqlite_immediate)
        caches_of_engine(engine.sync_engine).serialized_writes = sqlite_immediate
    return engine


def _make_parent_directory(database_url: str) -> None:
    """SQLite creates the file but not its directory (the default is ./data/sopbot.db)."""
    database = make_url(database_url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool, immediate: bool) -> None:
    """WAL with synchronous=NORMAL, foreign keys and a busy timeout; writers begin IMMEDIATE."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver, so that _on_begin decides how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the
        # process loses nothing; a power loss may lose the last commits, never corrupts.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: a second writer waits (busy_timeout)
        # and then reads what the first committed, instead of failing on a stale snapshot.
        # Queued until the transaction's first real statement (one thread hand-off less).
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        connection.exec_driver_sql(f"{begin} {sqlite_driver.WRITE_BEHIND}")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (records outlive the transaction)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
