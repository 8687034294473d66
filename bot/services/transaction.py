"""One transaction per service call, started over when a concurrent write wins."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.services.errors import ConflictError
from bot.store import ConcurrentUpdateError, SqlUnitOfWork

T = TypeVar("T")

# Each lost race means another writer finished; five rounds cover five simultaneous presses.
ATTEMPTS = 5


async def in_transaction(
    uow: SqlUnitOfWork, work: Callable[[], Awaitable[T]], *, attempts: int = ATTEMPTS
) -> T:
    """Run ``work`` inside ``uow`` and commit; on ConcurrentUpdateError reload and retry."""
    for attempt in range(1, attempts + 1):
        try:
            async with uow:
                result = await work()
                await uow.commit()
                return result
        except ConcurrentUpdateError as exc:
            if attempt == attempts:
                raise ConflictError(attempts=attempts) from exc
        # A little jitter, so writers that collided do not collide again in lockstep.
        await asyncio.sleep(random.uniform(0, 0.002 * attempt))
    raise AssertionError("unreachable")
