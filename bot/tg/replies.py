"""Texts of the bot's direct answers: refusals, due times, task lines (current locale)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.engine import TaskStatus
from bot.engine.errors import (
    AlreadyStartedError,
    DecisionRequiredError,
    EngineError,
    NotADecisionError,
    NotAssigneeError,
    OutputRequiredError,
    ReasonRequiredError,
    RunNotActiveError,
    TaskNotOpenError,
    UnknownTaskError,
)
from bot.i18n import _, current_locale
from bot.render.durations import hours_minutes
from bot.services import NotFoundError, NotMemberError, ServiceError
from bot.services.task_work import TaskView
from bot.worktime import ZONE_ALIASES

_ZONE_NAMES = {zone: short for short, zone in ZONE_ALIASES.items()}

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
"""Bots can download files up to 20 MB; a bigger output could never be fetched again."""


def when(instant: datetime | None, timezone: str) -> str:
    """An instant as the office reads it, e.g. 'Jum, 20 Nov 2026 16:20 WIB'."""
    if instant is None:
        return "-"
    text = format_datetime(
        instant, "EEE, d MMM y HH:mm", tzinfo=ZoneInfo(timezone), locale=current_locale()
    )
    return f"{text} {_ZONE_NAMES.get(timezone, timezone)}"


def not_yours() -> str:
    return _("This task is not for you.")


def refusal(exc: Exception) -> str:
    """The alert for an action the services refused."""
    if isinstance(exc, NotAssigneeError | NotMemberError):
        return not_yours()
    if isinstance(exc, TaskNotOpenError):
        if exc.status == TaskStatus.DONE:
            return _("This task is already done.")
        if exc.status == TaskStatus.SKIPPED:
            return _("This task is no longer needed: the step is already complete.")
        return _("This task was cancelled.")
    if isinstance(exc, RunNotActiveError):
        return _("This run has already ended.")
    if isinstance(exc, AlreadyStartedError):
        return _("You have already started this task.")
    if isinstance(exc, UnknownTaskError | NotFoundError):
        return _("This button is out of date. Send /tugas to see your tasks.")
    if isinstance(exc, OutputRequiredError):
        return _("Send the output document '{output}' first.").format(output=exc.output)
    if isinstance(exc, DecisionRequiredError):
        return _("This step is a decision: press Approve or Send back.")
    if isinstance(exc, NotADecisionError):
        return _("This step is not a decision.")
    if isinstance(exc, ReasonRequiredError):
        return _("Write the reason for sending this back.")
    if isinstance(exc, EngineError | ServiceError):
        return exc.message
    raise exc


def task_line(view: TaskView, at: datetime) -> str:
    """One task of /tugas: the SOP, the step, what to do, and its due time."""
    step = _("{sop} · step {step}: {activity}").format(
        sop=view.sop_name, step=view.step, activity=view.activity
    )
    due = view.task.due_at
    if due is None:
        return step
    if view.is_late(at):
        late = hours_minutes(int((at - due).total_seconds() // 60))
        return _("{step}\n   LATE: was due {due} ({late} ago)").format(
            step=step, due=when(due, view.timezone), late=late
        )
    return _("{step}\n   due {due}").format(step=step, due=when(due, view.timezone))


def file_names(view: TaskView) -> str:
    return ", ".join(file.meta.file_name for file in view.files)
