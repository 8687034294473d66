"""Runs and their tasks and outputs, mapped to and from the engine's RunState.

Person ids cross into the engine as text (``str(person.id)``) and come back as ints.
``save_state`` writes only what changed and always bumps the run's version, so a
save based on a stale read fails (ConcurrentUpdateError) instead of overwriting.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import col, select

from bot.engine import OPEN_TASK_STATUSES, OutputRef, RunState, RunStatus, Task, TaskStatus
from bot.sop.waktu import Standard
from bot.store.errors import UnitOfWorkStateError
from bot.store.models import RUN_ID_LENGTH, Output, Run, TaskRow
from bot.store.records import OpenTask, OutputInfo, OutputKind, OutputMeta, RunContext
from bot.store.repositories.base import Repository
from bot.store.repositories.offices import OfficeRepository
from bot.store.repositories.sops import SopRepository


def _person(value: str | None) -> int | None:
    return None if value is None else int(value)


def _refs(refs: tuple[OutputRef, ...]) -> list[dict[str, str]]:
    return [{"ref": ref.ref, "name": ref.name} for ref in refs]


def _task(row: TaskRow, output_name: str | None) -> Task:
    """The engine's Task from a row (and the file name of its output)."""
    output = None
    if row.output_id is not None:
        output = OutputRef(ref=str(row.output_id), name=output_name or "")
    return Task(
        no=row.no,
        step=row.step,
        iteration=row.iteration,
        role=row.role,
        assignee=str(row.assignee_id),
        assigned_at=row.assigned_at,
        status=TaskStatus(row.status),
        standard=Standard.from_dict(row.standard),
        due_at=row.due_at,
        inputs=tuple(OutputRef(ref=i["ref"], name=i.get("name", "")) for i in row.inputs),
        started_at=row.started_at,
        completed_at=row.completed_at,
        completed_by=None if row.completed_by is None else str(row.completed_by),
        output=output,
        approved=row.approved,
        reason=row.reason,
        lead_minutes=row.lead_minutes,
        processing_minutes=row.processing_minutes,
        late_minutes=row.late_minutes,
    )


def _fill(row: TaskRow, task: Task) -> None:
    """Copy a Task onto its row; unchanged values cause no UPDATE."""
    values: dict[str, Any] = {
        "step": task.step,
        "iteration": task.iteration,
        "role": task.role,
        "assignee_id": int(task.assignee),
        "status": task.status.value,
        "assigned_at": task.assigned_at,
        "started_at": task.started_at,
        "completed_at": task.completed_at,
        "completed_by": _person(task.completed_by),
        "due_at": task.due_at,
        "standard": task.standard.to_dict(),
        "lead_minutes": task.lead_minutes,
        "processing_minutes": task.processing_minutes,
        "late_minutes": task.late_minutes,
        "approved": task.approved,
        "reason": task.reason,
        "output_id": None if task.output is None else int(task.output.ref),
        "inputs": _refs(task.inputs),
    }
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _output(row: Output) -> OutputInfo:
    assert row.id is not None
    meta = OutputMeta(
        telegram_file_id=row.telegram_file_id,
        telegram_file_unique_id=row.telegram_file_unique_id,
        file_name=row.file_name,
        kind=OutputKind(row.kind),
        size=row.size,
        mime_type=row.mime_type,
        sha256=row.sha256,
    )
    return OutputInfo(
        id=row.id,
        run_id=row.run_id,
        task_no=row.task_no,
        meta=meta,
        uploaded_by=row.uploaded_by,
        uploaded_at=row.uploaded_at,
    )


