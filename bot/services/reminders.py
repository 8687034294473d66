"""The clock's cycle: reminders before and after due times, the overdue list, the digests.

One cycle is one transaction: it finds what is due, writes the messages into the
outbox and logs them in ``reminder_log`` under keys that name the task, the kind
and the office's working day. A cycle that dies before its commit wrote nothing (the
next one does the work); one that committed is never repeated. Nothing is sent
outside an office's working time: what falls outside waits for the next opening.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from bot.services.calendar import office_calendar
from bot.services.groups import ReminderMode
from bot.services.notify import MessageKind
from bot.services.transaction import in_transaction
from bot.store import ClockSettings, DueTask, OfficeInfo, SqlUnitOfWork, outbox_row
from bot.worktime import WorkCalendar

SOON = "soon"
OVERDUE = "overdue"
DIGEST = "digest"


@dataclass(slots=True)
class CycleReport:
    """What one cycle queued."""

    soon: int = 0
    overdue: int = 0
    group_messages: int = 0
    digests: int = 0
    scanned: int = 0


@dataclass(slots=True)
class _Office:
    """One office as the cycle sees it."""

    info: OfficeInfo
    settings: ClockSettings
    calendar: WorkCalendar
    working: bool
    horizon: datetime | None  # tasks due up to here get a 'soon' reminder
    day: str = ""


@dataclass(slots=True)
class _Plan:
    """The rows and log entries a cycle writes."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    log: list[tuple[str, int, str]] = field(default_factory=list)
    report: CycleReport = field(default_factory=CycleReport)


async def _offices(uow: SqlUnitOfWork, at: datetime) -> dict[int, _Office]:
    """Every office with its calendar, settings and whether it is working now."""
    ids = await uow.clock.office_ids()
    settings = await uow.clock.all_settings(ids)
    offices: dict[int, _Office] = {}
    for office_id in ids:
        info = await uow.offices.get(office_id)
        if info is None:
            continue
        calendar = office_calendar(info)
        working = calendar.is_working_time(at)
        lead = settings[office_id].reminder_lead_minutes
        horizon = calendar.add_working_minutes(at, lead) if working else None
        day = at.astimezone(calendar.zone).date().isoformat()
        offices[office_id] = _Office(info, settings[office_id], calendar, working, horizon, day)
    return offices


def _candidate(task: DueTask, office: _Office, at: datetime) -> tuple[str, str] | None:
    """The reminder a task is due for now, as (kind, log key), or None."""
    if not office.working:
        return None
    if task.due_at <= at:
        return OVERDUE, f"{OVERDUE}:{task.task_id}:{office.day}"
    if office.horizon is not None and task.due_at <= office.horizon:
        return SOON, f"{SOON}:{task.task_id}:{office.day}"
    return None


async def _reminders(
    uow: SqlUnitOfWork, offices: dict[int, _Office], at: datetime, plan: _Plan
) -> None:
    """Private reminders, and one overdue list per office group."""
    horizons = [o.horizon for o in offices.values() if o.horizon is not None]
    if not horizons:
        return
    tasks = await uow.clock.open_due_before(horizon=max(horizons))
    plan.report.scanned = len(tasks)
    candidates = [
        (task, found)
        for task in tasks
        if task.office_id in offices and (found := _candidate(task, offices[task.office_id], at))
    ]
    known = await uow.clock.known_keys([key for _task, (_kind, key) in candidates])
    fresh = [(task, kind, key) for task, (kind, key) in candidates if key not in known]
    if not fresh:
        return
    titles = await uow.clock.sop_titles({task.sop_version_id for task, _k, _key in fresh})
    modes = await uow.clock.preferences({task.assignee_id for task, _k, _key in fresh})
    overdue_by_office: dict[int, list[tuple[DueTask, int]]] = defaultdict(list)
    for task, kind, key in fresh:
        office = offices[task.office_id]
        late = office.calendar.working_minutes(task.due_at, at) if kind == OVERDUE else 0
        plan.log.append((key, task.office_id, kind))
        if kind == OVERDUE:
            overdue_by_office[task.office_id].append((task, late))
        if modes.get(task.assignee_id) == ReminderMode.DIGEST.value:
            continue
        plan.rows.append(_reminder_row(task, kind, key, office, titles, late, at))
        if kind == OVERDUE:
            plan.report.overdue += 1
        else:
            plan.report.soon += 1
    await _overdue_lists(uow, offices, overdue_by_office, titles, at, plan)


def _reminder_row(
    task: DueTask,
    kind: str,
    key: str,
    office: _Office,
    titles: dict[int, str],
    late: int,
    at: datetime,
) -> dict[str, Any]:
    """A private reminder for the task's assignee."""
    message = MessageKind.REMINDER_OVERDUE if kind == OVERDUE else MessageKind.REMINDER_SOON
    return outbox_row(
        kind=message.value,
        dedupe_key=f"reminder:{key}",
        at=at,
        payload={
            "task_no": task.task_no,
            "step": task.step,
            "sop": titles.get(task.sop_version_id, ""),
            "due_at": task.due_at.isoformat(),
            "timezone": office.info.timezone,
            "late": late,
        },
        person_id=task.assignee_id,
        office_id=task.office_id,
        run_id=task.run_id,
    )


