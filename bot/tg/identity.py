"""What the bot learns about itself at start-up and keeps for the ``sopbot`` command."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.services.administration import remember_bot_username
from bot.store import SqlUnitOfWork
from bot.tg.context import DEPS_KEY, Deps


async def remember_identity(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Store the bot's username from getMe, so that ``sopbot invite`` can build links.

    Call from post_init: by then ``initialize()`` has asked Telegram who the bot is.
    """
    found: Deps = application.bot_data[DEPS_KEY]
    await remember_bot_username(
        SqlUnitOfWork(found.sessions), username=application.bot.username, at=found.clock()
    )
