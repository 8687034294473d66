"""Texts of the messages around task cards: run started/finished, files, admin notices."""

from __future__ import annotations

from bot.engine import RunState, RunStatus, TaskStatus
from bot.i18n import _, ngettext
from bot.render.dates import office_time
from bot.render.task_card import run_title
from bot.sop.model import Sop


def input_caption(*, step: int, file_name: str) -> str:
    """The caption of a file handed to the next step ('Kelengkapan langkah 3: x.pdf')."""
    return _("Input for step {step}: {name}").format(step=step, name=file_name)


def run_started(*, sop: Sop, run_number: int, first: list[str]) -> str:
    """Tell the starter that the run started and who has its first step."""
    return _("{title}\nThe run has started. The first step is with {names}.").format(
        title=run_title(sop, run_number), names=", ".join(first) or "-"
    )


def run_finished(
    *, sop: Sop, run_number: int, state: RunState, timezone: str, by: str, reason: str | None
) -> str:
    """Say how a run ended: finished (with its count of tasks), rejected, or cancelled."""
    title = run_title(sop, run_number)
    when = office_time(state.finished_at or state.started_at, timezone)
    if state.status is RunStatus.FINISHED:
        done = sum(task.status is TaskStatus.DONE for task in state.tasks)
        tasks = ngettext("{count} task", "{count} tasks", done).format(count=done)
        return _("{title}\nThe run is finished ({when}): {tasks} done.").format(
            title=title, when=when, tasks=tasks
        )
    if state.status is RunStatus.REJECTED:
        text = _("{title}\nThe run was rejected by {name} ({when}).")
    else:
        text = _("{title}\nThe run was cancelled by {name} ({when}).")
    message = text.format(title=title, name=by, when=when)
    if reason:
        message += "\n" + _("Reason: {reason}").format(reason=reason)
    return message


def person_blocked(*, name: str) -> str:
    """Tell an admin that a person blocked the bot and what to do about it."""
    return _(
        "{name} has blocked SOP Bot, so their task cards cannot be delivered. "
        "Ask them to open the bot in Telegram and press Start (or Restart); their open "
        "tasks are then shown with /tugas."
    ).format(name=name)


def message_given_up(*, name: str, attempts: int, error: str) -> str:
    """Tell an admin that a message to a person was given up after repeated failures."""
    return ngettext(
        "A message to {name} could not be delivered after {attempts} attempt ({error}). "
        "Check that they still use Telegram; their open tasks are shown with /tugas.",
        "A message to {name} could not be delivered after {attempts} attempts ({error}). "
        "Check that they still use Telegram; their open tasks are shown with /tugas.",
        attempts,
    ).format(name=name, attempts=attempts, error=error)
