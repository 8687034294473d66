"""Texts of the office group's lines, the reminders and the morning digests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.i18n import _, ngettext
from bot.render.dates import office_time
from bot.render.durations import hours_minutes, number


def group_run_started(*, title: str, by: str) -> str:
    """The group's line when a run starts."""
    return _("▶️ {title} was started by {name}.").format(title=title, name=by)


def group_run_finished(*, title: str, worked: int, standard: int) -> str:
    """The group's line when a run finishes: working time against the SOP's standard."""
    return _("✅ {title} is finished: {worked} of working time (standard {standard}).").format(
        title=title, worked=hours_minutes(worked), standard=hours_minutes(standard)
    )


def group_run_ended(*, title: str, rejected: bool) -> str:
    """The group's line when a run is rejected or cancelled."""
    if rejected:
        return _("⛔ {title} was rejected.").format(title=title)
    return _("⛔ {title} was cancelled.").format(title=title)


def group_overdue(items: Sequence[tuple[str, int, str, int]]) -> str:
    """One message listing every task that became overdue: (SOP, step, who, minutes late)."""
    lines = [
        ngettext("⚠️ {count} task is overdue:", "⚠️ {count} tasks are overdue:", len(items)).format(
            count=number(len(items))
        )
    ]
    lines.extend(
        _("• {sop}, step {step}: {name}, overdue by {late}").format(
            sop=sop, step=step, name=name, late=hours_minutes(late)
        )
        for sop, step, name, late in items
    )
    return "\n".join(lines)


def group_digest(*, office: str, open_tasks: int, overdue: int, due_today: int) -> str:
    """The morning digest in the group."""
    return _(
        "☀️ Good morning, {office}. Open tasks: {open}; overdue: {overdue}; due today: {today}."
    ).format(
        office=office, open=number(open_tasks), overdue=number(overdue), today=number(due_today)
    )


def personal_digest(*, open_tasks: int, overdue: int, due_today: int) -> str:
    """The morning digest in a person's private chat."""
    return _(
        "☀️ Good morning. Your open tasks: {open}; overdue: {overdue}; due today: {today}. "
        "Send /tugas to see them."
    ).format(open=number(open_tasks), overdue=number(overdue), today=number(due_today))


def reminder_soon(*, sop: str, step: int, due_at: datetime, timezone: str) -> str:
    """A private reminder shortly before a task is due."""
    return _("⏰ Step {step} of {sop} is due {when}. Send /tugas to open it.").format(
        step=step, sop=sop, when=office_time(due_at, timezone)
    )


def reminder_overdue(*, sop: str, step: int, due_at: datetime, timezone: str, late: int) -> str:
    """A private reminder that a task is overdue."""
    return _(
        "⚠️ Step {step} of {sop} was due {when} and is overdue by {late}. Send /tugas to open it."
    ).format(step=step, sop=sop, when=office_time(due_at, timezone), late=hours_minutes(late))
