"""Render the office group's lines, the reminders and the digests from a claimed batch."""

from __future__ import annotations

from datetime import datetime

from bot.engine import RunStatus
from bot.render import clock_messages
from bot.render.task_card import run_title
from bot.reports.build import standard_sum
from bot.services import Batch, MessageKind
from bot.services.calendar import office_calendar
from bot.store import OutboxMessage, RunContext

CLOCK_KINDS = frozenset(
    {
        MessageKind.GROUP_RUN_STARTED,
        MessageKind.GROUP_RUN_FINISHED,
        MessageKind.GROUP_OVERDUE,
        MessageKind.GROUP_DIGEST,
        MessageKind.REMINDER_SOON,
        MessageKind.REMINDER_OVERDUE,
        MessageKind.PERSONAL_DIGEST,
    }
)


class ClockRenderError(Exception):
    """A clock message whose run is gone."""


def _ctx(batch: Batch, message: OutboxMessage) -> RunContext:
    """The message's run (a ClockRenderError when it is gone)."""
    ctx = batch.runs.get(message.run_id or "")
    if ctx is None:
        raise ClockRenderError("the run is no longer stored")
    return ctx


def _name(batch: Batch, person: object) -> str:
    """A person's display name ('?' when unknown)."""
    found = batch.people.get(int(str(person))) if person is not None else None
    return found.display_name if found is not None else "?"


def _run_line(batch: Batch, message: OutboxMessage, kind: MessageKind) -> str:
    """The group's line about a run that started or ended."""
    ctx = _ctx(batch, message)
    title = run_title(ctx.sop, batch.run_numbers.get(ctx.state.run_id, 0))
    if kind is MessageKind.GROUP_RUN_STARTED:
        return clock_messages.group_run_started(
            title=title, by=_name(batch, message.payload.get("by"))
        )
    if ctx.state.status is not RunStatus.FINISHED:
        return clock_messages.group_run_ended(
            title=title, rejected=ctx.state.status is RunStatus.REJECTED
        )
    end = ctx.state.finished_at or batch.at
    worked = office_calendar(ctx.office).working_minutes(ctx.state.started_at, end)
    return clock_messages.group_run_finished(
        title=title, worked=worked, standard=standard_sum(ctx.sop)
    )


def render_clock(batch: Batch, message: OutboxMessage) -> str:
    """The text of a group line, reminder or digest."""
    kind = MessageKind(message.kind)
    payload = message.payload
    if kind in (MessageKind.GROUP_RUN_STARTED, MessageKind.GROUP_RUN_FINISHED):
        return _run_line(batch, message, kind)
    if kind is MessageKind.GROUP_OVERDUE:
        items = [
            (str(i["sop"]), int(i["step"]), str(i["name"]), int(i["late"]))
            for i in payload["items"]
        ]
        return clock_messages.group_overdue(items)
    if kind is MessageKind.GROUP_DIGEST:
        return clock_messages.group_digest(
            office=str(payload["office"]),
            open_tasks=int(payload["open"]),
            overdue=int(payload["overdue"]),
            due_today=int(payload["due_today"]),
        )
    if kind is MessageKind.PERSONAL_DIGEST:
        return clock_messages.personal_digest(
            open_tasks=int(payload["open"]),
            overdue=int(payload["overdue"]),
            due_today=int(payload["due_today"]),
        )
    due_at = datetime.fromisoformat(str(payload["due_at"]))
    if kind is MessageKind.REMINDER_SOON:
        return clock_messages.reminder_soon(
            sop=str(payload["sop"]),
            step=int(payload["step"]),
            due_at=due_at,
            timezone=str(payload["timezone"]),
        )
    return clock_messages.reminder_overdue(
        sop=str(payload["sop"]),
        step=int(payload["step"]),
        due_at=due_at,
        timezone=str(payload["timezone"]),
        late=int(payload["late"]),
    )
