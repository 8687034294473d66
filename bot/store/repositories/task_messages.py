"""Which Telegram message shows which task card to whom, so that cards can be edited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from bot.store.models import TaskMessage
from bot.store.records import TaskMessageInfo
from bot.store.repositories.base import Repository

CardKey = tuple[str, int, int]
"""(run id, task no, person id): one card per task and person."""


def _info(row: TaskMessage) -> TaskMessageInfo:
    """A record from a task_messages row."""
    return TaskMessageInfo(
        run_id=row.run_id,
        task_no=row.task_no,
        person_id=row.person_id,
        chat_id=row.chat_id,
        message_id=row.message_id,
        sent_at=row.sent_at,
    )


class TaskMessageRepository(Repository):
    async def record(self, *, cards: Sequence[TaskMessageInfo]) -> None:
        """Remember the message of each card in one statement; a card sent again replaces it."""
        if not cards:
            return
        dialect = self.session.get_bind().dialect.name
        module: Any = postgresql if dialect == "postgresql" else sqlite
        insert = module.insert(TaskMessage)
        statement = insert.on_conflict_do_update(
            index_elements=["run_id", "task_no", "person_id"],
            set_={
                "chat_id": insert.excluded.chat_id,
                "message_id": insert.excluded.message_id,
                "sent_at": insert.excluded.sent_at,
            },
        )
        await self.session.execute(
            statement,
            [
                {
                    "run_id": card.run_id,
                    "task_no": card.task_no,
                    "person_id": card.person_id,
                    "chat_id": card.chat_id,
                    "message_id": card.message_id,
                    "sent_at": card.sent_at,
                }
                for card in cards
            ],
        )

    async def of_runs(self, run_ids: Iterable[str]) -> dict[CardKey, TaskMessageInfo]:
        """Every card message of these runs, by (run id, task no, person id)."""
        wanted = sorted(set(run_ids))
        if not wanted:
            return {}
        rows = await self.session.scalars(
            select(TaskMessage).where(col(TaskMessage.run_id).in_(wanted))
        )
        return {(row.run_id, row.task_no, row.person_id): _info(row) for row in rows}

    async def for_message(self, *, chat_id: int, message_id: int) -> TaskMessageInfo | None:
        """The task card a message is (e.g. the card a person replied to with a file)."""
        row = await self.session.scalar(
            select(TaskMessage).where(
                TaskMessage.chat_id == chat_id, TaskMessage.message_id == message_id
            )
        )
        return None if row is None else _info(row)
