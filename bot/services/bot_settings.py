"""What the bot remembers about itself between starts."""

from __future__ import annotations

from datetime import datetime

from bot.services.transaction import in_transaction
from bot.store import SqlUnitOfWork

BOT_USERNAME = "bot_username"
"""The username from the bot's last successful getMe (for invite links)."""


async def remember(uow: SqlUnitOfWork, *, key: str, value: str, at: datetime) -> None:
    async def work() -> None:
        await uow.bot_settings.put(key=key, value=value, at=at)

    await in_transaction(uow, work)


async def recall(uow: SqlUnitOfWork, *, key: str) -> str | None:
    async def work() -> str | None:
        return await uow.bot_settings.get(key)

    return await in_transaction(uow, work)
