"""Reads for the reports: plain columns in batches (SQLAlchemy Core), never ORM objects.

Mapping ORM objects costs tens of microseconds a row, and a period report covers
every task of thousands of runs. So the period read lets the database group the
done tasks that measured alike (same step, role, assignee, minutes, decision) and
count them: exact for every figure, and far fewer rows to turn into Python values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select

from bot.engine import TaskStatus
from bot.reports.facts import (
    PeriodFacts,
    RunFact,
    SendBack,
    TaskFact,
    TaskMeasure,
    elapsed_minutes,
)
from bot.sop.waktu import Standard, StandardKind
from bot.store.models import Office, Person, Run, TaskRow
from bot.store.repositories.base import Repository
from bot.store.repositories.sops import SopRepository

_RUN_TABLE = Run.__table__  # type: ignore[attr-defined]
_RUNS = _RUN_TABLE.c
_TASKS = TaskRow.__table__.c  # type: ignore[attr-defined]
_PEOPLE = Person.__table__.c  # type: ignore[attr-defined]
_OFFICES = Office.__table__.c  # type: ignore[attr-defined]
_MEASURED = (
    _TASKS.step,
    _TASKS.role,
    _TASKS.assignee_id,
    _TASKS.lead_minutes,
    _TASKS.late_minutes,
    _TASKS.approved,
)
_RUN_COLUMNS = (_RUNS.id, _RUNS.sop_key, _RUNS.status, _RUNS.started_at, _RUNS.finished_at)
_FACT_COLUMNS = (
    _TASKS.run_id,
    _TASKS.no,
    _TASKS.step,
    _TASKS.iteration,
    _TASKS.role,
    _TASKS.assignee_id,
    _TASKS.status,
    _TASKS.standard,
    _TASKS.assigned_at,
    _TASKS.started_at,
    _TASKS.completed_at,
    _TASKS.due_at,
    _TASKS.lead_minutes,
    _TASKS.processing_minutes,
    _TASKS.late_minutes,
    _TASKS.approved,
    _TASKS.reason,
)
# Enough ids per IN (...) for every database's parameter limit.
_BATCH = 500


def _run_fact(row: Sequence[Any]) -> RunFact:
    """A run from its five columns."""
    run_id, sop_key, status, started_at, finished_at = row[:5]
    return RunFact(
        id=run_id, sop_key=sop_key, status=status, started_at=started_at, finished_at=finished_at
    )


def _task_fact(row: Sequence[Any]) -> TaskFact:
    """A task with every timestamp from its row."""
    names = ("run_id", "no", "step", "iteration", "role", "assignee_id", "status")
    values = dict(zip(names, row[:7], strict=True))
    assigned, started, completed, due, lead, processing, late, approved, reason = row[8:]
    return TaskFact(
        **values,
        standard=Standard.from_dict(row[7]),
        assigned_at=assigned,
        started_at=started,
        completed_at=completed,
        due_at=due,
        lead_minutes=lead,
        processing_minutes=processing,
        late_minutes=late,
        approved=approved,
        reason=reason,
    )


def _measure(row: Sequence[Any], **extra: Any) -> TaskMeasure:
    """A group of done tasks from the first six columns of a row."""
    step, role, assignee_id, lead, late, approved = row[:6]
    return TaskMeasure(step, role, assignee_id, lead, late, approved, **extra)


def _in_period(
    *, office_id: int, sop_key: str | None, since: datetime, until: datetime
) -> list[ColumnElement[bool]]:
    """Conditions on runs of an office (and SOP) started in [since, until)."""
    where = [_RUNS.office_id == office_id, _RUNS.started_at >= since, _RUNS.started_at < until]
    if sop_key is not None:
        where.append(_RUNS.sop_key == sop_key)
    return where


def _done_tasks(*columns: Any, where: Iterable[ColumnElement[bool]]) -> Select[Any]:
    """Done tasks of the runs that ``where`` selects."""
    return (
        select(*columns)
        .select_from(_RUN_TABLE.join(TaskRow.__table__, _RUNS.id == _TASKS.run_id))  # type: ignore[attr-defined]
        .where(*where, _TASKS.status == TaskStatus.DONE.value)
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
        where = _in_period(office_id=office_id, sop_key=None, since=since, until=until)
        keys = select(_RUNS.sop_key).where(*where).distinct()
        return sorted((await self.session.execute(keys)).scalars())

    async def period(
        self, *, office_id: int, sop_key: str, since: datetime, until: datetime
    ) -> PeriodFacts:
        """Runs of an SOP started in [since, until) and the measures of their done tasks."""
        where = _in_period(office_id=office_id, sop_key=sop_key, since=since, until=until)
        runs = await self.session.execute(
            select(*_RUN_COLUMNS).where(*where).order_by(_RUNS.started_at, _RUNS.id)
        )
        # Grouped by SOP version too: the version says which steps count calendar time
        # (reading that from each task's standard JSON would cost more than the rest).
        grouped = _done_tasks(_RUNS.sop_version_id, *_MEASURED, func.count(), where=where)
        rows = (
            await self.session.execute(grouped.group_by(_RUNS.sop_version_id, *_MEASURED))
        ).all()
        calendar = await self._calendar_steps({row[0] for row in rows})
        measures = [
            _measure(row[1:7], tasks=row[7]) for row in rows if (row[0], row[1]) not in calendar
        ]
        if any((row[0], row[1]) in calendar for row in rows):
            measures += await self._calendar_tasks(where, calendar)
        back = _done_tasks(_TASKS.step, _TASKS.run_id, where=where).where(
            _TASKS.approved == false()
        )
        send_backs = (await self.session.execute(back)).all()
        return PeriodFacts(
            runs=tuple(_run_fact(row) for row in runs.all()),
            measures=tuple(measures),
            send_backs=tuple(SendBack(step, run_id) for step, run_id in send_backs),
        )

    async def _calendar_steps(self, version_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(version id, step) of every step whose standard counts calendar time."""
        sops = SopRepository(self.session)
        found = set()
        for version_id in version_ids:
            sop = await sops.sop_of(version_id)
            for step in sop.steps if sop else ():
                if sop and sop.standard_of(step).kind is StandardKind.CALENDAR_MINUTES:
                    found.add((version_id, step.number))
        return found

    async def _calendar_tasks(
        self, where: Sequence[ColumnElement[bool]], steps: set[tuple[int, int]]
    ) -> list[TaskMeasure]:
        """Done tasks of calendar-time steps, one by one with their calendar minutes."""
        of_steps = or_(
            *(and_(_RUNS.sop_version_id == version, _TASKS.step == step) for version, step in steps)
        )
        query = _done_tasks(*_MEASURED, _TASKS.assigned_at, _TASKS.completed_at, where=where)
        rows = (await self.session.execute(query.where(of_steps))).all()
        return [
            _measure(row, calendar=True, elapsed_minutes=elapsed_minutes(row[6], row[7]))
            for row in rows
        ]

    async def run(self, run_id: str) -> tuple[RunFact, tuple[TaskFact, ...], int, int] | None:
        """One run, its tasks with every timestamp, its office id and SOP version id."""
        found = (
            await self.session.execute(
                select(*_RUN_COLUMNS, _RUNS.office_id, _RUNS.sop_version_id).where(
                    _RUNS.id == run_id
                )
            )
        ).first()
        if found is None:
            return None
        rows = await self.session.execute(
            select(*_FACT_COLUMNS).where(_TASKS.run_id == run_id).order_by(_TASKS.no)
        )
        tasks = tuple(_task_fact(row) for row in rows.all())
        return _run_fact(found), tasks, found[5], found[6]

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
