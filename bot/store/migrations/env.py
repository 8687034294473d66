"""Alembic environment: runs on a connection handed in by the application, or on its own.

``bot.store.migrate.upgrade`` passes a connection in ``config.attributes["connection"]``
(Alembic's "connection sharing" recipe). The ``alembic`` command line has none, so an
async engine is made from ``-x url=...``, ``DATABASE_URL`` or ``sqlalchemy.url``.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlmodel.sql.sqltypes import AutoString

from bot.store.columns import UtcDateTime
from bot.store.db import make_engine
from bot.store.models import metadata

config = context.config


def _render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Write the store's own column types as plain SQLAlchemy types in revisions."""
    if kind != "type":
        return False
    if isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        render_item=_render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL")
    return url or config.get_main_option("sqlalchemy.url") or ""


async def _run_standalone() -> None:
    # Foreign keys off: batch migrations on SQLite copy and drop tables.
    engine = make_engine(_database_url(), foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def main() -> None:
    if context.is_offline_mode():
        context.configure(url=_database_url(), target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    shared = config.attributes.get("connection")
    if shared is not None:
        _run(shared)
    else:
        asyncio.run(_run_standalone())


main()
