"""The bot's pulse: when it last reached the Bot API, kept in the bot_settings table.

The running bot records every successful contact (``bot.tg.heartbeat``) and
``sopbot health`` (the Docker HEALTHCHECK) reads it back from another process.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services.bot_settings import recall, remember
from bot.store import SqlUnitOfWork

BOT_API_CONTACT = "bot_api_contact_at"
"""Key in bot_settings: ISO instant (UTC) of the last successful Bot API call."""

HEARTBEAT_INTERVAL = timedelta(minutes=1)
# Three missed beats mean polling has stalled or the network is gone.
MAX_SILENCE = 3 * HEARTBEAT_INTERVAL


async def record_contact(uow: SqlUnitOfWork, *, at: datetime) -> None:
    """Remember that the Bot API answered at ``at``."""
    await remember(uow, key=BOT_API_CONTACT, value=at.isoformat(), at=at)


async def last_contact(uow: SqlUnitOfWork) -> datetime | None:
    """When the Bot API last answered the bot, or None if it never has."""
    value = await recall(uow, key=BOT_API_CONTACT)
    return None if value is None else datetime.fromisoformat(value)
