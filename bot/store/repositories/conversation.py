"""What the Telegram conversation reads beside runs: run lists, a task's files, names, prompts.

Prompts (a file or a reason the bot is waiting for) are kept in ``bot_settings`` under
a key per person, so a restart in the middle of a conversation loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select

from bot.engine import OPEN_TASK_STATUSES, RunStatus
from bot.store.models import BotSetting, Output, Person, Run, TaskRow
from bot.store.records import OutputInfo
from bot.store.repositories.base import Repository
from bot.store.repositories.runs import _output


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenStep:
    """An open task of a run as a run list shows it: the step and who holds it."""

    task_no: int
    step: int
    assignee_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSummary:
    """An active run with its open tasks, for /status and /batal."""

    run_id: str
    office_id: int
    sop_key: str
    sop_version_id: int
    started_by: int
    started_at: datetime
    open_steps: tuple[OpenStep, ...]


class ConversationRepository(Repository):
    async def active_runs(self, office_ids: Iterable[int]) -> list[RunSummary]:
        """The active runs of these offices, oldest first, with their open tasks."""
        ids = list(office_ids)
        if not ids:
            return []
        runs = list(
            await self.session.scalars(
                select(Run)
                .where(col(Run.office_id).in_(ids), Run.status == RunStatus.ACTIVE.value)
                .order_by(col(Run.started_at), col(Run.id))
            )
        )
        if not runs:
            return []
        found = await self.session.execute(
            select(TaskRow.run_id, TaskRow.no, TaskRow.step, TaskRow.assignee_id)
            .where(
                col(TaskRow.run_id).in_([run.id for run in runs]),
                col(TaskRow.status).in_([status.value for status in OPEN_TASK_STATUSES]),
            )
            .order_by(col(TaskRow.no))
        )
        steps: dict[str, list[OpenStep]] = {}
        for run_id, no, step, assignee_id in found:
            steps.setdefault(run_id, []).append(
                OpenStep(task_no=no, step=step, assignee_id=assignee_id)
            )
        return [
            RunSummary(
                run_id=run.id,
                office_id=run.office_id,
                sop_key=run.sop_key,
                sop_version_id=run.sop_version_id,
                started_by=run.started_by,
                started_at=run.started_at,
                open_steps=tuple(steps.get(run.id, ())),
            )
            for run in runs
        ]

    async def task_outputs(self, *, run_id: str, task_no: int) -> list[OutputInfo]:
        """The files uploaded for one task, in the order they came."""
        rows = await self.session.scalars(
            select(Output)
            .where(Output.run_id == run_id, Output.task_no == task_no)
            .order_by(col(Output.id))
        )
        return [_output(row) for row in rows]

    async def display_names(self, person_ids: Iterable[int]) -> dict[int, str]:
        """Person id -> display name for the given people."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        found = await self.session.execute(
            select(Person.id, Person.display_name).where(col(Person.id).in_(ids))
        )
        return {person_id: name for person_id, name in found if person_id is not None}

    async def get_value(self, key: str) -> str | None:
        """A stored conversation value (a pending prompt), or None."""
        row = await self.session.get(BotSetting, key)
        return None if row is None else row.value

    async def put_value(self, *, key: str, value: str, at: datetime) -> None:
        """Insert or replace a conversation value."""
        row = await self.session.get(BotSetting, key)
        if row is None:
            self.session.add(BotSetting(key=key, value=value, updated_at=at))
        else:
            row.value = value
            row.updated_at = at
        await self.session.flush()

    async def take_value(self, *, key: str, value: str | None = None) -> bool:
        """Delete a value (only if it still is ``value``, when given); True if one was deleted."""
        statement = delete(BotSetting).where(col(BotSetting.key) == key)
        if value is not None:
            statement = statement.where(col(BotSetting.value) == value)
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0))
