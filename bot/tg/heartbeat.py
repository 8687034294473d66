"""Record the bot's contact with the Bot API for ``sopbot health`` (the Docker HEALTHCHECK)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.health import HEARTBEAT_INTERVAL, record_contact
from bot.store import SqlUnitOfWork, make_engine, session_factory
from bot.tg.context import now, unit_of_work

HEARTBEAT_JOB = "bot-api-heartbeat"


async def beat(context: Any) -> None:
    """Call getMe; when the Bot API answers, store the instant (a failure reaches the log)."""
    await context.bot.get_me()
    await record_contact(unit_of_work(context), at=now(context))


async def record_first_contact(database_url: str, *, at: datetime) -> None:
    """Store the start-up contact (getMe answered) before the application runs."""
    engine = make_engine(database_url)
    try:
        await record_contact(SqlUnitOfWork(session_factory(engine)), at=at)
    finally:
        await engine.dispose()


def start_heartbeat(application: Any) -> None:
    """Beat every HEARTBEAT_INTERVAL while the application runs.

    The first beat comes one interval after the start: a job added before the job
    queue starts has its first run moved to the next interval anyway, and the start
    itself is recorded by ``record_first_contact``.
    """
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        beat, interval=HEARTBEAT_INTERVAL, first=HEARTBEAT_INTERVAL, name=HEARTBEAT_JOB
    )
