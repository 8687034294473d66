"""Updates are handled side by side: one slow update does not hold up the next one."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import TypeHandler

from tests.tg.delivery_world import World, world
from tests.tg.fakes import command_update

__all__ = ["world"]


async def test_a_second_update_is_handled_while_the_first_still_waits(world: World) -> None:
    application = world.app
    second_seen = asyncio.Event()
    order: list[int] = []

    async def handle(update: Update, _context: Any) -> None:
        if update.update_id == 1:
            # Sequential processing would wait here forever: update 2 never starts.
            await asyncio.wait_for(second_seen.wait(), timeout=5)
        else:
            second_seen.set()
        order.append(update.update_id)

    application.add_handler(TypeHandler(Update, handle), group=-100)
    await application.start()
    try:
        for update_id in (1, 2):
            data = {**command_update("/bantuan"), "update_id": update_id}
            await application.update_queue.put(Update.de_json(data, application.bot))
        for _ in range(100):
            if len(order) == 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await application.stop()
    assert order == [2, 1]
