"""Runs and their tasks and outputs, mapped to and from the engine's RunState.

Person ids cross into the engine as text (``str(person.id)``) and come back as ints.
Every button press goes through here, so the hot path uses prebuilt Core statements
(compiled once, cached by SQLAlchemy) instead of ORM objects: one query loads the run,
its office's revision and every task; ``save_state`` writes only the tasks that changed
and bumps the run's version with a check against the version read, so a save based on
a stale read fails (ConcurrentUpdateError) instead of overwriting.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import col

from bot.engine import OPEN_TASK_STATUSES, OutputRef, RunState, RunStatus, Task, TaskStatus
from bot.sop.waktu import Standard
from bot.store.caches import caches_of
from bot.store.errors import ConcurrentUpdateError, UnitOfWorkStateError
from bot.store.models import RUN_ID_LENGTH, Office, Output, Run, TaskRow
from bot.store.records import OpenTask, OutputInfo, OutputKind, OutputMeta, RunContext
from bot.store.repositories.base import Repository
from bot.store.repositories.offices import OfficeRepository
from bot.store.repositories.sops import SopRepository
from bot.store.sqlite_driver import write_behind

_RUN = Run.__table__  # type: ignore[attr-defined]
_TASK = TaskRow.__table__  # type: ignore[attr-defined]
_OUTPUT = Output.__table__  # type: ignore[attr-defined]
_OFFICE = Office.__table__  # type: ignore[attr-defined]

# Task columns the engine's Task maps to (everything but the surrogate key and run id).
_TASK_FIELDS = tuple(c.name for c in _TASK.c if c.name not in ("id", "run_id", "no"))


def _load_statement() -> Any:
    statement = (
        select(
            _RUN.c.id,
            _RUN.c.office_id,
            _RUN.c.sop_version_id,
            _RUN.c.sop_key,
            _RUN.c.status,
            _RUN.c.started_by,
            _RUN.c.started_at,
            _RUN.c.finished_at,
            _RUN.c.version,
            _OFFICE.c.revision.label("office_revision"),
            _TASK.c.no.label("t_no"),
            *(_TASK.c[name].label(f"t_{name}") for name in _TASK_FIELDS),
            _OUTPUT.c.file_name.label("t_output_name"),
        )
        .select_from(
            _RUN.join(_OFFICE, _OFFICE.c.id == _RUN.c.office_id)
            .outerjoin(_TASK, _TASK.c.run_id == _RUN.c.id)
            .outerjoin(_OUTPUT, _OUTPUT.c.id == _TASK.c.output_id)
        )
        .where(_RUN.c.id == bindparam("b_run"))
        .order_by(_TASK.c.no)
    )
    return statement


_LOAD = _load_statement()
# FOR NO KEY UPDATE on PostgreSQL: it does not block the foreign-key checks of rows that
# refer to the run. It is a statement of its own: a locking SELECT that waited for another
# transaction re-reads only the locked row, and would join it with tasks as they were
# before the wait. Read after the lock, the tasks include the winner's writes.
#
# The lock is taken by bumping the run's version at once (an UPDATE of a non-key column
# takes FOR NO KEY UPDATE): one round trip for both, and nobody can change the run again
# before this transaction ends, so the later save needs no version check.
_LOCK_AND_BUMP = (
    update(_RUN)
    .where(_RUN.c.id == bindparam("b_run"))
    .values(version=_RUN.c.version + 1)
    .returning(_RUN.c.version)
)
# SQLite's writers run one at a time: the bump cannot lose a race and rides along.
_BUMP_SERIALIZED = write_behind(
    update(_RUN).where(_RUN.c.id == bindparam("b_run")).values(version=_RUN.c.version + 1)
)
_SET_STATUS = write_behind(
    update(_RUN)
    .where(_RUN.c.id == bindparam("b_run"))
    .values(status=bindparam("b_status"), finished_at=bindparam("b_finished_at"))
)
# Without a lock (a read that did not take one): the version read must still be there.
_BUMP_RUN = (
    update(_RUN)
    .where(_RUN.c.id == bindparam("b_run"), _RUN.c.version == bindparam("b_version"))
    .values(
        status=bindparam("b_status"),
        finished_at=bindparam("b_finished_at"),
        version=bindparam("b_version") + 1,
    )
)
# Nobody reads what these two return: on SQLite they ride along with the next hand-off.
_UPDATE_TASK = write_behind(
    update(_TASK)
    .where(_TASK.c.run_id == bindparam("b_run"), _TASK.c.no == bindparam("b_no"))
    .values({name: bindparam(f"b_{name}") for name in _TASK_FIELDS})
)
_INSERT_TASKS = write_behind(insert(_TASK))
_INSERT_OUTPUT = insert(_OUTPUT).returning(_OUTPUT.c.id)


def _person(value: str | None) -> int | None:
    return None if value is None else int(value)


def _task_values(task: Task) -> dict[str, Any]:
    """The task's columns (without run id and number) as the table stores them."""
    return {
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
        "inputs": [{"ref": ref.ref, "name": ref.name} for ref in task.inputs],
    }


