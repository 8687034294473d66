"""Small facts the bot remembers between starts (its username from getMe, …)."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import BotSetting
from bot.store.repositories.base import Repository


class BotSettingRepository(Repository):
    async def get(self, key: str) -> str | None:
        row = await self.session.get(BotSetting, key)
        return None if row is None else row.value

    async def put(self, *, key: str, value: str, at: datetime) -> None:
        """Insert or replace one value."""
        row = await self.session.get(BotSetting, key)
        if row is None:
            self.session.add(BotSetting(key=key, value=value, updated_at=at))
        else:
            row.value = value
            row.updated_at = at
        await self.session.flush()
