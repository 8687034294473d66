"""Telegram's limits: PTB's AIORateLimiter (overall, per group) plus one per private chat.

AIORateLimiter keeps the bot under about 30 messages a second overall and 20 a minute
per group, and on a 429 waits the ``retry_after`` Telegram names. It has no limit per
private chat, where Telegram allows about one message a second: ``ChatRateLimiter``
adds that, so a burst to one person is spaced instead of answered with 429s.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]
# Limiters of chats not written to for this long are dropped (they refill fully by then).
_IDLE_CHATS = 10_000


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter with a limit per private chat (``chat_max_rate`` per ``chat_time_period``)."""

    def __init__(
        self,
        *,
        overall_max_rate: float = FloodLimit.MESSAGES_PER_SECOND,
        overall_time_period: float = 1,
        group_max_rate: float = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        group_time_period: float = 60,
        chat_max_rate: float = FloodLimit.MESSAGES_PER_SECOND_PER_CHAT,
        chat_time_period: float = 1,
        max_retries: int = 0,
    ) -> None:
        super().__init__(
            overall_max_rate=overall_max_rate,
            overall_time_period=overall_time_period,
            group_max_rate=group_max_rate,
            group_time_period=group_time_period,
            max_retries=max_retries,
        )
        self._chat_rate = (chat_max_rate, chat_time_period)
        self._chats: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        """The limiter of one private chat (made on first use)."""
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if len(self._chats) > _IDLE_CHATS:
                self._chats = {
                    k: v for k, v in self._chats.items() if not v.has_capacity(v.max_rate)
                }
            limiter = self._chats[chat_id] = AsyncLimiter(*self._chat_rate)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the private chat's turn, then apply AIORateLimiter's limits."""
        chat_id = data.get("chat_id")
        if isinstance(chat_id, int) and chat_id > 0 and self._chat_rate[0]:
            async with self._chat_limiter(chat_id):
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
