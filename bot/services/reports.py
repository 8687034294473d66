"""Read the reports: load runs of a period or one run, and build the pure report views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.i18n import _
from bot.reports.build import run_timeline, sop_report
from bot.reports.facts import Period, RunFact, TaskFact
from bot.reports.views import RunTimeline, SopReport
from bot.services.calendar import office_calendar
from bot.services.errors import InvalidRequestError, NotFoundError
from bot.services.offices import require_office
from bot.services.transaction import in_transaction
from bot.sop.model import Sop
from bot.store import OfficeInfo, SqlUnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """One run: its facts, its timeline, the SOP version it runs and its office."""

    run: RunFact
    tasks: tuple[TaskFact, ...]
    timeline: RunTimeline
    sop: Sop
    office: OfficeInfo


def _bounds(office: OfficeInfo, period: Period) -> tuple[datetime, datetime]:
    """The period as UTC instants [since, until): office-local midnights."""
    if period.last < period.first:
        raise InvalidRequestError(field="period", reason=_("the period ends before it begins"))
    zone = office_calendar(office).zone
    since = datetime.combine(period.first, time(0), tzinfo=zone)
    until = datetime.combine(period.last + timedelta(days=1), time(0), tzinfo=zone)
    return since, until


async def find_office(uow: SqlUnitOfWork, *, ref: str) -> OfficeInfo:
    """The office with this id or exact name."""

    async def work() -> OfficeInfo:
        office_id = await uow.reports.office_id(ref)
        if office_id is None:
            raise NotFoundError(what="office", key=ref)
        return await require_office(uow, office_id)

    return await in_transaction(uow, work)


async def _current_sop(uow: SqlUnitOfWork, *, office_id: int, sop_key: str) -> Sop:
    """The current version of an SOP, or NotFoundError."""
    version = await uow.sops.current(office_id=office_id, sop_key=sop_key)
    sop = None if version is None else await uow.sops.sop_of(version.id)
    if sop is None:
        raise NotFoundError(what="SOP", key=sop_key)
    return sop


async def _report(
    uow: SqlUnitOfWork, *, office: OfficeInfo, sop_key: str, period: Period
) -> SopReport:
    """One SOP's report of a period (inside the caller's transaction)."""
    since, until = _bounds(office, period)
    sop = await _current_sop(uow, office_id=office.id, sop_key=sop_key)
    facts = await uow.reports.period(office_id=office.id, sop_key=sop_key, since=since, until=until)
    people = await uow.reports.names(measure.assignee_id for measure in facts.measures)
    working = office_calendar(office).working_minutes
    return sop_report(sop=sop, facts=facts, people=people, working=working, period=period)


async def sop_reports(
    uow: SqlUnitOfWork, *, office_id: int, period: Period, sop_key: str | None = None
) -> list[SopReport]:
    """The per-SOP report of one SOP, or of every SOP with runs in the period."""

    async def work() -> list[SopReport]:
        office = await require_office(uow, office_id)
        since, until = _bounds(office, period)
        keys = (
            [sop_key]
            if sop_key
            else await uow.reports.sop_keys(office_id=office_id, since=since, until=until)
        )
        return [await _report(uow, office=office, sop_key=key, period=period) for key in keys]

    return await in_transaction(uow, work)


async def run_report(uow: SqlUnitOfWork, *, run_id: str) -> RunReport:
    """One run's timeline with the SOP version it runs."""

    async def work() -> RunReport:
        found = await uow.reports.run(run_id)
        if found is None:
            raise NotFoundError(what="run", key=run_id)
        run, tasks, office_id, version_id = found
        office = await require_office(uow, office_id)
        sop = await uow.sops.sop_of(version_id)
        assert sop is not None  # the run's foreign key guarantees its version
        people = await uow.reports.names(task.assignee_id for task in tasks)
        working = office_calendar(office).working_minutes
        timeline = run_timeline(sop=sop, run=run, tasks=tasks, people=people, working=working)
        return RunReport(run=run, tasks=tasks, timeline=timeline, sop=sop, office=office)

    return await in_transaction(uow, work)
