"""Delivery against a Bot API stub that enforces Telegram's limits (time scaled)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import session_factory
from tests.tg.limited_api import run_delivery


async def test_every_message_arrives_once_in_order_near_the_floor(engine: AsyncEngine) -> None:
    figures = await run_delivery(
        session_factory(engine), chats=10, per_chat=4, groups=2, per_group=26, scale=0.02
    )
    print(
        f"delivered {figures.delivered} in {figures.seconds:.2f} s, floor {figures.floor:.2f} s, "
        f"{figures.n429} answers 429"
    )
    assert (figures.delivered, figures.duplicates, figures.lost) == (92, 0, 0)
    assert figures.out_of_order == 0
