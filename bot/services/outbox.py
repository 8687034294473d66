"""Delivery bookkeeping: claim a batch with what rendering it needs, then finish it at once.

``claim_batch`` takes due messages under a fresh claim token and reads, in the same
transaction, everything the dispatcher needs to render them (recipients, runs, files,
card messages). ``finish_batch`` marks the batch in one statement, remembers the card
messages, marks people who blocked the bot and queues the admins' notices.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.services.notify import MessageKind, NoticeReason, admin_notices
from bot.services.transaction import in_transaction
from bot.store import (
    DEFAULT_OUTBOX_LEASE,
    Delivery,
    OutboxMessage,
    OutboxState,
    OutputInfo,
    PersonInfo,
    RunContext,
    SqlUnitOfWork,
    TaskMessageInfo,
)

CardKey = tuple[str, int, int]
# Enough to keep Telegram's 30 messages/s busy for about a second; one per chat at most.
BATCH_LIMIT = 30
_TOKEN_PREFIX_LIMIT = 48
# Payload fields that name a person (as the engine's text id).
_PERSON_FIELDS = ("reassigned_by", "about", "by")


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """Claimed messages and what rendering them needs."""

    token: str
    at: datetime
    messages: tuple[OutboxMessage, ...]
    people: Mapping[int, PersonInfo] = field(default_factory=dict)
    runs: Mapping[str, RunContext] = field(default_factory=dict)
    run_numbers: Mapping[str, int] = field(default_factory=dict)
    outputs: Mapping[int, OutputInfo] = field(default_factory=dict)
    cards: Mapping[CardKey, TaskMessageInfo] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What became of one message, and what the store should remember about it."""

    message: OutboxMessage
    state: OutboxState
    error: str | None = None
    retry_at: datetime | None = None
    card: TaskMessageInfo | None = None
    blocked: bool = False  # Telegram said the recipient blocked the bot

    def delivery(self) -> Delivery:
        """The outbox mark for this outcome."""
        return Delivery(
            outbox_id=self.message.id, state=self.state, error=self.error, retry_at=self.retry_at
        )


def _people_named(messages: Iterable[OutboxMessage], runs: Iterable[RunContext]) -> set[int]:
    """Everyone a batch's messages go to or mention, and everyone in their runs."""
    ids: set[int] = set()
    for message in messages:
        if message.person_id is not None:
            ids.add(message.person_id)
        for name in _PERSON_FIELDS:
            value = message.payload.get(name)
            if value is not None:
                ids.add(int(value))
    for ctx in runs:
        ids.add(int(ctx.state.started_by))
        for task in ctx.state.tasks:
            ids.add(int(task.assignee))
            if task.completed_by is not None:
                ids.add(int(task.completed_by))
    return ids


async def _read_for(
    uow: SqlUnitOfWork, token: str, at: datetime, messages: list[OutboxMessage]
) -> Batch:
    """What rendering the claimed messages needs, read in the claim's transaction."""
    run_ids = sorted({m.run_id for m in messages if m.run_id is not None})
    runs = {}
    for run_id in run_ids:
        ctx = await uow.runs.get_state(run_id)
        if ctx is not None:
            runs[run_id] = ctx
    outputs: dict[int, OutputInfo] = {}
    with_inputs = {m.run_id for m in messages if m.kind == MessageKind.TASK_INPUT and m.run_id}
    for run_id in sorted(with_inputs):
        outputs.update((o.id, o) for o in await uow.runs.outputs_of(run_id))
    edited = {m.run_id for m in messages if m.kind == MessageKind.CARD_UPDATE and m.run_id}
    return Batch(
        token=token,
        at=at,
        messages=tuple(messages),
        people=await uow.delivery.people(_people_named(messages, runs.values())),
        runs=runs,
        run_numbers=await uow.delivery.run_numbers(run_ids),
        outputs=outputs,
        cards=await uow.task_messages.of_runs(edited),
    )


async def claim_batch(
    uow: SqlUnitOfWork,
    *,
    worker: str,
    at: datetime,
    limit: int = BATCH_LIMIT,
    lease: timedelta = DEFAULT_OUTBOX_LEASE,
) -> Batch | None:
    """Claim up to ``limit`` due messages (none other worker gets them); None when none are due."""
    token = f"{worker[:_TOKEN_PREFIX_LIMIT]}:{secrets.token_hex(6)}"

    async def work() -> Batch | None:
        messages = await uow.outbox.claim(limit=limit, token=token, at=at, lease=lease)
        return await _read_for(uow, token, at, messages) if messages else None

    return await in_transaction(uow, work)


def _failures(
    outcomes: Sequence[Outcome], people: Mapping[int, PersonInfo]
) -> list[tuple[OutboxMessage, NoticeReason, str]]:
    """Messages the admins must hear about: a newly blocked person (once), a message given up."""
    failed: list[tuple[OutboxMessage, NoticeReason, str]] = []
    told: set[int] = set()
    for outcome in outcomes:
        message, person_id = outcome.message, outcome.message.person_id
        if outcome.blocked:
            person = people.get(person_id) if person_id is not None else None
            already = person is not None and person.blocked_at is not None
            if person_id is not None and not already and person_id not in told:
                told.add(person_id)
                failed.append((message, NoticeReason.BLOCKED, outcome.error or ""))
        elif outcome.state is OutboxState.DEAD:
            failed.append((message, NoticeReason.DEAD, outcome.error or ""))
    return failed


async def finish_batch(
    uow: SqlUnitOfWork, *, batch: Batch, outcomes: Sequence[Outcome], at: datetime
) -> int:
    """Record a sent batch in one transaction; returns how many rows this claim still held."""
    refused = {o.message.person_id for o in outcomes if o.blocked and o.message.person_id}
    # The first refusal is the moment a person blocked the bot; later ones change nothing.
    blocked = {p for p in refused if (known := batch.people.get(p)) and known.blocked_at is None}
    reached = {
        o.message.person_id
        for o in outcomes
        if o.state is OutboxState.SENT
        and o.message.person_id is not None
        and (person := batch.people.get(o.message.person_id)) is not None
        and person.blocked_at is not None
    }
    failed = _failures(outcomes, batch.people)

    async def work() -> int:
        marked = await uow.outbox.finish(
            token=batch.token, deliveries=[o.delivery() for o in outcomes], at=at
        )
        await uow.task_messages.record(cards=[o.card for o in outcomes if o.card is not None])
        await uow.delivery.set_blocked(person_ids=blocked - reached, at=at)
        await uow.delivery.set_blocked(person_ids=reached - blocked, at=None)
        if failed:
            offices = {m.office_id for m, _reason, _error in failed if m.office_id is not None}
            admins = await uow.delivery.office_admins(offices)
            await uow.outbox.add(rows=admin_notices(failed=failed, admins=admins, at=at))
        return marked

    return await in_transaction(uow, work)
