"""Shared fixtures: every store and service test runs on SQLite and on PostgreSQL.

``database_url`` is parametrized over both backends. Each test gets a fresh
database made by the real Alembic migrations: a SQLite file in ``tmp_path``, or a
schema of its own on PostgreSQL (``SOPBOT_TEST_POSTGRES_URL``), dropped afterwards,
so several people can run the suite against one server at once.

PostgreSQL tests fail, never skip, when the server is unreachable. Setting
``SOPBOT_TEST_POSTGRES=0`` deselects them, except under ``CI=true``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

# The project is not installed into the virtualenv; make ``bot`` importable.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bot.sop.model import Sop  # noqa: E402
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade  # noqa: E402

POSTGRES_URL_ENV = "SOPBOT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")
_CONNECT_TIMEOUT = 10.0
# The first failure to reach PostgreSQL, so later tests fail at once with the same reason.
_unreachable: list[str] = []


def _postgres_opted_out() -> bool:
    return os.environ.get("SOPBOT_TEST_POSTGRES") == "0"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_configure(config: pytest.Config) -> None:
    if _postgres_opted_out() and _in_ci():
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(
                "SOPBOT_TEST_POSTGRES=0 is ignored because CI=true: PostgreSQL tests run"
            ),
            stacklevel=2,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the PostgreSQL variants on an explicit local opt-out."""
    if not _postgres_opted_out() or _in_ci():
        return
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database_url") == "postgresql"
        (drop if on_postgres else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@dataclass(frozen=True)
class Database:
    """A migrated, empty database for one test."""

    backend: str
    url: str
    search_path: str | None = None


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of the backend under test (the test id names the backend)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'sopbot.db'}"
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


async def _postgres_admin(url: str, sql: str) -> None:
    engine = make_engine(url)
    try:
        async with asyncio.timeout(_CONNECT_TIMEOUT), engine.begin() as connection:
            await connection.exec_driver_sql(sql)
    finally:
        await engine.dispose()


async def _create_schema(url: str, schema: str) -> None:
    """Create the test's schema, or fail the test with how to get a server."""
    if _unreachable:
        pytest.fail(_unreachable[0], pytrace=False)
    try:
        await _postgres_admin(url, f'CREATE SCHEMA "{schema}"')
    except Exception as exc:  # refused, timed out, bad password, no such database...
        _unreachable.append(_unreachable_message(url, exc))
        pytest.fail(_unreachable[0], pytrace=False)


def _unreachable_message(url: str, exc: BaseException) -> str:
    return (
        f"PostgreSQL is not reachable at {url}: {exc!r}. Start it, or set {POSTGRES_URL_ENV} "
        "to a server you can use. To leave the PostgreSQL tests out on your machine, set "
        "SOPBOT_TEST_POSTGRES=0 (ignored when CI=true)."
    )


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A fresh database at the newest migration: a SQLite file or a PostgreSQL schema."""
    if database_url.startswith("sqlite"):
        await upgrade(database_url)
        yield Database(backend="sqlite", url=database_url)
        return
    schema = f"sopbot_test_{uuid.uuid4().hex[:12]}"
    await _create_schema(database_url, schema)
    try:
        await upgrade(database_url, search_path=schema)
        yield Database(backend="postgresql", url=database_url, search_path=schema)
    finally:
        await _postgres_admin(database_url, f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
async def engine(database: Database) -> AsyncIterator[AsyncEngine]:
    """An async engine on the test database."""
    engine = make_engine(database.url, search_path=database.search_path)
    yield engine
    await engine.dispose()


@pytest.fixture
def new_uow(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """Makes units of work with their own sessions (one per concurrent actor)."""
    sessions = session_factory(engine)
    return lambda: SqlUnitOfWork(sessions)


@pytest.fixture
def uow(new_uow: Callable[[], SqlUnitOfWork]) -> SqlUnitOfWork:
    return new_uow()


# A small SOP with an output, a parallel step (every Kasubag), and a decision that
# sends back to step 1.
SAMPLE_SOP = {
    "kode": "surat-masuk",
    "identitas": {"nama": "Penanganan Surat Masuk"},
    "peran": {"staf": "Staf Tata Usaha", "kasubag": "Kepala Subbagian", "kepala": "Kepala"},
    "langkah": [
        {
            "nomor": 1,
            "uraian": "Menerima dan mencatat surat masuk",
            "pelaksana": "staf",
            "waktu": "15 menit",
            "output": "Lembar disposisi",
        },
        {
            "nomor": 2,
            "uraian": "Menelaah surat",
            "pelaksana": "kasubag",
            "masing_masing": "ya",
            "waktu": "1 jam",
        },
        {
            "nomor": 3,
            "uraian": "Memutuskan disposisi",
            "pelaksana": "kepala",
            "waktu": "1 hari",
            "keputusan": {"pertanyaan": "Disetujui?", "tidak": 1},
        },
        {"nomor": 4, "uraian": "Mengarsipkan surat", "pelaksana": "staf", "waktu": "30 menit"},
    ],
}


@pytest.fixture
def sample_sop() -> Sop:
    return Sop.model_validate(SAMPLE_SOP)
