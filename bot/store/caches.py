"""Per-process caches of what rarely changes, kept per database engine.

- SOP versions are immutable: a version id maps to its parsed ``Sop`` for good.
- An office's calendar, role holders and acting officials are cached as one
  `OfficeSnapshot` keyed by the office's ``revision`` counter, which every write to
  them bumps in the same transaction (``bump_office_revision``). The run's loading
  query reads the counter, so a stale copy is noticed even when another process
  made the change.

Caches hang off the engine: two databases (tests, or a bench beside the bot) never
share ids, so they never share entries.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from bot.sop.model import Sop
from bot.store.models import Office
from bot.store.records import OfficeSnapshot

K = TypeVar("K")
V = TypeVar("V")


class _Lru(Generic[K, V]):
    """A small least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


@dataclass
class StoreCaches:
    sops: _Lru[int, Sop] = field(default_factory=lambda: _Lru(512))
    offices: _Lru[int, OfficeSnapshot] = field(default_factory=lambda: _Lru(1024))
    # SQLite whose transactions begin IMMEDIATE: one writer at a time, so what a writer
    # read cannot change under it (set by ``bot.store.db.make_engine``).
    serialized_writes: bool = False


_BY_ENGINE: WeakKeyDictionary[Engine, StoreCaches] = WeakKeyDictionary()


def caches_of(session: AsyncSession) -> StoreCaches:
    """The caches of the database this session talks to."""
    engine = session.sync_session.get_bind()
    assert isinstance(engine, Engine)
    return caches_of_engine(engine)


def caches_of_engine(engine: Engine) -> StoreCaches:
    found = _BY_ENGINE.get(engine)
    if found is None:
        found = _BY_ENGINE[engine] = StoreCaches()
    return found


async def bump_office_revision(session: AsyncSession, office_id: int) -> None:
    """Mark the office's cached calendar and people stale, in the writer's transaction."""
    await session.execute(
        update(Office)
        .where(Office.id == office_id)  # type: ignore[arg-type]
        .values(revision=Office.revision + 1)
        .execution_options(synchronize_session=False)
    )
