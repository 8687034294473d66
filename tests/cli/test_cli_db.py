"""`sopbot db upgrade`: the schema is created, re-running is harmless, failures are plain."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import current_revision, head_revision
from tests.cli.conftest import Invoke


def test_upgrade_creates_the_sqlite_file_and_its_folder(invoke: Invoke, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/nested/data/sopbot.db"
    first = invoke("db", "upgrade", DATABASE_URL=url)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "nested/data/sopbot.db").is_file()
    again = invoke("db", "upgrade", DATABASE_URL=url)
    assert again.exit_code == 0, again.output
    async_url = url.replace("sqlite://", "sqlite+aiosqlite://")
    assert asyncio.run(current_revision(async_url)) == head_revision()


def test_unreachable_database_is_explained_without_the_password(invoke: Invoke) -> None:
    url = "postgresql://sop:rahasia@127.0.0.1:1/sopbot"
    result = invoke("db", "upgrade", DATABASE_URL=url)
    assert result.exit_code == 1
    assert "tidak dapat dibuka" in result.output
    assert "127.0.0.1:1" in result.output
    assert "rahasia" not in result.output
    assert "Traceback" not in result.output


def test_upgrade_says_what_it_did(invoke: Invoke, tmp_path: Path) -> None:
    from bot.store import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path}/said.db"
    head = head_revision()
    created = invoke("--lang", "en", "db", "upgrade", DATABASE_URL=url)
    assert f"Created the database schema at revision {head}" in created.output
    nothing = invoke("--lang", "en", "db", "upgrade", DATABASE_URL=url)
    assert f"already at revision {head}; nothing to do" in nothing.output
    older = f"sqlite+aiosqlite:///{tmp_path}/older.db"
    asyncio.run(upgrade(older, revision="0001"))
    upgraded = invoke("--lang", "en", "db", "upgrade", DATABASE_URL=older)
    assert f"Upgraded the database from revision 0001 to {head}" in upgraded.output


def _remember_contact(url: str, at: datetime) -> None:
    from bot.health import record_contact
    from bot.store import SqlUnitOfWork, make_engine, session_factory

    async def write() -> None:
        engine = make_engine(url)
        try:
            await record_contact(SqlUnitOfWork(session_factory(engine)), at=at)
        finally:
            await engine.dispose()

    asyncio.run(write())


def test_health_needs_the_schema_and_a_recent_contact(invoke: Invoke, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/health.db"
    env = {"DATABASE_URL": url}
    empty = invoke("--lang", "en", "health", **env)
    assert empty.exit_code == 1
    assert "Unhealthy: the database is at revision -" in empty.output
    assert invoke("db", "upgrade", **env).exit_code == 0
    never = invoke("--lang", "en", "health", **env)
    assert never.exit_code == 1
    assert "has not reached the Bot API yet" in never.output
    _remember_contact(url, datetime.now(UTC) - timedelta(minutes=10))
    stale = invoke("--lang", "en", "health", **env)
    assert stale.exit_code == 1
    assert "last reached the Bot API 10 minutes ago" in stale.output
    _remember_contact(url, datetime.now(UTC) - timedelta(seconds=30))
    healthy = invoke("--lang", "en", "health", **env)
    assert healthy.exit_code == 0, healthy.output
    assert f"Healthy: database at revision {head_revision()}" in healthy.output


def test_health_of_an_unreachable_database_is_one_line(invoke: Invoke) -> None:
    result = invoke("health", DATABASE_URL="postgresql://sop:rahasia@127.0.0.1:1/sopbot")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "rahasia" not in result.output
