"""`sopbot run` start-up checks that stop before the bot is built: one clean line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import BROKEN_SOP, Invoke
from tests.tg.fakes import TOKEN


def _one_line_failure(result_output: str) -> str:
    lines = [line for line in result_output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in result_output
    assert TOKEN not in result_output
    assert TOKEN.partition(":")[2] not in result_output
    return lines[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://sop:rahasia@127.0.0.1/sopbot", "'mysql' is not supported"),
        ("notaurl", "not a database URL"),
        ("", "not a database URL"),
        ("postgresql://sop:rahasia@127.0.0.1:port/sopbot", "must be a number from 1 to 65535"),
        ("postgresql://sop:rahasia@127.0.0.1:99999/sopbot", "must be a number from 1 to 65535"),
        ("postgresql://sop@127.0.0.1/sopbot?sslmode=bogus", "sslmode 'bogus' is unknown"),
        ("postgresql://sop@127.0.0.1/sopbot?sslrootcert=/ca.pem", "PGSSLROOTCERT"),
        ("postgresql://sop@127.0.0.1/sopbot?application_name=x", "'application_name'"),
    ],
)
def test_an_unreadable_database_url_is_one_line(invoke: Invoke, url: str, expected: str) -> None:
    result = invoke("--lang", "en", "run", TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.exit_code == 1
    line = _one_line_failure(result.output)
    assert "DATABASE_URL" in line
    assert expected in line
    assert "rahasia" not in line


def test_an_uncreatable_sqlite_folder_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    url = f"sqlite:///{blocker}/data/sopbot.db"
    result = invoke("--lang", "en", "db", "upgrade", DATABASE_URL=url)
    assert result.exit_code == 1
    assert "Cannot open the database" in _one_line_failure(result.output)


@pytest.mark.parametrize("zone", ["Asia", "Asia/Bandung", "../etc/passwd", ""])
def test_a_bad_timezone_is_one_line(invoke: Invoke, zone: str) -> None:
    result = invoke("--lang", "en", "run", TELEGRAM_BOT_TOKEN=TOKEN, TIMEZONE=zone)
    assert result.exit_code == 1
    line = _one_line_failure(result.output)
    assert "TIMEZONE" in line
    assert "unknown time zone" in line


def test_broken_sop_files_stop_the_start_listing_every_problem(
    invoke: Invoke, sops_dir: Path, tmp_path: Path
) -> None:
    (sops_dir / "rusak.yaml").write_text(BROKEN_SOP, encoding="utf-8")
    result = invoke("--lang", "en", "run", TELEGRAM_BOT_TOKEN=TOKEN)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith(f"{sops_dir / 'rusak.yaml'}:8") for line in lines), lines
    assert "does not start with broken SOP files (1 problem in" in lines[-1]
    assert not (tmp_path / "data").exists()  # stopped before the database was touched
    assert TOKEN not in result.output


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_sslmode_reaches_asyncpg_as_ssl(invoke: Invoke, database_url: str) -> None:
    # `health` only reads: it connects, finds no schema in `public`, and says so.
    plain = database_url.replace("postgresql+asyncpg://", "postgresql://")
    result = invoke("--lang", "en", "health", DATABASE_URL=f"{plain}?sslmode=disable")
    line = _one_line_failure(result.output)
    assert "Unhealthy: the database is at revision" in line
    assert "unexpected keyword" not in line
    # The test server has no TLS: asyncpg itself refuses, so the option did reach it.
    required = invoke("--lang", "en", "health", DATABASE_URL=f"{plain}?sslmode=require")
    assert "Unhealthy: cannot open the database" in _one_line_failure(required.output)
