"""Illegal actions: each exception carries who tried, on which task, and why."""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_datetime

from bot.i18n import _, current_locale


class EngineError(Exception):
    """Base of every refused engine action."""

    def __init__(
        self, message: str, *, run_id: str, task_no: int | None = None, who: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.run_id = run_id
        self.task_no = task_no
        self.who = who


class RunNotActiveError(EngineError):
    def __init__(self, *, run_id: str, status: str, who: str | None = None) -> None:
        message = _("this run has already ended ({status})").format(status=status)
        super().__init__(message, run_id=run_id, who=who)
        self.status = status


class UnknownTaskError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str | None = None) -> None:
        message = _("task {task_no} does not exist in this run").format(task_no=task_no)
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)


class TaskNotOpenError(EngineError):
    """The task is done, skipped or cancelled: a stale button or a double tap."""

    def __init__(self, *, run_id: str, task_no: int, status: str, who: str | None = None) -> None:
        message = _("this task is no longer open ({status})").format(status=status)
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)
        self.status = status


class NotAssigneeError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str, assignee: str) -> None:
        message = _("only the assignee or their acting official may act on this task")
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)
        self.assignee = assignee


class AlreadyStartedError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str) -> None:
        message = _("this task has already been started")
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)


class OutputRequiredError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str, output: str) -> None:
        message = _("send the output document '{output}' before completing this step").format(
            output=output
        )
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)
        self.output = output


class DecisionRequiredError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str) -> None:
        message = _("this step is a decision: approve it or send it back")
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)


class NotADecisionError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str) -> None:
        message = _("this step is not a decision")
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)


class ReasonRequiredError(EngineError):
    def __init__(self, *, run_id: str, task_no: int, who: str) -> None:
        message = _("sending back needs a reason")
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)


class NoHolderError(EngineError):
    """Nobody holds a role that a step needs."""

    def __init__(self, *, run_id: str, role: str, step: int) -> None:
        message = _("nobody holds the role '{role}' needed by step {step}").format(
            role=role, step=step
        )
        super().__init__(message, run_id=run_id)
        self.role = role
        self.step = step


class TimeWentBackwardsError(EngineError):
    """An action dated before what it acts on: a task's assignment or start, a run's start."""

    def __init__(
        self,
        *,
        run_id: str,
        at: datetime,
        earliest: datetime,
        task_no: int | None = None,
        who: str | None = None,
    ) -> None:
        message = _(
            "this action is dated {at}, before the task or run it acts on began ({earliest}); "
            "check the clock of the server"
        ).format(at=_instant(at), earliest=_instant(earliest))
        super().__init__(message, run_id=run_id, task_no=task_no, who=who)
        self.at = at
        self.earliest = earliest


def _instant(moment: datetime) -> str:
    """An instant in words of the current language, in UTC (the engine knows no office)."""
    return format_datetime(moment, "medium", tzinfo=UTC, locale=current_locale()) + " UTC"
