"""The append-only event log: every engine event, as it happened."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import col, select

from bot.store.models import EventLog
from bot.store.records import EventEntry, EventRecord
from bot.store.repositories.base import Repository
from bot.store.sqlite_driver import write_behind


class EventRepository(Repository):
    async def append(self, *, entries: Sequence[EventEntry]) -> None:
        """Append events in one statement (the database stamps ``recorded_at``)."""
        if not entries:
            return
        await self.session.execute(
            # Append-only and never read back in the same transaction.
            write_behind(insert(EventLog.__table__)),  # type: ignore[attr-defined]
            [
                {
                    "run_id": entry.run_id,
                    "office_id": entry.office_id,
                    "kind": entry.kind,
                    "payload": entry.payload,
                    "at": entry.at,
                }
                for entry in entries
            ],
        )

    async def for_run(self, run_id: str) -> list[EventRecord]:
        """A run's events in the order they were recorded."""
        rows = await self.session.scalars(
            select(EventLog).where(EventLog.run_id == run_id).order_by(col(EventLog.id))
        )
        return [
            EventRecord(
                id=row.id or 0,
                run_id=row.run_id,
                office_id=row.office_id,
                kind=row.kind,
                at=row.at,
                recorded_at=row.recorded_at,
                payload=row.payload,
            )
            for row in rows
        ]
