"""Schema migrations from code: works from any directory and when the package is installed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from bot.store.db import is_sqlite, make_engine, safe_url
from bot.store.errors import DatabaseUnavailableError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: PostgreSQL workers starting together migrate one after another.
_MIGRATION_LOCK = 0x50_B0_7D_B


class MigrationError(RuntimeError):
    """The schema could not be brought up to date."""


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations inside this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise MigrationError("no migration revisions found in " + str(MIGRATIONS_DIR))
    return head


async def upgrade(
    database_url: str, *, revision: str = "head", search_path: str | None = None
) -> None:
    """Upgrade the database at ``database_url`` to ``revision`` in one transaction."""
    # Foreign keys off on SQLite: batch migrations copy and drop tables.
    engine = make_engine(database_url, search_path=search_path, foreign_keys=False)
    try:
        async with engine.begin() as connection:
            if not is_sqlite(database_url):
                await connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            await connection.run_sync(_upgrade, revision)
            if is_sqlite(database_url):
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise MigrationError(f"foreign keys broken after migrating: {broken[:5]}")
    except (OSError, DBAPIError) as exc:
        # Not reachable, no such database, wrong password: say so without a traceback.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseUnavailableError(url=safe_url(database_url), reason=reason) from exc
    finally:
        await engine.dispose()


async def current_revision(database_url: str, *, search_path: str | None = None) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    engine = make_engine(database_url, search_path=search_path)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
