"""The text of a task card: what the step asks, by when, and where the task stands now.

The same view renders the new card and every later edit of it (started, done with
its measures, sent back, no longer needed, cancelled), so the card always shows the
task's current state. Plain text: names, reasons and SOP texts need no escaping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine import RunState, RunStatus, Task, TaskStatus
from bot.i18n import _
from bot.render.dates import office_time, standard_words
from bot.render.durations import hours_minutes
from bot.sop.model import REJECT, Sop, Step

_SEPARATOR = " · "


@dataclass(frozen=True, slots=True, kw_only=True)
class CardView:
    """One task as one person's card shows it (person ids are the engine's text ids)."""

    sop: Sop
    timezone: str
    run_number: int
    state: RunState
    task: Task
    owner: str
    names: Mapping[str, str]
    reassigned_by: str | None = None

    @property
    def step(self) -> Step:
        """The SOP step this task is for."""
        return self.sop.step(self.task.step)

    @property
    def is_owners(self) -> bool:
        """Whether the card's reader still holds the task (not given to someone else)."""
        return self.task.assignee == self.owner

    def name(self, person: str | None) -> str:
        """A person's display name (their id when unknown)."""
        if person is None:
            return "?"
        return self.names.get(person) or _("person {id}").format(id=person)


def handover(state: RunState, task: Task) -> tuple[str | None, Task | None]:
    """Who handed ``task`` over, and the decision task that sent it back (if one did).

    The task that caused an assignment was completed at the instant the task was
    assigned; the first task of a run was handed over by whoever started the run.
    """
    causes = [
        other
        for other in state.tasks
        if other.no < task.no
        and other.status is TaskStatus.DONE
        and other.completed_at == task.assigned_at
    ]
    if not causes:
        return (state.started_by if task.assigned_at == state.started_at else None), None
    cause = max(causes, key=lambda other: other.no)
    return cause.completed_by, (cause if cause.approved is False else None)


def run_title(sop: Sop, run_number: int) -> str:
    """'Pengukuran Kinerja · run 12': the SOP and which of the office's runs this is."""
    return _("{sop} · run {number}").format(sop=sop.identity.name, number=run_number)


def _step_line(view: CardView) -> str:
    """'Langkah 2 dari 14', with the round when the step came back."""
    line = _("Step {step} of {total}").format(step=view.task.step, total=len(view.sop.steps))
    if view.task.iteration > 1:
        line += _SEPARATOR + _("round {round}").format(round=view.task.iteration)
    return line


def _facts(view: CardView) -> list[str]:
    """Kelengkapan, output, Waktu, due time, keterangan, who handed the task over."""
    step, task, lines = view.step, view.task, []
    handed_by, returned = handover(view.state, task)
    if returned is not None:
        lines.append(
            _("Sent back by {name}: “{reason}”").format(
                name=view.name(returned.completed_by), reason=returned.reason or ""
            )
        )
    if step.inputs:
        lines.append(_("Inputs: {items}").format(items=", ".join(step.inputs)))
    files = [ref.name for ref in task.inputs if ref.name]
    if files:
        lines.append(_("Attached: {files}").format(files=", ".join(files)))
    if step.output:
        template = _("Output: {output}") if step.needs_output else _("Output (optional): {output}")
        lines.append(template.format(output=step.output))
    if not task.standard.is_none:
        lines.append(_("Time standard: {standard}").format(standard=standard_words(task.standard)))
    if task.due_at is not None:
        lines.append(_("Due: {when}").format(when=office_time(task.due_at, view.timezone)))
    if step.note:
        lines.append(_("Note: {note}").format(note=step.note))
    if view.reassigned_by is not None:
        lines.append(_("Given to you by: {name}").format(name=view.name(view.reassigned_by)))
    elif handed_by is not None:
        lines.append(_("Handed over by: {name}").format(name=view.name(handed_by)))
    return lines


def _parallel(view: CardView) -> list[str]:
    """Who else has this step and who is still pending (a step for several people)."""
    siblings = view.state.tasks_of(view.task.step, view.task.iteration)
    if len(siblings) < 2:
        return []
    pending = [view.name(t.assignee) for t in siblings if t.is_open]
    done = [view.name(t.assignee) for t in siblings if t.status is TaskStatus.DONE]
    lines = []
    needed = min(view.step.required or len(siblings), len(siblings))
    if needed < len(siblings):
        lines.append(
            _("This step is done when {needed} of {total} have finished.").format(
                needed=needed, total=len(siblings)
            )
        )
    if pending:
        lines.append(_("Still pending: {names}").format(names=", ".join(pending)))
    if done:
        lines.append(_("Finished: {names}").format(names=", ".join(done)))
    return lines


def _measures(task: Task) -> str:
    """'47 menit (baku 1 jam) · tepat waktu' or '… · terlambat 1 jam 5 menit'."""
    actual = hours_minutes(task.lead_minutes or 0)
    if task.standard.is_none:
        return actual
    text = _("{actual} (standard {standard})").format(
        actual=actual, standard=standard_words(task.standard)
    )
    if task.late_minutes:
        late = _("late by {time}").format(time=hours_minutes(task.late_minutes))
        return text + _SEPARATOR + late
    return text + _SEPARATOR + _("on time")


def _done_status(view: CardView) -> str:
    """The final form of a done task: its measures, or the decision taken."""
    task, step = view.task, view.step
    if task.approved is False and step.decision is not None:
        if step.decision.no == REJECT:
            return _("Rejected: “{reason}”").format(reason=task.reason or "")
        return _("Sent back to step {step}: “{reason}”").format(
            step=step.decision.no, reason=task.reason or ""
        )
    word = _("Approved") if task.approved else _("Done")
    status = word + _SEPARATOR + _measures(task)
    if task.completed_by is not None and task.completed_by != task.assignee:
        status += _SEPARATOR + _("by {name}").format(name=view.name(task.completed_by))
    return status


def status_line(view: CardView) -> str | None:
    """Where the task stands, for the last line of the card (None: open, not started)."""
    task = view.task
    if not view.is_owners:
        return _("Given to {name}; you no longer need to act.").format(
            name=view.name(task.assignee)
        )
    if task.status is TaskStatus.STARTED and task.started_at is not None:
        return _("Started {when}").format(when=office_time(task.started_at, view.timezone))
    if task.status is TaskStatus.DONE:
        return _done_status(view)
    if task.status is TaskStatus.SKIPPED:
        return _("No longer needed: enough others finished this step.")
    if task.status is TaskStatus.CANCELLED:
        if view.state.status is RunStatus.REJECTED:
            return _("No longer needed: the run was rejected.")
        return _("No longer needed: the run was cancelled.")
    return None


def card_text(view: CardView) -> str:
    """The whole card: title, step, what to do, the facts, the parallel list, the status."""
    blocks = [
        "\n".join([run_title(view.sop, view.run_number), _step_line(view), view.step.activity])
    ]
    if view.step.decision is not None and view.task.is_open:
        blocks[0] += "\n" + _("Decision: {question}").format(question=view.step.decision.question)
    for block in (_facts(view), _parallel(view)):
        if block:
            blocks.append("\n".join(block))
    status = status_line(view)
    if status:
        blocks.append(status)
    return "\n\n".join(blocks)
