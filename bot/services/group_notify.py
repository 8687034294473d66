"""What an office group hears: one line when a run starts or finishes (never task content).

Rows go to the group's chat queue ("c<chat id>") in the transaction of the run's
change; the dispatcher renders them in the office's default language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.engine import Transition
from bot.engine.events import RunFinished, RunStarted
from bot.services.notify import MessageKind
from bot.store import SqlUnitOfWork, outbox_row


def _row(
    kind: MessageKind,
    *,
    chat_id: int,
    office_id: int,
    run_id: str,
    key: str,
    at: datetime,
    **payload: Any,
) -> dict[str, Any]:
    """One group message of a run, unique by ``key`` within the run."""
    return outbox_row(
        kind=kind.value,
        dedupe_key=f"{run_id}:group:{key}",
        at=at,
        payload=payload,
        chat_id=chat_id,
        office_id=office_id,
        run_id=run_id,
    )


def group_rows(transition: Transition, *, chat_id: int, office_id: int) -> list[dict[str, Any]]:
    """The group's lines for the run events of one transition."""
    rows = []
    run_id = transition.state.run_id
    for event in transition.events:
        if isinstance(event, RunStarted):
            rows.append(
                _row(
                    MessageKind.GROUP_RUN_STARTED,
                    chat_id=chat_id,
                    office_id=office_id,
                    run_id=run_id,
                    key="started",
                    at=event.at,
                    by=event.by,
                )
            )
        elif isinstance(event, RunFinished):
            rows.append(
                _row(
                    MessageKind.GROUP_RUN_FINISHED,
                    chat_id=chat_id,
                    office_id=office_id,
                    run_id=run_id,
                    key="finished",
                    at=event.at,
                    reason=event.reason,
                )
            )
    return rows


async def notify_group(uow: SqlUnitOfWork, *, office_id: int, transition: Transition) -> None:
    """Queue the group's lines of a transition, when the office has a linked group."""
    if not any(isinstance(e, RunStarted | RunFinished) for e in transition.events):
        return
    chat_id = (await uow.clock.settings(office_id)).group_chat_id
    if chat_id is not None:
        rows = group_rows(transition, chat_id=chat_id, office_id=office_id)
        await uow.outbox.add(rows=rows)