async def _overdue_lists(
    uow: SqlUnitOfWork,
    offices: dict[int, _Office],
    overdue: dict[int, list[tuple[DueTask, int]]],
    titles: dict[int, str],
    at: datetime,
    plan: _Plan,
) -> None:
    """One group message per office listing every task that became overdue this cycle."""
    wanted = {
        office_id: items
        for office_id, items in overdue.items()
        if offices[office_id].settings.group_chat_id is not None
        and offices[office_id].settings.group_reminders
    }
    if not wanted:
        return
    people = await uow.delivery.people(
        {t.assignee_id for items in wanted.values() for t, _l in items}
    )
    for office_id, items in wanted.items():
        listed = [
            {
                "sop": titles.get(task.sop_version_id, ""),
                "step": task.step,
                "name": people[task.assignee_id].display_name
                if task.assignee_id in people
                else "?",
                "late": late,
            }
            for task, late in items
        ]
        chat_id = offices[office_id].settings.group_chat_id
        plan.rows.append(
            outbox_row(
                kind=MessageKind.GROUP_OVERDUE.value,
                dedupe_key=f"group-overdue:{office_id}:{at.isoformat()}",
                at=at,
                payload={"items": listed},
                chat_id=chat_id,
                office_id=office_id,
            )
        )
        plan.report.group_messages += 1


def _digest_due(office: _Office, at: datetime) -> bool:
    """A working day, from the office's digest time (local) until the day's close."""
    local = at.astimezone(office.calendar.zone)
    periods = office.calendar.periods_on(local.date())
    hour, minute = (int(part) for part in office.settings.digest_time.split(":"))
    # A digest missed (the bot was down) still goes out later that day, never after it.
    return bool(periods) and local.time() >= time(hour, minute) and at < periods[-1][1]


async def _digests(
    uow: SqlUnitOfWork, offices: dict[int, _Office], at: datetime, plan: _Plan
) -> None:
    """The morning digest: to the office group, and to everyone who chose 'digest only'."""
    due = [o for o in offices.values() if _digest_due(o, at)]
    keys = {o.info.id: f"{DIGEST}:{o.info.id}:{o.day}" for o in due}
    known = await uow.clock.known_keys(list(keys.values()))
    for office in due:
        key = keys[office.info.id]
        if key in known:
            continue
        plan.log.append((key, office.info.id, DIGEST))
        local = at.astimezone(office.calendar.zone)
        day_end = datetime.combine(local.date() + timedelta(days=1), time(), office.calendar.zone)
        counts = await uow.clock.counts(office_id=office.info.id, at=at, day_end=day_end)
        _digest_rows(
            office,
            counts,
            key,
            at,
            plan,
            await uow.clock.preferences(c.assignee_id for c in counts),
        )


def _digest_rows(
    office: _Office,
    counts: Sequence[Any],
    key: str,
    at: datetime,
    plan: _Plan,
    modes: dict[int, str],
) -> None:
    """The group's digest (when linked) and each 'digest only' person's own."""
    chat_id = office.settings.group_chat_id
    if chat_id is not None:
        plan.rows.append(
            outbox_row(
                kind=MessageKind.GROUP_DIGEST.value,
                dedupe_key=f"{key}:group",
                at=at,
                payload={
                    "office": office.info.name,
                    "open": sum(c.open for c in counts),
                    "overdue": sum(c.overdue for c in counts),
                    "due_today": sum(c.due_today for c in counts),
                },
                chat_id=chat_id,
                office_id=office.info.id,
            )
        )
        plan.report.digests += 1
    for count in counts:
        if modes.get(count.assignee_id) != ReminderMode.DIGEST.value:
            continue
        plan.rows.append(
            outbox_row(
                kind=MessageKind.PERSONAL_DIGEST.value,
                dedupe_key=f"{key}:p{count.assignee_id}",
                at=at,
                payload={
                    "open": count.open,
                    "overdue": count.overdue,
                    "due_today": count.due_today,
                },
                person_id=count.assignee_id,
                office_id=office.info.id,
            )
        )
        plan.report.digests += 1


async def run_cycle(uow: SqlUnitOfWork, *, at: datetime) -> CycleReport:
    """One tick of the clock at ``at``: queue what is due and log it, in one transaction."""

    async def work() -> CycleReport:
        plan = _Plan()
        offices = await _offices(uow, at)
        await _digests(uow, offices, at, plan)
        await _reminders(uow, offices, at, plan)
        await uow.clock.record(entries=plan.log, at=at)
        await uow.outbox.add(rows=plan.rows)
        return plan.report

    return await in_transaction(uow, work)
