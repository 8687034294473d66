"""SOP versions: immutable definitions, found by content hash, and the current one per SOP."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from bot.sop.model import Sop
from bot.store.caches import caches_of
from bot.store.models import SopCurrent, SopVersion
from bot.store.records import SopVersionInfo
from bot.store.repositories.base import Repository

# Parsed definitions by content hash: a version never changes, so neither does its Sop.
_SOP_CACHE: dict[str, Sop] = {}
_SOP_CACHE_SIZE = 256


def canonical_sha256(definition: dict[str, Any]) -> str:
    """SHA-256 of the definition as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_definition(sha256: str, definition: dict[str, Any]) -> Sop:
    """The Sop of a stored definition, parsed once per process."""
    sop = _SOP_CACHE.get(sha256)
    if sop is None:
        if len(_SOP_CACHE) >= _SOP_CACHE_SIZE:
            _SOP_CACHE.clear()
        sop = _SOP_CACHE[sha256] = Sop.model_validate(definition)
    return sop


def _info(row: SopVersion) -> SopVersionInfo:
    assert row.id is not None
    return SopVersionInfo(
        id=row.id,
        office_id=row.office_id,
        sop_key=row.sop_key,
        version=row.version,
        sha256=row.sha256,
        created_at=row.created_at,
    )


class SopRepository(Repository):
    async def find(
        self, *, office_id: int, sop_key: str, definition: dict[str, Any]
    ) -> SopVersionInfo | None:
        """The stored version with exactly this definition, if any."""
        row = await self.session.scalar(
            select(SopVersion).where(
                SopVersion.office_id == office_id,
                SopVersion.sop_key == sop_key,
                SopVersion.sha256 == canonical_sha256(definition),
            )
        )
        return None if row is None else _info(row)

    async def add_version(
        self, *, office_id: int, sop_key: str, definition: dict[str, Any], at: datetime
    ) -> SopVersionInfo:
        """Store a new version numbered after the highest one (a race fails on commit)."""
        highest = await self.session.scalar(
            select(func.max(SopVersion.version)).where(
                SopVersion.office_id == office_id, SopVersion.sop_key == sop_key
            )
        )
        row = SopVersion(
            office_id=office_id,
            sop_key=sop_key,
            version=(highest or 0) + 1,
            definition=definition,
            sha256=canonical_sha256(definition),
            created_at=at,
        )
        self.session.add(row)
        await self.session.flush()
        return _info(row)

    async def current(self, *, office_id: int, sop_key: str) -> SopVersionInfo | None:
        """The version that new runs of this SOP use."""
        row = await self.session.scalar(
            select(SopVersion)
            .join(SopCurrent, col(SopCurrent.sop_version_id) == col(SopVersion.id))
            .where(SopCurrent.office_id == office_id, SopCurrent.sop_key == sop_key)
        )
        return None if row is None else _info(row)

    async def set_current(
        self, *, office_id: int, sop_key: str, sop_version_id: int, at: datetime
    ) -> None:
        """Point new runs of this SOP at ``sop_version_id``."""
        row = await self.session.scalar(
            select(SopCurrent).where(
                SopCurrent.office_id == office_id, SopCurrent.sop_key == sop_key
            )
        )
        if row is None:
            row = SopCurrent(office_id=office_id, sop_key=sop_key, sop_version_id=sop_version_id)
            self.session.add(row)
        row.sop_version_id = sop_version_id
        row.published_at = at
        await self.session.flush()

    async def list_current(self, office_id: int) -> list[SopVersionInfo]:
        """The current version of every SOP of an office, by key."""
        rows = await self.session.scalars(
            select(SopVersion)
            .join(SopCurrent, col(SopCurrent.sop_version_id) == col(SopVersion.id))
            .where(SopCurrent.office_id == office_id)
            .order_by(col(SopVersion.sop_key))
        )
        return [_info(row) for row in rows]

    async def sop_of(self, sop_version_id: int) -> Sop | None:
        """The definition of one version as a Sop (versions never change: cached)."""
        cache = caches_of(self.session).sops
        sop = cache.get(sop_version_id)
        if sop is not None:
            return sop
        found = (
            await self.session.execute(
                select(SopVersion.sha256, SopVersion.definition).where(
                    SopVersion.id == sop_version_id
                )
            )
        ).first()
        if found is None:
            return None
        sop = parse_definition(found.sha256, found.definition)
        cache.put(sop_version_id, sop)
        return sop
