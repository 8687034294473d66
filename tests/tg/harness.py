"""People talking to the real PTB Application over the fake Bot API, on a real database.

``bot`` (a fixture; import it into a test module) gives a `Harness`: an office, a
stepping clock, and helpers to type, press and upload as a person would; what the
bot answered is read back from the Bot API calls it made.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.config import Settings
from bot.engine import RunState
from bot.services import (
    add_member,
    create_invite,
    create_office,
    get_run,
    person_for_telegram,
    publish_sop,
)
from bot.sop.loader import load_sop
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork, session_factory
from bot.tg.app import TelegramApp, build_application
from bot.tg.callbacks import TaskAction, TaskButton
from bot.tg.dispatcher import dispatch_pending
from tests.tg.fakes import TOKEN, Call, FakeBotApi
from tests.tg.updates import bot_message, callback_update, document, message_update, photo

WIB = ZoneInfo("Asia/Jakarta")
SOPS = Path(__file__).resolve().parents[2] / "sops"


class RecordingBotApi(FakeBotApi):
    """The fake Bot API, noting in each call the id of the message it created."""

    def result(self, method: str, params: dict[str, Any]) -> Any:
        found = super().result(method, params)
        if method in {"sendMessage", "sendDocument", "sendPhoto"} and isinstance(found, dict):
            params["_message_id"] = found["message_id"]
        return found


class SteppingClock:
    """The bot's clock: stands still until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, instant: datetime) -> None:
        assert instant >= self.now, "the test clock only goes forward"
        self.now = instant


@dataclass
class Person:
    """A Telegram user (and, once registered, their person id)."""

    tg_id: int
    name: str
    language: str | None = "id"
    id: int = 0


