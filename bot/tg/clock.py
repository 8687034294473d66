"""The clock: a JobQueue job every minute that queues reminders and digests, then delivers."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.services.reminders import CycleReport, run_cycle
from bot.store import SqlUnitOfWork
from bot.tg.context import deps
from bot.tg.dispatcher import deliver_soon

logger = logging.getLogger(__name__)

CLOCK_INTERVAL = 60.0
TelegramApp = Application[Any, Any, Any, Any, Any, Any]


async def tick(application: TelegramApp) -> CycleReport:
    """One cycle at the application's clock; what it queued goes out at once."""
    shared = deps(application)
    report = await run_cycle(SqlUnitOfWork(shared.sessions), at=shared.clock())
    if report.soon or report.overdue or report.group_messages or report.digests:
        logger.info(
            "clock: %d soon, %d overdue, %d group, %d digests",
            report.soon,
            report.overdue,
            report.group_messages,
            report.digests,
        )
        deliver_soon(application)
    return report


async def _clock_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue's minute."""
    await tick(context.application)


def start_clock(application: TelegramApp, *, interval: float = CLOCK_INTERVAL) -> None:
    """Run the clock every ``interval`` seconds while the application runs."""
    if application.job_queue is None:
        raise RuntimeError("the clock needs PTB's JobQueue (python-telegram-bot[job-queue])")
    application.job_queue.run_repeating(
        _clock_job,
        interval=interval,
        first=interval,
        name="clock",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