def _task_from(row: Any, *, prefix: str = "") -> Task:
    """The engine's Task from a row whose task columns carry ``prefix``."""

    def get(name: str) -> Any:
        return getattr(row, prefix + name)

    output_id = get("output_id")
    output = None
    if output_id is not None:
        output = OutputRef(ref=str(output_id), name=get("output_name") or "")
    completed_by = get("completed_by")
    return Task(
        no=get("no"),
        step=get("step"),
        iteration=get("iteration"),
        role=get("role"),
        assignee=str(get("assignee_id")),
        assigned_at=get("assigned_at"),
        status=TaskStatus(get("status")),
        standard=Standard.from_dict(get("standard")),
        due_at=get("due_at"),
        inputs=tuple(OutputRef(ref=i["ref"], name=i.get("name", "")) for i in get("inputs")),
        started_at=get("started_at"),
        completed_at=get("completed_at"),
        completed_by=None if completed_by is None else str(completed_by),
        output=output,
        approved=get("approved"),
        reason=get("reason"),
        lead_minutes=get("lead_minutes"),
        processing_minutes=get("processing_minutes"),
        late_minutes=get("late_minutes"),
    )


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


@dataclass(slots=True, kw_only=True)
class _Tracked:
    """What this unit of work read or wrote of one run."""

    version: int
    tasks: dict[int, Task]
    status: RunStatus
    finished_at: datetime | None
    # Locked (or created) here: nobody else can write the run until this transaction ends.
    locked: bool


