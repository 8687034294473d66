"""`sopbot db upgrade`: the schema is created, re-running is harmless, failures are plain."""

from __future__ import annotations

import asyncio
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
