"""What the bot is waiting for from a person: files for a task, or a reason.

A prompt lives in the database (one per person), so a restart between "send the
reason" and the reason itself loses nothing. Starting a run after its confirm
button uses a second, single-use entry, so a double tap starts one run only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.services.transaction import in_transaction
from bot.store import SqlUnitOfWork


class PromptKind(StrEnum):
    """What the next message of the person is taken as."""

    FILES = "files"  # documents or photos for a task, then a confirm button
    REASON = "reason"  # the reason of a decision's Tidak (send back or reject)
    CANCEL_RUN = "cancel"  # the reason for cancelling a run (/batal)


@dataclass(frozen=True, slots=True)
class Prompt:
    kind: PromptKind
    run_id: str
    task_no: int | None = None

    def dump(self) -> str:
        return json.dumps({"kind": self.kind.value, "run": self.run_id, "task": self.task_no})

    @classmethod
    def load(cls, text: str) -> Prompt | None:
        """The stored prompt, or None for anything that does not parse."""
        try:
            data = json.loads(text)
            task = data.get("task")
            return cls(
                PromptKind(data["kind"]), str(data["run"]), None if task is None else int(task)
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _prompt_key(person_id: int) -> str:
    return f"prompt:{person_id}"


def _start_key(person_id: int) -> str:
    return f"start:{person_id}"


async def set_prompt(uow: SqlUnitOfWork, *, person_id: int, prompt: Prompt, at: datetime) -> None:
    """Wait for ``prompt`` from the person (replacing what was awaited before)."""

    async def work() -> None:
        await uow.conversation.put_value(key=_prompt_key(person_id), value=prompt.dump(), at=at)

    await in_transaction(uow, work)


async def current_prompt(uow: SqlUnitOfWork, *, person_id: int) -> Prompt | None:
    """What the bot waits for from the person, if anything."""

    async def work() -> Prompt | None:
        text = await uow.conversation.get_value(_prompt_key(person_id))
        return None if text is None else Prompt.load(text)

    return await in_transaction(uow, work)


async def clear_prompt(uow: SqlUnitOfWork, *, person_id: int, prompt: Prompt | None = None) -> bool:
    """Stop waiting (only if still waiting for ``prompt``, when given); True if it was."""

    async def work() -> bool:
        value = None if prompt is None else prompt.dump()
        return await uow.conversation.take_value(key=_prompt_key(person_id), value=value)

    return await in_transaction(uow, work)


async def offer_start(uow: SqlUnitOfWork, *, person_id: int, version_id: int, at: datetime) -> None:
    """Remember the SOP version whose start the person is asked to confirm."""

    async def work() -> None:
        await uow.conversation.put_value(key=_start_key(person_id), value=str(version_id), at=at)

    await in_transaction(uow, work)


async def take_start_offer(uow: SqlUnitOfWork, *, person_id: int, version_id: int) -> bool:
    """Use the confirm once: True for the first press, False for a repeat or a stale one."""

    async def work() -> bool:
        return await uow.conversation.take_value(key=_start_key(person_id), value=str(version_id))

    return await in_transaction(uow, work)
