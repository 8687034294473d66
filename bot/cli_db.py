"""``sopbot db upgrade`` and ``sopbot health``: the database and the bot's pulse."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import typer
from rich.text import Text

from bot.cli_support import fail, out, settings
from bot.config import Settings
from bot.i18n import N_, _

db_app = typer.Typer(help=N_("Manage the database."), no_args_is_help=True)


def _reason(exc: BaseException) -> str:
    """The first line of what went wrong, without the driver's traceback."""
    reason = str(getattr(exc, "reason", None) or getattr(exc, "orig", None) or exc)
    return (reason.splitlines() or [type(exc).__name__])[0]


async def _migrate(url: str) -> tuple[str | None, str | None]:
    """Upgrade the database; return its revision before and after."""
    from bot.store import current_revision, upgrade

    before = await current_revision(url)
    await upgrade(url)
    return before, await current_revision(url)


def _shown_url(database_url: str) -> str:
    """The URL for messages: password hidden (or only the variable's name if unreadable)."""
    # Imported here so that `validate` and `show` do not load SQLAlchemy.
    from bot.store import safe_url

    try:
        return safe_url(database_url)
    except Exception:
        return "DATABASE_URL"


def upgrade_database(config: Settings) -> None:
    """Apply every pending migration and say what changed, or stop with one line."""
    url = _shown_url(config.database_url)
    try:
        before, after = asyncio.run(_migrate(config.database_url))
    # Whatever the driver raises (OSError, its own errors): one line, never a traceback.
    except Exception as exc:
        fail(_("Cannot open the database {url}: {reason}").format(url=url, reason=_reason(exc)))
    if before is None:
        said = _("Created the database schema at revision {revision}: {url}")
    elif before != after:
        said = _("Upgraded the database from revision {before} to {revision}: {url}")
    else:
        said = _("The database is already at revision {revision}; nothing to do: {url}")
    out().print(Text(said.format(before=before, revision=after, url=url)), soft_wrap=True)


@db_app.command("upgrade", help=N_("Bring the database schema up to date (Alembic migrations)."))
def db_upgrade() -> None:
    """Apply every pending migration."""
    upgrade_database(settings())


async def _last_contact(url: str) -> tuple[str | None, str | None, datetime | None]:
    """Return the database's revision, the code's head and the last Bot API contact."""
    from bot.health import last_contact
    from bot.store import (
        SqlUnitOfWork,
        current_revision,
        head_revision,
        make_engine,
        session_factory,
    )

    revision = await current_revision(url)
    if revision != head_revision():
        return revision, head_revision(), None
    engine = make_engine(url)
    try:
        contact = await last_contact(SqlUnitOfWork(session_factory(engine)))
    finally:
        await engine.dispose()
    return revision, revision, contact


def health() -> None:
    """Exit 0 when the database answers and the bot reached the Bot API lately, else 1."""
    from bot.health import MAX_SILENCE

    config = settings()
    url = _shown_url(config.database_url)
    try:
        revision, head, contact = asyncio.run(_last_contact(config.database_url))
    except Exception as exc:
        fail(
            _("Unhealthy: cannot open the database {url}: {reason}").format(
                url=url, reason=_reason(exc)
            )
        )
    if revision != head:
        fail(
            _("Unhealthy: the database is at revision {revision}, the code needs {head}.").format(
                revision=revision or "-", head=head
            )
        )
    if contact is None:
        fail(_("Unhealthy: the bot has not reached the Bot API yet."))
    silence = datetime.now(tz=UTC) - contact
    if silence > MAX_SILENCE:
        fail(
            _("Unhealthy: the bot last reached the Bot API {minutes} minutes ago.").format(
                minutes=int(silence.total_seconds() // 60)
            )
        )
    out().print(
        Text(
            _("Healthy: database at revision {revision}, Bot API reached {seconds} s ago.").format(
                revision=revision, seconds=int(silence.total_seconds())
            )
        )
    )