class RunRepository(Repository):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What this unit of work read or wrote per run: the version and the tasks, so
        # that save_state checks the version and writes only what changed.
        self._tracked: dict[str, _Tracked] = {}

    @staticmethod
    def new_id() -> str:
        """A random run id for callback data (12 URL-safe characters, 72 bits)."""
        return secrets.token_urlsafe(9)[:RUN_ID_LENGTH]

    async def create(self, *, state: RunState, office_id: int, sop_version_id: int) -> None:
        """Insert a new run and its first tasks."""
        await self.session.execute(
            insert(_RUN),
            [
                {
                    "id": state.run_id,
                    "office_id": office_id,
                    "sop_version_id": sop_version_id,
                    "sop_key": state.sop_key,
                    "status": state.status.value,
                    "started_by": int(state.started_by),
                    "started_at": state.started_at,
                    "finished_at": state.finished_at,
                    "version": 1,
                }
            ],
        )
        if state.tasks:
            await self.session.execute(
                _INSERT_TASKS,
                [
                    {"run_id": state.run_id, "no": task.no, **_task_values(task)}
                    for task in state.tasks
                ],
            )
        self._tracked[state.run_id] = _Tracked(
            version=1,
            tasks={task.no: task for task in state.tasks},
            status=state.status,
            finished_at=state.finished_at,
            locked=True,  # nobody else can see the run before this transaction commits
        )

    async def get_state(self, run_id: str, *, lock: bool = False) -> RunContext | None:
        """The run's state, its own SOP version and its office; None if there is no run.

        ``lock`` takes the run's row lock on PostgreSQL (and bumps its version), so a
        concurrent action waits and then reads the winner's state; SQLite serialises
        writers already (its transactions begin IMMEDIATE).
        """
        serialized = caches_of(self.session).serialized_writes
        locked = lock and (serialized or await self._lock(run_id))
        rows = (await self.session.execute(_LOAD, {"b_run": run_id})).all()
        if not rows:
            return None
        first = rows[0]
        if lock and serialized:
            await self.session.execute(_BUMP_SERIALIZED, {"b_run": run_id})
        tasks = tuple(_task_from(row, prefix="t_") for row in rows if row.t_no is not None)
        self._tracked[run_id] = _Tracked(
            version=first.version,
            tasks={task.no: task for task in tasks},
            status=RunStatus(first.status),
            finished_at=first.finished_at,
            locked=locked,
        )
        sop = await SopRepository(self.session).sop_of(first.sop_version_id)
        snapshot = await OfficeRepository(self.session).snapshot(
            first.office_id, revision=first.office_revision
        )
        assert sop is not None and snapshot is not None  # foreign keys guarantee both
        state = RunState(
            run_id=first.id,
            sop_key=first.sop_key,
            started_at=first.started_at,
            started_by=str(first.started_by),
            status=RunStatus(first.status),
            tasks=tasks,
            finished_at=first.finished_at,
        )
        return RunContext(state=state, sop=sop, office=snapshot.office, people=snapshot)

    async def _lock(self, run_id: str) -> bool:
        """Lock the run's row and bump its version; False when there is no such run."""
        found = await self.session.execute(_LOCK_AND_BUMP, {"b_run": run_id})
        return found.first() is not None

    async def save_state(self, state: RunState) -> None:
        """Write what changed; a run read without a lock has its version checked and bumped."""
        if state.run_id not in self._tracked:
            raise UnitOfWorkStateError(f"run {state.run_id} was not loaded in this unit of work")
        tracked = self._tracked[state.run_id]
        if tracked.locked:
            if (state.status, state.finished_at) != (tracked.status, tracked.finished_at):
                await self.session.execute(
                    _SET_STATUS,
                    {
                        "b_run": state.run_id,
                        "b_status": state.status.value,
                        "b_finished_at": state.finished_at,
                    },
                )
        else:
            await self._checked_bump(state, tracked.version)
        await self._write_tasks(state, tracked.tasks)
        self._tracked[state.run_id] = replace(
            tracked,
            version=tracked.version if tracked.locked else tracked.version + 1,
            tasks={task.no: task for task in state.tasks},
            status=state.status,
            finished_at=state.finished_at,
        )

    async def _checked_bump(self, state: RunState, version: int) -> None:
        # An UPDATE even when the run row stays as it was: the version check in its WHERE
        # clause is what makes the loser of a race fail.
        bumped = await self.session.execute(
            _BUMP_RUN,
            {
                "b_run": state.run_id,
                "b_version": version,
                "b_status": state.status.value,
                "b_finished_at": state.finished_at,
            },
        )
        if bumped.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentUpdateError(f"run {state.run_id} changed since it was read")

    async def _write_tasks(self, state: RunState, known: dict[int, Task]) -> None:
        changed = [task for task in state.tasks if task.no in known and known[task.no] != task]
        added = [task for task in state.tasks if task.no not in known]
        if changed:
            await self.session.execute(
                _UPDATE_TASK,
                [
                    {
                        "b_run": state.run_id,
                        "b_no": task.no,
                        **{f"b_{k}": v for k, v in _task_values(task).items()},
                    }
                    for task in changed
                ],
            )
        if added:
            await self.session.execute(
                _INSERT_TASKS,
                [{"run_id": state.run_id, "no": task.no, **_task_values(task)} for task in added],
            )

    async def add_output(
        self, *, run_id: str, task_no: int, meta: OutputMeta, by: int, at: datetime
    ) -> OutputInfo:
        """Store an uploaded output file's metadata; its id becomes the OutputRef."""
        found = await self.session.execute(
            _INSERT_OUTPUT,
            {
                "run_id": run_id,
                "task_no": task_no,
                "telegram_file_id": meta.telegram_file_id,
                "telegram_file_unique_id": meta.telegram_file_unique_id,
                "file_name": meta.file_name,
                "size": meta.size,
                "mime_type": meta.mime_type,
                "kind": meta.kind.value,
                "sha256": meta.sha256,
                "uploaded_by": by,
                "uploaded_at": at,
            },
        )
        return OutputInfo(
            id=found.scalar_one(),
            run_id=run_id,
            task_no=task_no,
            meta=meta,
            uploaded_by=by,
            uploaded_at=at,
        )

    async def outputs_of(self, run_id: str) -> list[OutputInfo]:
        """Every file uploaded in a run, oldest first."""
        rows = await self.session.scalars(
            select(Output).where(col(Output.run_id) == run_id).order_by(col(Output.id))
        )
        return [_output(row) for row in rows]

    async def open_tasks_of(self, person_id: int) -> list[OpenTask]:
        """A person's open tasks in every office, soonest due first."""
        found = await self.session.execute(
            select(
                *(_TASK.c[name] for name in ("run_id", "no", *_TASK_FIELDS)),
                _RUN.c.office_id,
                _RUN.c.sop_key,
                _OUTPUT.c.file_name.label("output_name"),
            )
            .select_from(
                _TASK.join(_RUN, _RUN.c.id == _TASK.c.run_id).outerjoin(
                    _OUTPUT, _OUTPUT.c.id == _TASK.c.output_id
                )
            )
            .where(
                _TASK.c.assignee_id == person_id,
                _TASK.c.status.in_([status.value for status in OPEN_TASK_STATUSES]),
            )
            .order_by(_TASK.c.due_at.is_(None), _TASK.c.due_at, _TASK.c.id)
        )
        return [
            OpenTask(
                run_id=row.run_id,
                office_id=row.office_id,
                sop_key=row.sop_key,
                task=_task_from(row),
            )
            for row in found
        ]
