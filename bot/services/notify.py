"""The messages a transition causes: one outbox row per recipient message, with a dedupe key.

Rows carry what to render, not the text: the dispatcher renders each one in its
recipient's language from the run's state when it sends. Rows are plain dicts (one
INSERT per transaction); a person's rows go out in the order they are made here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.engine import Transition
from bot.engine.events import (
    Event,
    RunFinished,
    RunStarted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskReassigned,
    TaskSkipped,
    TaskStarted,
)
from bot.store import OutboxMessage, outbox_row


class MessageKind(StrEnum):
    """What an outbox row asks the dispatcher to send."""

    TASK_INPUT = "task_input"  # a previous step's output file, re-sent by file_id
    TASK_CARD = "task_card"  # a new task card with its buttons
    CARD_UPDATE = "card_update"  # edit a card to the task's current state
    RUN_STARTED = "run_started"
    RUN_FINISHED = "run_finished"
    ADMIN_NOTICE = "admin_notice"  # a person blocked the bot, or a message was given up
    # The office group (bot.services.group_notify) and the clock (bot.services.reminders).
    GROUP_RUN_STARTED = "group_run_started"
    GROUP_RUN_FINISHED = "group_run_finished"
    GROUP_OVERDUE = "group_overdue"
    GROUP_DIGEST = "group_digest"
    REMINDER_SOON = "reminder_soon"
    REMINDER_OVERDUE = "reminder_overdue"
    PERSONAL_DIGEST = "personal_digest"


class CardChange(StrEnum):
    """Why a card is edited (part of the dedupe key; the edit shows the current state)."""

    STARTED = "started"
    DONE = "done"
    PENDING = "pending"  # a sibling of a parallel step finished
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    MOVED = "moved"


class NoticeReason(StrEnum):
    BLOCKED = "blocked"
    DEAD = "dead"


def _stamp(at: datetime) -> str:
    """An instant as milliseconds, to tell repeated events of one task apart."""
    return str(int(at.timestamp() * 1000))


class _Builder:
    """Collects the rows of one transition, in the order they are to be sent."""

    def __init__(self, transition: Transition, office_id: int) -> None:
        self.state = transition.state
        self.run_id = transition.state.run_id
        self.office_id = office_id
        self.rows: list[dict[str, Any]] = []
        self.assigned: set[str] = set()

    def add(self, kind: MessageKind, person: str, key: str, at: datetime, **payload: Any) -> None:
        """Add one row for ``person`` with a dedupe key unique within the run."""
        self.rows.append(
            outbox_row(
                kind=kind.value,
                dedupe_key=f"{self.run_id}:{key}",
                at=at,
                payload=payload,
                person_id=int(person),
                office_id=self.office_id,
                run_id=self.run_id,
            )
        )

    def update(
        self, task_no: int, person: str, change: CardChange, at: datetime, extra: str = ""
    ) -> None:
        """Ask for an edit of ``person``'s card of ``task_no`` (to its state when sent)."""
        key = f"{task_no}:{change.value}:{person}" + (f":{extra}" if extra else "")
        self.add(MessageKind.CARD_UPDATE, person, key, at, task_no=task_no)

    def card(self, event: TaskAssigned) -> None:
        """The files handed to the task first, then its card (the card is the last message)."""
        for ref in event.inputs:
            self.add(
                MessageKind.TASK_INPUT,
                event.assignee,
                f"{event.task_no}:in:{ref.ref}:{event.assignee}",
                event.at,
                task_no=event.task_no,
                output_id=int(ref.ref),
            )
        key = f"{event.task_no}:card:{event.assignee}"
        self.add(MessageKind.TASK_CARD, event.assignee, key, event.at, task_no=event.task_no)

    def on(self, event: Event) -> None:
        """Add the rows one event causes."""
        if isinstance(event, TaskAssigned):
            self.assigned.add(event.assignee)
            self.card(event)
        elif isinstance(event, TaskStarted):
            assignee = self._assignee(event.task_no) or event.by
            self.update(event.task_no, assignee, CardChange.STARTED, event.at)
        elif isinstance(event, TaskCompleted):
            self.update(event.task_no, event.assignee, CardChange.DONE, event.at)
            self._siblings_pending(event)
        elif isinstance(event, TaskSkipped):
            self.update(event.task_no, event.assignee, CardChange.SKIPPED, event.at)
        elif isinstance(event, TaskReassigned):
            self._reassigned(event)
        elif isinstance(event, TaskCancelled):
            self.update(event.task_no, event.assignee, CardChange.CANCELLED, event.at)
        elif isinstance(event, RunFinished):
            self._finished(event)

    def _assignee(self, task_no: int) -> str | None:
        """Who holds ``task_no`` after the transition."""
        task = self.state.task(task_no)
        return None if task is None else task.assignee

    def _siblings_pending(self, event: TaskCompleted) -> None:
        """The others of a parallel step see who is still pending."""
        for sibling in self.state.tasks_of(event.step, event.iteration):
            if sibling.no != event.task_no and sibling.is_open:
                extra = str(event.task_no)
                self.update(sibling.no, sibling.assignee, CardChange.PENDING, event.at, extra)

    def _reassigned(self, event: TaskReassigned) -> None:
        """The old holder's card says where the task went; the new holder gets a card."""
        stamp = _stamp(event.at)
        extra = f"{event.to_assignee}:{stamp}"
        self.update(event.task_no, event.from_assignee, CardChange.MOVED, event.at, extra)
        self.add(
            MessageKind.TASK_CARD,
            event.to_assignee,
            f"{event.task_no}:card:{event.to_assignee}:{stamp}",
            event.at,
            task_no=event.task_no,
            reassigned_by=event.by,
        )

    def _finished(self, event: RunFinished) -> None:
        """The starter and everyone who had a task hear how the run ended."""
        people = [self.state.started_by, *(task.assignee for task in self.state.tasks)]
        for person in dict.fromkeys(people):
            self.add(
                MessageKind.RUN_FINISHED,
                person,
                f"finished:{person}",
                event.at,
                by=event.by,
                reason=event.reason,
            )

    def started_message(self, transition: Transition) -> None:
        """The starter hears that the run started, unless their own first card says so."""
        for event in transition.events:
            if isinstance(event, RunStarted) and event.by not in self.assigned:
                self.rows.insert(0, self._started_row(event))

    def _started_row(self, event: RunStarted) -> dict[str, Any]:
        """The 'run started' message to the person who started it."""
        return outbox_row(
            kind=MessageKind.RUN_STARTED.value,
            dedupe_key=f"{self.run_id}:started",
            at=event.at,
            payload={},
            person_id=int(event.by),
            office_id=self.office_id,
            run_id=self.run_id,
        )


def messages_for(transition: Transition, *, office_id: int) -> list[dict[str, Any]]:
    """The outbox rows of one transition, in the order each person should get them."""
    builder = _Builder(transition, office_id)
    for event in transition.events:
        builder.on(event)
    builder.started_message(transition)
    return builder.rows


def admin_notices(
    *,
    failed: Iterable[tuple[OutboxMessage, NoticeReason, str]],
    admins: Mapping[int, tuple[int, ...]],
    at: datetime,
) -> list[dict[str, Any]]:
    """Tell each office's admins about a person who blocked the bot or a message given up."""
    rows = []
    for message, reason, error in failed:
        if message.office_id is None or message.kind == MessageKind.ADMIN_NOTICE:
            continue
        for admin in admins.get(message.office_id, ()):
            if admin == message.person_id:
                continue
            rows.append(
                outbox_row(
                    kind=MessageKind.ADMIN_NOTICE.value,
                    dedupe_key=f"admin:{message.id}:{admin}",
                    at=at,
                    payload={
                        "reason": reason.value,
                        "about": message.person_id,
                        "chat_id": message.chat_id,
                        "attempts": message.attempts,
                        "error": error,
                    },
                    person_id=admin,
                    office_id=message.office_id,
                )
            )
    return rows