class RunRepository(Repository):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rows this unit of work loaded or created, so save_state can diff against them.
        self._tracked: dict[str, tuple[Run, dict[int, TaskRow]]] = {}

    @staticmethod
    def new_id() -> str:
        """A random run id for callback data (12 URL-safe characters, 72 bits)."""
        return secrets.token_urlsafe(9)[:RUN_ID_LENGTH]

    async def create(self, *, state: RunState, office_id: int, sop_version_id: int) -> None:
        """Insert a new run and its first tasks."""
        run = Run(
            id=state.run_id,
            office_id=office_id,
            sop_version_id=sop_version_id,
            sop_key=state.sop_key,
            status=state.status.value,
            started_by=int(state.started_by),
            started_at=state.started_at,
            finished_at=state.finished_at,
        )
        self.session.add(run)
        self._tracked[state.run_id] = (run, {})
        self._write_tasks(state)
        await self.session.flush()

    async def get_state(self, run_id: str, *, lock: bool = False) -> RunContext | None:
        """The run's state, its own SOP version and its office; None if there is no run.

        ``lock`` takes the run's row lock on PostgreSQL (FOR NO KEY UPDATE: it does not
        block foreign-key checks of rows that refer to the run), so a concurrent action
        waits and then reads the winner's state; SQLite serialises writers already.
        """
        locking = {"key_share": True} if lock else None
        run = await self.session.get(Run, run_id, with_for_update=locking)
        if run is None:
            return None
        found = await self.session.execute(
            select(TaskRow, Output.file_name)
            .outerjoin(Output, col(Output.id) == col(TaskRow.output_id))
            .where(TaskRow.run_id == run_id)
            .order_by(col(TaskRow.no))
        )
        rows: dict[int, TaskRow] = {}
        tasks = []
        for row, output_name in found:
            rows[row.no] = row
            tasks.append(_task(row, output_name))
        self._tracked[run_id] = (run, rows)
        sop = await SopRepository(self.session).sop_of(run.sop_version_id)
        office = await OfficeRepository(self.session).get(run.office_id)
        assert sop is not None and office is not None  # foreign keys guarantee both
        state = RunState(
            run_id=run.id,
            sop_key=run.sop_key,
            started_at=run.started_at,
            started_by=str(run.started_by),
            status=RunStatus(run.status),
            tasks=tuple(tasks),
            finished_at=run.finished_at,
        )
        return RunContext(state=state, sop=sop, office=office)

    async def save_state(self, state: RunState) -> None:
        """Write the changed tasks and bump the run's version (checked against the read)."""
        if state.run_id not in self._tracked:
            raise UnitOfWorkStateError(f"run {state.run_id} was not loaded in this unit of work")
        run, _rows = self._tracked[state.run_id]
        run.status = state.status.value
        run.finished_at = state.finished_at
        # An UPDATE on every action, even one that leaves the run row as it was: the
        # version check in its WHERE clause is what makes the loser of a race fail.
        flag_modified(run, "status")
        self._write_tasks(state)
        await self.session.flush()

    def _write_tasks(self, state: RunState) -> None:
        _run, rows = self._tracked[state.run_id]
        for task in state.tasks:
            row = rows.get(task.no)
            if row is None:
                row = TaskRow(
                    run_id=state.run_id, no=task.no, step=task.step, iteration=task.iteration
                )
                rows[task.no] = row
                self.session.add(row)
            _fill(row, task)

    async def add_output(
        self, *, run_id: str, task_no: int, meta: OutputMeta, by: int, at: datetime
    ) -> OutputInfo:
        """Store an uploaded output file's metadata; its id becomes the OutputRef."""
        row = Output(
            run_id=run_id,
            task_no=task_no,
            telegram_file_id=meta.telegram_file_id,
            telegram_file_unique_id=meta.telegram_file_unique_id,
            file_name=meta.file_name,
            size=meta.size,
            mime_type=meta.mime_type,
            kind=meta.kind.value,
            sha256=meta.sha256,
            uploaded_by=by,
            uploaded_at=at,
        )
        self.session.add(row)
        await self.session.flush()
        return _output(row)

    async def outputs_of(self, run_id: str) -> list[OutputInfo]:
        """Every file uploaded in a run, oldest first."""
        rows = await self.session.scalars(
            select(Output).where(Output.run_id == run_id).order_by(col(Output.id))
        )
        return [_output(row) for row in rows]

    async def open_tasks_of(self, person_id: int) -> list[OpenTask]:
        """A person's open tasks in every office, soonest due first."""
        found = await self.session.execute(
            select(TaskRow, Run.office_id, Run.sop_key)
            .join(Run, col(Run.id) == col(TaskRow.run_id))
            .where(
                TaskRow.assignee_id == person_id,
                col(TaskRow.status).in_([status.value for status in OPEN_TASK_STATUSES]),
            )
            .order_by(col(TaskRow.due_at).is_(None), col(TaskRow.due_at), col(TaskRow.id))
        )
        return [
            OpenTask(run_id=row.run_id, office_id=office_id, sop_key=sop_key, task=_task(row, None))
            for row, office_id, sop_key in found
        ]