@dataclass
class Harness:
    app: TelegramApp
    api: FakeBotApi
    sessions: Any
    clock: SteppingClock
    office_id: int = 0
    admin: Person = field(default_factory=lambda: Person(1, "Admin"))
    sent_messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    shown_order: list[int] = field(default_factory=list)
    _recorded: int = 0

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    # -- setting up -----------------------------------------------------------------

    async def office_with(self, sop_file: str | Sop) -> str:
        """An office with one published SOP and its admin; returns the SOP key."""
        at = self.clock()
        office = await create_office(self.uow(), name="BPPD Anambas", at=at, timezone="WIB")
        self.office_id = office.id
        admin = await person_for_telegram(
            self.uow(), telegram_user_id=self.admin.tg_id, display_name=self.admin.name, at=at
        )
        self.admin.id = admin.id
        await add_member(self.uow(), office_id=office.id, person_id=admin.id, is_admin=True, at=at)
        sop = sop_file if isinstance(sop_file, Sop) else load_sop(SOPS / sop_file)
        await publish_sop(self.uow(), office_id=office.id, sop=sop, at=at)
        return sop.key

    async def invite_and_join(self, person: Person, role: str) -> None:
        """The admin invites ``person`` to ``role``; the person opens the link (/start)."""
        invite = await create_invite(
            self.uow(), office_id=self.office_id, by=self.admin.id, at=self.clock(), role_key=role
        )
        await self.send(person, f"/start {invite.token}")
        async with self.uow() as uow:
            me = await uow.people.by_telegram_id(person.tg_id)
        assert me is not None, self.last_text(person)
        person.id = me.id

    # -- talking ----------------------------------------------------------------------

    async def _feed(self, data: dict[str, Any]) -> None:
        """Process one update, then deliver what it caused (the dispatcher's job)."""
        await self.app.process_update(Update.de_json(data, self.app.bot))
        await dispatch_pending(self.app)

    async def send(self, person: Person, text: str, **extra: Any) -> None:
        await self._feed(
            message_update(
                user_id=person.tg_id,
                first_name=person.name,
                language_code=person.language,
                text=text,
                **extra,
            )
        )

    async def upload(
        self,
        person: Person,
        name: str,
        *,
        size: int = 48_213,
        reply_to: int | None = None,
        as_photo: bool = False,
    ) -> dict[str, Any]:
        """Send a document, or a photo tagged ``name`` (replying to the bot's ``reply_to``)."""
        file: dict[str, Any] = (
            {"photo": photo(name, size=size)}
            if as_photo
            else {"document": document(name, size=size)}
        )
        update = message_update(
            user_id=person.tg_id,
            first_name=person.name,
            language_code=person.language,
            reply_to=None if reply_to is None else self.sent_messages[reply_to],
            **file,
        )
        self._remember_user_message(update["message"])
        await self._feed(update)
        return update["message"]

    async def upload_in_group(self, person: Person, name: str) -> None:
        """Send a document into the office group."""
        await self._feed(
            message_update(
                user_id=person.tg_id,
                first_name=person.name,
                language_code=person.language,
                document=document(name),
                group=True,
            )
        )

    async def press(self, person: Person, data: str, on: int | None = None) -> None:
        """Press the button ``data`` (on the bot's message ``on``, if given)."""
        message = None if on is None else self.sent_messages[on]
        await self._feed(
            callback_update(
                user_id=person.tg_id,
                first_name=person.name,
                language_code=person.language,
                data=data,
                message=message,
            )
        )

    async def task(self, person: Person, action: TaskAction, run_id: str, task_no: int) -> None:
        """Press a task button that the bot showed the person (on a card or a prompt)."""
        await self.press(person, *self.button(person, action, run_id, task_no))

    def button(
        self, person: Person, action: TaskAction, run_id: str, task_no: int
    ) -> tuple[str, int]:
        """The data of a task button the bot showed the person, and the message it is on."""
        data = TaskButton(action, run_id, task_no).encode()
        shown = self.shown(person, data)
        assert shown is not None, f"the bot never showed {person.name} the button {data}"
        return data, shown

    def shown(self, person: Person, data: str) -> int | None:
        """The last message in the person's chat that carried the button ``data``."""
        self.record_bot_messages()
        for message_id in reversed(self.shown_order):
            message = self.sent_messages[message_id]
            if message["chat"]["id"] == person.tg_id and data in {
                callback for _text, callback in self.buttons_of(message_id)
            }:
                return message_id
        return None

    # -- reading what the bot did -----------------------------------------------------

    def _remember_user_message(self, message: dict[str, Any]) -> None:
        self.sent_messages[message["message_id"]] = message

    def record_bot_messages(self) -> None:
        """Keep every message the bot sent (and its edits), as Telegram would show it."""
        for call in self.api.calls[self._recorded :]:
            if not call.ok:
                continue
            markup = call.params.get("reply_markup")
            if isinstance(markup, str):
                markup = json.loads(markup)
            if call.method == "editMessageText":
                edited = self.sent_messages.get(call.params.get("message_id", -1))
                if edited is not None:
                    edited["text"] = call.params["text"]
                    edited.pop("reply_markup", None)
                    if markup:
                        edited["reply_markup"] = markup
                continue
            if "_message_id" not in call.params:
                continue
            reply = call.params.get("reply_parameters") or {}
            if isinstance(reply, str):
                reply = json.loads(reply)
            message_id = int(call.params["_message_id"])
            self.sent_messages[message_id] = bot_message(
                chat_id=call.params["chat_id"],
                text=call.params.get("text") or call.params.get("caption") or "",
                reply_markup=markup,
                reply_to=self.sent_messages.get(reply.get("message_id", -1)),
                message_id=message_id,
            )
            self.shown_order.append(message_id)
        self._recorded = len(self.api.calls)

    def texts_to(self, person: Person) -> list[str]:
        """Every text the bot sent or edited into a message in the person's chat."""
        return [
            call.params["text"]
            for call in self.api.calls
            if call.method in ("sendMessage", "editMessageText")
            and call.params.get("chat_id") in (person.tg_id, None)
        ]

    def last_text(self, person: Person) -> str:
        return self.texts_to(person)[-1]

    def last_message_id(self, person: Person) -> int:
        """The id of the last message the bot sent to the person."""
        self.record_bot_messages()
        calls = [
            call for call in self.api.sent("sendMessage") if call.params["chat_id"] == person.tg_id
        ]
        return int(calls[-1].params["_message_id"])

    def buttons_of(self, message_id: int) -> list[tuple[str, str]]:
        markup = self.sent_messages[message_id].get("reply_markup") or {}
        return [
            (button["text"], button["callback_data"])
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]

    def answers(self) -> list[Call]:
        return self.api.sent("answerCallbackQuery")

    def last_alert(self) -> str:
        answer = self.answers()[-1]
        assert answer.params.get("show_alert") is True, answer.params
        return str(answer.params["text"])

    async def run_state(self, run_id: str) -> RunState:
        return (await get_run(self.uow(), run_id=run_id)).state

    async def only_run(self) -> str:
        async with self.uow() as uow:
            lines = await uow.conversation.active_runs([self.office_id])
        [line] = lines
        return line.run_id

    def step_to(self, minutes: float) -> None:
        self.clock.set(self.clock() + timedelta(minutes=minutes))

    async def restart(self) -> None:
        """Stop the Application and start a new one on the same database (a restart)."""
        await self.app.shutdown()
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]
        self.app = build_application(
            settings, request=self.api, sessions=self.sessions, clock=self.clock
        )
        await self.app.initialize()


@pytest.fixture
async def bot(engine: AsyncEngine) -> AsyncIterator[Harness]:
    """The real Application on the test database, with a fake Bot API and a test clock."""
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]
    api = RecordingBotApi()
    sessions = session_factory(engine)
    clock = SteppingClock(datetime(2026, 11, 20, 15, 50, tzinfo=WIB))
    app = build_application(settings, request=api, sessions=sessions, clock=clock)
    await app.initialize()
    harness = Harness(app=app, api=api, sessions=sessions, clock=clock)
    yield harness
    await harness.app.shutdown()


__all__ = ["WIB", "Harness", "Person", "SteppingClock", "bot", "document"]
