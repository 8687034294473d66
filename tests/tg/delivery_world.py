"""An office on a real database, the real PTB Application over the fake Bot API, and a clock.

Import the ``world`` fixture into a test module. Services change the runs (as the
handlers would); ``world.deliver()`` runs the dispatcher once, and what each person
received is read back from the Bot API calls Telegram accepted.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.services import add_member, add_person, create_office, grant_role, publish_sop
from bot.sop.model import Sop
from bot.store import OutputKind, OutputMeta, SqlUnitOfWork, session_factory
from bot.tg.app import TelegramApp, build_application
from bot.tg.callbacks import TaskButton, decode_task_button
from bot.tg.dispatcher import dispatch_pending
from tests.conftest import SAMPLE_SOP
from tests.tg.fakes import TOKEN, Call, FakeBotApi

WIB = ZoneInfo("Asia/Jakarta")
# Friday 20 November 2026, 15:50 WIB: 40 minutes before the office closes for the weekend.
T0 = datetime(2026, 11, 20, 15, 50, tzinfo=WIB)

# name -> (Telegram user id, chosen language, Telegram's language_code, role)
PEOPLE: dict[str, tuple[int, str | None, str | None, str | None]] = {
    "Admin": (1001, None, None, None),
    "Sari": (1002, None, "id", "staf"),
    "Budi": (1003, "id", None, "kasubag"),
    "John": (1004, None, "en-US", "kasubag"),
    "Kepala": (1005, None, None, "kepala"),
}


class Clock:
    """The bot's clock: stands still until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, minutes: float) -> datetime:
        """Move to ``minutes`` after T0 and return that instant."""
        instant = T0 + timedelta(minutes=minutes)
        assert instant >= self.now, "the test clock only goes forward"
        self.now = instant
        return instant


@dataclass
class World:
    app: TelegramApp
    api: FakeBotApi
    sessions: Any
    clock: Clock
    office_id: int
    ids: dict[str, int] = field(default_factory=dict)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def chat(self, name: str) -> int:
        return PEOPLE[name][0]

    async def deliver(self) -> int:
        return await dispatch_pending(self.app)

    def received(self, name: str, method: str | None = None) -> list[Call]:
        """What Telegram accepted for this person's chat, in order."""
        return self.api.accepted(method, chat_id=self.chat(name))

    def texts(self, name: str) -> list[str]:
        """The text of every message sent to the person (edits included)."""
        return [
            call.params.get("text") or call.params.get("caption", "")
            for call in self.received(name)
        ]

    async def publish(self, definition: dict[str, Any]) -> str:
        sop = Sop.model_validate(definition)
        await publish_sop(self.uow(), office_id=self.office_id, sop=sop, at=T0)
        return sop.key


def buttons(call: Call) -> list[tuple[str, TaskButton | None]]:
    """The inline buttons of a sent or edited message: (label, decoded callback data)."""
    markup = call.params.get("reply_markup")
    if not markup:
        return []
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [
        (button["text"], decode_task_button(button.get("callback_data")))
        for row in markup["inline_keyboard"]
        for button in row
    ]


def output(name: str, kind: str = "document") -> OutputMeta:
    """An uploaded file as the conversation side stores it."""
    return OutputMeta(
        telegram_file_id=f"file-{name}",
        telegram_file_unique_id=f"unique-{name}",
        file_name=name,
        kind=OutputKind(kind),
        size=1234,
        mime_type="application/pdf",
    )


async def _office(uow: SqlUnitOfWork) -> tuple[int, dict[str, int]]:
    office = await create_office(uow, name="Badan Kepegawaian Daerah", at=T0, timezone="WIB")
    ids = {}
    for name, (tg_id, locale, language, role) in PEOPLE.items():
        person = await add_person(
            uow, display_name=name, at=T0, telegram_user_id=tg_id, locale=locale
        )
        ids[name] = person.id
        if language is not None:
            async with uow:
                await uow.people.set_telegram_language(person_id=person.id, language_code=language)
                await uow.commit()
        if role is None:
            await add_member(uow, office_id=office.id, person_id=person.id, is_admin=True, at=T0)
        else:
            await grant_role(uow, office_id=office.id, person_id=person.id, role_key=role, at=T0)
    return office.id, ids


@pytest.fixture
async def world(engine: AsyncEngine) -> AsyncIterator[World]:
    sessions = session_factory(engine)
    office_id, ids = await _office(SqlUnitOfWork(sessions))
    clock = Clock(T0)
    api = FakeBotApi()
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]
    app = build_application(settings, request=api, sessions=sessions, clock=clock)
    await app.initialize()
    world = World(app=app, api=api, sessions=sessions, clock=clock, office_id=office_id, ids=ids)
    await world.publish(SAMPLE_SOP)
    api.calls.clear()  # getMe
    yield world
    await app.shutdown()
