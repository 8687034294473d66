"""Reads for the reports: plain columns in batches (SQLAlchemy Core), never ORM objects.

Mapping ORM objects costs tens of microseconds a row; a period report reads every
task of thousands of runs, so these queries select columns and build the reports'
own facts directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from bot.reports.facts import RunFact, TaskFact
from bot.sop.waktu import Standard
from bot.store.models import Office, Person, Run, TaskRow
from bot.store.repositories.base import Repository

_RUNS = Run.__table__.c  # type: ignore[attr-defined]
_TASKS = TaskRow.__table__.c  # type: ignore[attr-defined]
_PEOPLE = Person.__table__.c  # type: ignore[attr-defined]
_OFFICES = Office.__table__.c  # type: ignore[attr-defined]
_TASK_COLUMNS = (
    _TASKS.run_id,
    _TASKS.no,
    _TASKS.step,
    _TASKS.iteration,
    _TASKS.role,
    _TASKS.assignee_id,
    _TASKS.status,
    _TASKS.assigned_at,
    _TASKS.started_at,
    _TASKS.completed_at,
    _TASKS.due_at,
    _TASKS.standard,
    _TASKS.lead_minutes,
    _TASKS.processing_minutes,
    _TASKS.late_minutes,
    _TASKS.approved,
    _TASKS.reason,
)
# Enough ids per IN (...) for every database's parameter limit.
_BATCH = 500


class _Standards:
    """Decodes the standard JSON of task rows, one Standard per distinct value."""

    def __init__(self) -> None:
        self._known: dict[tuple[Any, ...], Standard] = {}

    def of(self, data: dict[str, Any]) -> Standard:
        key = (data.get("text"), data.get("kind"), data.get("amount"), data.get("lower"))
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = Standard.from_dict(data)
        return found


def _tasks(rows: Iterable[Sequence[Any]]) -> dict[str, list[TaskFact]]:
    standards = _Standards()
    by_run: dict[str, list[TaskFact]] = {}
    for row in rows:
        task = TaskFact(
            run_id=row[0],
            no=row[1],
            step=row[2],
            iteration=row[3],
            role=row[4],
            assignee_id=row[5],
            status=row[6],
            assigned_at=row[7],
            started_at=row[8],
            completed_at=row[9],
            due_at=row[10],
            standard=standards.of(row[11]),
            lead_minutes=row[12],
            processing_minutes=row[13],
            late_minutes=row[14],
            approved=row[15],
            reason=row[16],
        )
        by_run.setdefault(task.run_id, []).append(task)
    return by_run


def _run_facts(runs: Sequence[Sequence[Any]], tasks: dict[str, list[TaskFact]]) -> list[RunFact]:
    return [
        RunFact(
            id=run_id,
            sop_key=sop_key,
            status=status,
            started_at=started_at,
            finished_at=finished_at,
            tasks=tuple(tasks.get(run_id, ())),
        )
        for run_id, sop_key, status, started_at, finished_at in runs
    ]


def _runs_query(*, office_id: int, since: datetime, until: datetime) -> Select[Any]:
    return select(_RUNS.id, _RUNS.sop_key, _RUNS.status, _RUNS.started_at, _RUNS.finished_at).where(
        _RUNS.office_id == office_id, _RUNS.started_at >= since, _RUNS.started_at < until
    )


class ReportRepository(Repository):
    async def office_id(self, ref: str) -> int | None:
        """The id of the office with this id or exactly this name."""
        query = select(_OFFICES.id)
        if ref.isdigit():
            query = query.where(_OFFICES.id == int(ref))
        else:
            query = query.where(_OFFICES.name == ref).order_by(_OFFICES.id)
        return (await self.session.execute(query.limit(1))).scalar()

    async def sop_keys(self, *, office_id: int, since: datetime, until: datetime) -> list[str]:
        """The SOPs that have runs started in [since, until)."""
        query = _runs_query(office_id=office_id, since=since, until=until)
        keys = select(query.subquery().c.sop_key).distinct()
        return sorted((await self.session.execute(keys)).scalars())

    async def runs(
        self, *, office_id: int, sop_key: str, since: datetime, until: datetime
    ) -> list[RunFact]:
        """Every run of an SOP started in [since, until), with all its tasks."""
        query = _runs_query(office_id=office_id, since=since, until=until).where(
            _RUNS.sop_key == sop_key
        )
        runs = (await self.session.execute(query.order_by(_RUNS.started_at, _RUNS.id))).all()
        tasks = (
            select(*_TASK_COLUMNS)
            .join(Run.__table__, _RUNS.id == _TASKS.run_id)  # type: ignore[attr-defined]
            .where(
                _RUNS.office_id == office_id,
                _RUNS.sop_key == sop_key,
                _RUNS.started_at >= since,
                _RUNS.started_at < until,
            )
            .order_by(_TASKS.run_id, _TASKS.no)
        )
        rows = (await self.session.execute(tasks)).all()
        return _run_facts(runs, _tasks(rows))

    async def run(self, run_id: str) -> tuple[RunFact, int, int] | None:
        """One run with its tasks, its office id and its SOP version id; None if unknown."""
        found = (
            await self.session.execute(
                select(
                    _RUNS.id,
                    _RUNS.sop_key,
                    _RUNS.status,
                    _RUNS.started_at,
                    _RUNS.finished_at,
                    _RUNS.office_id,
                    _RUNS.sop_version_id,
                ).where(_RUNS.id == run_id)
            )
        ).first()
        if found is None:
            return None
        rows = await self.session.execute(
            select(*_TASK_COLUMNS).where(_TASKS.run_id == run_id).order_by(_TASKS.no)
        )
        fact = _run_facts([tuple(found[:5])], _tasks(rows.all()))[0]
        return fact, found[5], found[6]

    async def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        """Display names of these people, read in batches."""
        ids = sorted(set(person_ids))
        names: dict[int, str] = {}
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            rows = await self.session.execute(
                select(_PEOPLE.id, _PEOPLE.display_name).where(_PEOPLE.id.in_(batch))
            )
            names.update({person_id: name for person_id, name in rows.all()})
        return names
