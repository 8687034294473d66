"""Render one claimed outbox message from its batch, in the current (recipient's) locale."""

from __future__ import annotations

from bot.render import run_messages
from bot.render.task_card import CardView
from bot.services import Batch, MessageKind
from bot.services.notify import NoticeReason
from bot.store import OutboxMessage, RunContext
from bot.tg.cards import RenderedCard, render_card
from bot.tg.render_clock import CLOCK_KINDS, ClockRenderError, render_clock


class RenderError(Exception):
    """A message cannot be rendered (its run or task is gone); it is given up."""

    def __init__(self, reason: str, *, outbox_id: int | None = None) -> None:
        super().__init__(reason)
        self.outbox_id = outbox_id


def _names(batch: Batch) -> dict[str, str]:
    """Display names by the engine's text person id."""
    return {str(person_id): person.display_name for person_id, person in batch.people.items()}


def _name(batch: Batch, person: object) -> str:
    """One person's display name ('?' when unknown)."""
    found = batch.people.get(int(str(person))) if person is not None else None
    return found.display_name if found is not None else "?"


def _run(batch: Batch, message: OutboxMessage) -> RunContext:
    """The message's run, or a RenderError when it is gone."""
    ctx = batch.runs.get(message.run_id or "")
    if ctx is None:
        raise RenderError("the run is no longer stored", outbox_id=message.id)
    return ctx


def card_view(batch: Batch, message: OutboxMessage) -> RenderedCard:
    """The card of the message's task as its recipient sees it now."""
    ctx = _run(batch, message)
    task = ctx.state.task(int(message.payload["task_no"]))
    if task is None:
        raise RenderError("the task is no longer stored", outbox_id=message.id)
    reassigned_by = message.payload.get("reassigned_by")
    view = CardView(
        sop=ctx.sop,
        timezone=ctx.office.timezone,
        run_number=batch.run_numbers.get(ctx.state.run_id, 0),
        state=ctx.state,
        task=task,
        owner=str(message.person_id),
        names=_names(batch),
        reassigned_by=None if reassigned_by is None else str(reassigned_by),
    )
    return render_card(view)


def render_text(batch: Batch, message: OutboxMessage) -> str:
    """The text of a message that is not a card: a file caption, run news, an admin notice."""
    kind = MessageKind(message.kind)
    if kind in CLOCK_KINDS:
        try:
            return render_clock(batch, message)
        except ClockRenderError as exc:
            raise RenderError(str(exc), outbox_id=message.id) from exc
    if kind is MessageKind.ADMIN_NOTICE:
        return _notice(batch, message)
    ctx = _run(batch, message)
    number = batch.run_numbers.get(ctx.state.run_id, 0)
    if kind is MessageKind.TASK_INPUT:
        task = ctx.state.task(int(message.payload["task_no"]))
        output = batch.outputs.get(int(message.payload["output_id"]))
        return run_messages.input_caption(
            step=task.step if task is not None else 0,
            file_name=output.meta.file_name if output is not None else "",
        )
    if kind is MessageKind.RUN_STARTED:
        first = [
            _name(batch, t.assignee)
            for t in ctx.state.tasks
            if t.assigned_at == ctx.state.started_at
        ]
        return run_messages.run_started(sop=ctx.sop, run_number=number, first=first)
    if kind is MessageKind.RUN_FINISHED:
        return run_messages.run_finished(
            sop=ctx.sop,
            run_number=number,
            state=ctx.state,
            timezone=ctx.office.timezone,
            by=_name(batch, message.payload.get("by")),
            reason=message.payload.get("reason"),
        )
    raise RenderError(f"no text for a {kind.value} message", outbox_id=message.id)


def _notice(batch: Batch, message: OutboxMessage) -> str:
    """The text an admin reads about a blocked person or a message given up."""
    payload = message.payload
    name = _name(batch, payload.get("about"))
    if payload.get("reason") == NoticeReason.BLOCKED:
        return run_messages.person_blocked(name=name)
    return run_messages.message_given_up(
        name=name, attempts=int(payload.get("attempts", 0)), error=str(payload.get("error", ""))
    )
