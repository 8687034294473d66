"""What every handler reaches through ``context.bot_data``: the store and the clock.

Handlers never open sessions or read the clock themselves: ``unit_of_work(context)``
gives a fresh unit of work for one service call and ``now(context)`` the current
instant (tests inject a fixed or stepping clock through ``build_application``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings
from bot.store import SqlUnitOfWork

Clock = Callable[[], datetime]

DEPS_KEY = "deps"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Deps:
    """The bot's shared dependencies; one per Application."""

    settings: Settings
    sessions: Any  # bot.store session factory (async_sessionmaker)
    clock: Clock = utc_now


def deps(context: Any) -> Deps:
    """The dependencies of the application that runs this handler."""
    found: Deps = context.bot_data[DEPS_KEY]
    return found


def unit_of_work(context: Any) -> SqlUnitOfWork:
    """A fresh unit of work: give each service call (and each concurrent update) its own."""
    return SqlUnitOfWork(deps(context).sessions)


def now(context: Any) -> datetime:
    """The current instant, from the application's clock (UTC, aware)."""
    return deps(context).clock()
