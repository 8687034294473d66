"""One transaction per service call, started over when a concurrent write wins.

Only genuine races are retried (the store raises ConcurrentUpdateError for lock
conflicts, serialisation failures, stale versions and the unique keys that only a race
can violate). A unique key broken by the request itself is a DuplicateError at once.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.i18n import _
from bot.services.errors import ConflictError, DuplicateError, InvalidRequestError
from bot.store import (
    ConcurrentUpdateError,
    IntegrityViolationError,
    SqlUnitOfWork,
    ValueRejectedError,
)

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
        except ValueRejectedError as exc:
            raise InvalidRequestError(
                field="value", reason=_("a value is too long or not allowed")
            ) from exc
        except IntegrityViolationError as exc:
            if exc.duplicate is None:
                raise  # a foreign key or a missing value: a bug, not the user's doing
            raise DuplicateError(what=exc.duplicate, constraint=exc.constraint) from exc
        # A little jitter, so writers that collided do not collide again in lockstep.
        await asyncio.sleep(random.uniform(0, 0.002 * attempt))
    raise AssertionError("unreachable")
