"""Record the bot's contact with the Bot API for ``sopbot health`` (the Docker HEALTHCHECK)."""

from __future__ import annotations

from typing import Any

from bot.health import HEARTBEAT_INTERVAL, record_contact
from bot.tg.context import now, unit_of_work

HEARTBEAT_JOB = "bot-api-heartbeat"


async def beat(context: Any) -> None:
    """Call getMe; when the Bot API answers, store the instant (a failure reaches the log)."""
    await context.bot.get_me()
    await record_contact(unit_of_work(context), at=now(context))


def start_heartbeat(application: Any) -> None:
    """Beat now and then every HEARTBEAT_INTERVAL while the application runs."""
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        beat, interval=HEARTBEAT_INTERVAL, first=0, name=HEARTBEAT_JOB
    )
