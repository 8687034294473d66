"""An office with a linked group, one admin holding every role, and runs started at will."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import Update

from bot.services import grant_role, start_run
from bot.sop.model import Sop
from bot.tg.clock import tick
from bot.tg.dispatcher import dispatch_pending
from tests.conftest import SAMPLE_SOP
from tests.tg.fakes import Call
from tests.tg.group_updates import GROUP, group_command
from tests.tg.harness import Harness

ONE_STEP = {
    "kode": "cek-berkas",
    "identitas": {"nama": "Cek Berkas"},
    "peran": {"staf": "Staf Tata Usaha"},
    "langkah": [{"nomor": 1, "uraian": "Memeriksa berkas", "pelaksana": "staf", "waktu": "1 jam"}],
}


async def office_with_group(bot: Harness, definition: dict[str, Any] = SAMPLE_SOP) -> str:
    """The office, its admin in every role of the SOP, and the group linked by /hubungkan."""
    sop = Sop.model_validate(definition)
    key = await bot.office_with(sop)
    for role in sop.roles:
        await grant_role(
            bot.uow(),
            office_id=bot.office_id,
            person_id=bot.admin.id,
            role_key=role,
            at=bot.clock(),
        )
    update = group_command(
        chat_id=GROUP, user_id=bot.admin.tg_id, name=bot.admin.name, text="/hubungkan"
    )
    await bot.app.process_update(Update.de_json(update, bot.app.bot))
    return key


async def start(bot: Harness, key: str, at: datetime | None = None) -> str:
    """Start a run of ``key`` as the admin (at ``at``, else the bot's clock) and deliver."""
    if at is not None:
        bot.clock.now = at
    transition = await start_run(
        bot.uow(), office_id=bot.office_id, sop_key=key, by=bot.admin.id, at=at or bot.clock()
    )
    await dispatch_pending(bot.app)
    return transition.state.run_id


async def tick_at(bot: Harness, at: datetime) -> None:
    """Move the clock to ``at`` (forward or back: each test sets its own days), tick, deliver."""
    bot.clock.now = at
    await tick(bot.app)
    await dispatch_pending(bot.app)


def group_texts(bot: Harness) -> list[str]:
    """Every text the bot sent to the office group."""
    return [c.params["text"] for c in bot.api.sent() if c.params["chat_id"] == GROUP]


def private_calls(bot: Harness) -> list[Call]:
    """Every message the bot sent to the admin's private chat."""
    return [c for c in bot.api.sent() if c.params["chat_id"] == bot.admin.tg_id]


def reminders(bot: Harness) -> list[str]:
    """The reminders in the admin's private chat (before due: ⏰, overdue: ⚠️)."""
    return [
        str(c.params["text"])
        for c in private_calls(bot)
        if str(c.params["text"]).startswith(("⏰", "⚠️"))
    ]


def overdue_lists(bot: Harness) -> list[str]:
    """The overdue lists the office group received."""
    return [text for text in group_texts(bot) if text.startswith("⚠️")]
