"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import current_revision, head_revision, upgrade
from bot.store.models import metadata


async def test_migrations_create_every_table(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert tables == set(metadata.tables) | {"alembic_version"}
    assert {"offices", "runs", "tasks", "outputs", "event_log", "outbox"} <= tables


async def test_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    def diff(sync_connection: object) -> list[object]:
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_upgrade_again_is_a_no_op_at_head(database) -> None:
    await upgrade(database.url, search_path=database.search_path)
    assert await current_revision(database.url, search_path=database.search_path) == (
        head_revision()
    )
