"""Invites, /undang and /anggota through the real PTB Application and the fake Bot API."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.config import Settings
from bot.i18n import use_locale
from bot.services import add_member, add_person, publish_sop
from bot.services.bot_settings import BOT_USERNAME, recall
from bot.services.directory import Roster, open_office, person_by_telegram, roster
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork, session_factory
from bot.tg.admin import admin_commands
from bot.tg.admin_buttons import AdminAction, AdminButton, decode_admin_button
from bot.tg.app import TelegramApp, build_application
from bot.tg.identity import remember_identity
from tests.tg.fake_admin import (
    SettableClock,
    button_update,
    install_admin_handlers,
    message_update,
)
from tests.tg.fakes import TOKEN, FakeBotApi

WITA = ZoneInfo("Asia/Makassar")
ADMIN_TG, BOT_ADMIN_TG, RINA_TG, BUDI_TG = 100, 900, 200, 300
LINK = re.compile(r"https://t\.me/sop_test_bot\?start=([A-Za-z0-9_-]+)")


@dataclass
class Office:
    id: int
    admin: int  # person id of the office admin (Telegram user ADMIN_TG)


@dataclass
class Bot:
    app: TelegramApp
    api: FakeBotApi
    clock: SettableClock
    uow: Callable[[], SqlUnitOfWork]
    office: Office

    async def type(self, text: str, user_id: int, **extra: Any) -> list[dict[str, Any]]:
        """Send a command; return the parameters of the messages the bot sent back."""
        before = len(self.api.calls)
        await self.app.process_update(
            Update.de_json(message_update(text, user_id=user_id, **extra), self.app.bot)
        )
        return [call.params for call in self.api.calls[before:] if call.method == "sendMessage"]

    async def press(self, data: str, user_id: int, **extra: Any) -> dict[str, list[dict[str, Any]]]:
        """Press a button; return the Bot API calls it caused, by method."""
        before = len(self.api.calls)
        await self.app.process_update(
            Update.de_json(button_update(data, user_id=user_id, **extra), self.app.bot)
        )
        calls: dict[str, list[dict[str, Any]]] = {}
        for call in self.api.calls[before:]:
            calls.setdefault(call.method, []).append(call.params)
        return calls

    async def roster(self) -> Roster:
        return await roster(self.uow(), office_id=self.office.id)


@pytest.fixture
async def bot(engine: AsyncEngine, sample_sop: Sop) -> AsyncIterator[Bot]:
    """An office with one admin and the sample SOP, and the bot application on its database."""
    sessions = session_factory(engine)

    def new_uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions)

    t0 = datetime(2026, 11, 20, 15, 50, tzinfo=WITA)
    office = await open_office(new_uow(), name="BPPD Anambas", at=t0, timezone="WITA")
    await publish_sop(new_uow(), office_id=office.id, sop=sample_sop, at=t0)
    admin = await add_person(new_uow(), display_name="Admin", at=t0, telegram_user_id=ADMIN_TG)
    await add_member(new_uow(), office_id=office.id, person_id=admin.id, is_admin=True, at=t0)

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=TOKEN, admin_ids=(BOT_ADMIN_TG,)
    )
    api, clock = FakeBotApi(), SettableClock(t0)
    app = build_application(settings, request=api, sessions=sessions, clock=clock)
    install_admin_handlers(app)
    await app.initialize()
    try:
        yield Bot(app, api, clock, new_uow, Office(office.id, admin.id))
    finally:
        await app.shutdown()


def _buttons(params: dict[str, Any]) -> dict[str, str]:
    """Button text → callback data of a sent or edited message."""
    markup = params.get("reply_markup")
    if markup is None:
        return {}
    if isinstance(markup, str):  # PTB sends nested objects as JSON text
        markup = json.loads(markup)
    return {
        button["text"]: button["callback_data"]
        for row in markup["inline_keyboard"]
        for button in row
    }


async def _invite_link(bot: Bot, role_label: str = "Kepala Subbagian (kasubag)") -> str:
    """The admin asks for an invite with /undang and presses the role; returns the token."""
    [question] = await bot.type("/undang", ADMIN_TG)
    data = _buttons(question)[role_label]
    calls = await bot.press(data, ADMIN_TG)
    [edited] = calls["editMessageText"]
    found = LINK.search(edited["text"])
    assert found, edited["text"]
    return found.group(1)


async def test_invite_start_token_makes_a_member_with_the_role(bot: Bot) -> None:
    [question] = await bot.type("/undang", ADMIN_TG)
    assert question["text"] == "Undang seseorang ke BPPD Anambas sebagai:"
    buttons = _buttons(question)
    assert buttons == {
        "Kepala Subbagian (kasubag)": f"adm:ir:{bot.office.id}::kasubag",
        "Kepala (kepala)": f"adm:ir:{bot.office.id}::kepala",
        "Staf Tata Usaha (staf)": f"adm:ir:{bot.office.id}::staf",
        "Admin kantor (tanpa peran)": f"adm:ia:{bot.office.id}::",
    }
    assert all(len(data.encode()) <= 64 for data in buttons.values())

    calls = await bot.press(buttons["Kepala Subbagian (kasubag)"], ADMIN_TG)
    [edited] = calls["editMessageText"]
    assert edited["text"].startswith("Undangan ke BPPD Anambas sebagai Kepala Subbagian:\n")
    assert "Berlaku sekali, sampai Jum, 27 Nov 2026 15:50 WITA." in edited["text"]
    token = LINK.search(edited["text"]).group(1)  # type: ignore[union-attr]
    assert len(token) >= 32  # 24 random bytes: 192 bits

    bot.clock.now += timedelta(hours=1)
    [welcome] = await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    assert welcome["text"].splitlines()[:2] == [
        "Selamat bergabung di BPPD Anambas, Rina!",
        "Peran Anda: Kepala Subbagian.",
    ]
    members = {m.telegram_user_id: m for m in (await bot.roster()).members}
    assert members[RINA_TG].roles == ("kasubag",) and not members[RINA_TG].is_admin
    assert members[RINA_TG].display_name == "Rina"


async def test_welcome_in_english_for_an_english_telegram(bot: Bot) -> None:
    token = await _invite_link(bot)
    [welcome] = await bot.type(f"/start {token}", RINA_TG, first_name="Rina", language_code="en")
    assert welcome["text"].splitlines()[:2] == [
        "Welcome to BPPD Anambas, Rina!",
        "Your role: Kepala Subbagian.",
    ]


async def test_a_used_invite_is_refused_for_someone_else(bot: Bot) -> None:
    token = await _invite_link(bot)
    await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    [refused] = await bot.type(f"/start {token}", BUDI_TG, first_name="Budi")
    assert refused["text"].startswith("Tautan undangan ini sudah dipakai.")
    assert BUDI_TG not in {m.telegram_user_id for m in (await bot.roster()).members}
    # The person who used it opening it again is told where they are.
    [again] = await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    assert again["text"].startswith("Anda sudah terdaftar di BPPD Anambas melalui tautan ini.")


async def test_an_expired_invite_is_refused(bot: Bot) -> None:
    token = await _invite_link(bot)
    bot.clock.now += timedelta(days=7)
    [refused] = await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    assert refused["text"].startswith("Tautan undangan ini sudah kedaluwarsa.")
    [english] = await bot.type(f"/start {token}", RINA_TG, language_code="en")
    assert english["text"].startswith("This invitation link has expired.")
    assert RINA_TG not in {m.telegram_user_id for m in (await bot.roster()).members}


async def test_an_unknown_token_is_refused(bot: Bot) -> None:
    [refused] = await bot.type("/start bukan-token-yang-benar", RINA_TG)
    assert refused["text"].startswith("Tautan undangan ini tidak dikenal.")
    assert [m.telegram_user_id for m in (await bot.roster()).members] == [ADMIN_TG]


async def test_an_admin_invite_makes_an_office_admin(bot: Bot) -> None:
    token = await _invite_link(bot, "Admin kantor (tanpa peran)")
    [welcome] = await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    assert "Anda admin kantor ini: /undang" in welcome["text"]
    members = {m.telegram_user_id: m for m in (await bot.roster()).members}
    assert members[RINA_TG].is_admin and members[RINA_TG].roles == ()


async def test_non_admins_cannot_invite(bot: Bot) -> None:
    token = await _invite_link(bot)
    await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    [refused] = await bot.type("/undang", RINA_TG)
    assert refused["text"].startswith("Perintah ini hanya untuk admin kantor.")
    assert "reply_markup" not in refused
    calls = await bot.press(f"adm:ir:{bot.office.id}::kepala", RINA_TG)
    [alert] = calls["answerCallbackQuery"]
    assert alert["show_alert"] is True
    assert alert["text"] == "Hanya admin kantor ini yang dapat melakukannya."
    assert "editMessageText" not in calls


async def test_admin_commands_stay_out_of_groups(bot: Bot) -> None:
    [reply] = await bot.type("/undang", ADMIN_TG, chat_type="group")
    assert reply["text"] == "Gunakan perintah ini di chat pribadi dengan saya."
    [reply] = await bot.type("/anggota", ADMIN_TG, chat_type="supergroup")
    assert reply["text"] == "Gunakan perintah ini di chat pribadi dengan saya."


async def test_a_bot_admin_chooses_among_every_office(bot: Bot) -> None:
    other = await open_office(bot.uow(), name="Inspektorat", at=bot.clock.now)
    [question] = await bot.type("/undang", BOT_ADMIN_TG)
    assert question["text"] == "Undang ke kantor mana?"
    buttons = _buttons(question)
    assert buttons == {
        "BPPD Anambas": f"adm:io:{bot.office.id}::",
        "Inspektorat": f"adm:io:{other.id}::",
    }
    calls = await bot.press(buttons["Inspektorat"], BOT_ADMIN_TG)
    [edited] = calls["editMessageText"]
    assert edited["text"].startswith("Inspektorat belum memiliki SOP yang diterbitkan")
    assert list(_buttons(edited)) == ["Admin kantor (tanpa peran)"]


async def test_anggota_changes_roles_with_buttons(bot: Bot) -> None:
    token = await _invite_link(bot)
    await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    rina = next(m for m in (await bot.roster()).members if m.telegram_user_id == RINA_TG)

    [listing] = await bot.type("/anggota", ADMIN_TG)
    assert listing["text"].splitlines() == [
        "Anggota BPPD Anambas:",
        "• Admin: tanpa peran · admin",
        "• Rina: Kepala Subbagian",
        "Belum ada pemegangnya: Kepala, Staf Tata Usaha. /undang untuk mengundang.",
        "Ketuk nama seseorang untuk mengubah perannya.",
    ]
    person_button = _buttons(listing)["Rina"]
    calls = await bot.press(person_button, ADMIN_TG)
    [view] = calls["editMessageText"]
    buttons = _buttons(view)
    assert list(buttons) == [
        "✅ Kepala Subbagian",
        "➕ Kepala",
        "➕ Staf Tata Usaha",
        "Jadikan admin kantor",
        "« Semua anggota",
    ]

    # Change Rina from Kasubag to Kepala: give one role, take the other.
    calls = await bot.press(buttons["➕ Kepala"], ADMIN_TG)
    assert calls["answerCallbackQuery"][0]["text"] == "Peran diberikan."
    calls = await bot.press(buttons["✅ Kepala Subbagian"], ADMIN_TG)
    assert calls["answerCallbackQuery"][0]["text"] == "Peran dicabut."
    [view] = calls["editMessageText"]
    assert "Peran: Kepala" in view["text"].splitlines()
    calls = await bot.press(buttons["Jadikan admin kantor"], ADMIN_TG)
    members = {m.person_id: m for m in (await bot.roster()).members}
    assert members[rina.person_id].roles == ("kepala",) and members[rina.person_id].is_admin

    # A second press of a drawn "give Kepala" button (a double tap) changes nothing.
    before = await bot.roster()
    calls = await bot.press(buttons["➕ Kepala"], ADMIN_TG)
    assert "text" not in calls["answerCallbackQuery"][0]
    assert await bot.roster() == before


async def test_a_non_admin_pressing_an_admin_button_changes_nothing(bot: Bot) -> None:
    token = await _invite_link(bot)
    await bot.type(f"/start {token}", RINA_TG, first_name="Rina")
    before = await bot.roster()
    admin = bot.office.admin
    for button in (
        AdminButton(AdminAction.GRANT, bot.office.id, admin, "kepala"),
        AdminButton(AdminAction.SET_ADMIN, bot.office.id, admin, "0"),
        AdminButton(AdminAction.MEMBERS, bot.office.id),
    ):
        for user_id in (RINA_TG, BUDI_TG):  # a member who is not admin; a stranger
            calls = await bot.press(button.encode(), user_id)
            [alert] = calls["answerCallbackQuery"]
            assert alert["show_alert"] is True
            assert alert["text"].startswith(
                ("Hanya admin kantor", "Perintah ini hanya untuk admin")
            )
            assert "editMessageText" not in calls
    assert await bot.roster() == before
    assert BUDI_TG not in {m.telegram_user_id for m in before.members}


async def test_the_last_admin_cannot_step_down(bot: Bot) -> None:
    data = AdminButton(AdminAction.SET_ADMIN, bot.office.id, bot.office.admin, "0").encode()
    calls = await bot.press(data, ADMIN_TG)
    [alert] = calls["answerCallbackQuery"]
    assert alert["show_alert"] is True and "paling sedikit satu admin" in alert["text"]
    assert [m.is_admin for m in (await bot.roster()).members] == [True]


@pytest.mark.parametrize("data", ["adm:zz:1::", "adm:ir:1::Bad Role", "adm:", "adm:mp:x:1:"])
async def test_a_malformed_admin_button_gets_an_alert(bot: Bot, data: str) -> None:
    assert decode_admin_button(data) is None
    calls = await bot.press(data, ADMIN_TG)
    [alert] = calls["answerCallbackQuery"]
    assert alert["show_alert"] is True
    assert alert["text"] == "Tombol ini sudah tidak berlaku. Kirim perintahnya lagi."


def test_admin_button_data_round_trips_and_stays_short() -> None:
    longest = AdminButton(AdminAction.REVOKE, 9_999_999_999, 9_999_999_999, "r" * 32)
    assert len(longest.encode().encode()) <= 64
    assert decode_admin_button(longest.encode()) == longest
    assert decode_admin_button("t:s:abc:1") is None


async def test_remember_identity_stores_the_username_from_get_me(bot: Bot) -> None:
    await remember_identity(bot.app)
    assert await recall(bot.uow(), key=BOT_USERNAME) == "sop_test_bot"


def test_admin_button_refuses_to_encode_what_it_could_not_decode() -> None:
    with pytest.raises(ValueError):
        AdminButton(AdminAction.GRANT, 1, 2, "Not A Key").encode()
    with pytest.raises(ValueError):
        AdminButton(AdminAction.GRANT, 10_000_000_000, 2, "kepala").encode()


async def test_plain_start_and_a_token_in_a_group_are_left_to_the_greeting(bot: Bot) -> None:
    token = await _invite_link(bot)
    replies = [
        *await bot.type("/start", RINA_TG),
        *await bot.type(f"/start {token}", RINA_TG, chat_type="group"),
    ]
    assert len(replies) == 2  # both greeted by the plain /start handler
    for reply in replies:
        assert not reply["text"].startswith(("Selamat bergabung", "Tautan undangan"))
    assert RINA_TG not in {m.telegram_user_id for m in (await bot.roster()).members}


async def test_a_role_no_sop_uses_any_more_can_be_taken_away(bot: Bot) -> None:
    async def old_role(uow: SqlUnitOfWork) -> None:
        async with uow:
            await uow.memberships.grant_role(
                office_id=bot.office.id, person_id=bot.office.admin, role_key="bendahara"
            )
            await uow.commit()

    await old_role(bot.uow())
    member = AdminButton(AdminAction.MEMBER, bot.office.id, bot.office.admin).encode()
    [view] = (await bot.press(member, ADMIN_TG))["editMessageText"]
    revoke = _buttons(view)["✅ bendahara"]
    assert revoke == f"adm:rr:{bot.office.id}:{bot.office.admin}:bendahara"
    calls = await bot.press(revoke, ADMIN_TG)
    assert calls["answerCallbackQuery"][0]["text"] == "Peran dicabut."
    admin = next(m for m in (await bot.roster()).members if m.person_id == bot.office.admin)
    assert admin.roles == ()


async def test_undang_in_english(bot: Bot) -> None:
    [question] = await bot.type("/undang", ADMIN_TG, language_code="en")
    assert question["text"] == "Invite someone to BPPD Anambas as:"
    buttons = _buttons(question)
    assert "Office admin (no role)" in buttons
    [edited] = (await bot.press(buttons["Kepala (kepala)"], ADMIN_TG, language_code="en"))[
        "editMessageText"
    ]
    lines = edited["text"].splitlines()
    assert lines[0] == "Invitation to BPPD Anambas as Kepala:"
    assert LINK.fullmatch(lines[1])
    assert lines[2].startswith("It works once, until Fri, 27 Nov 2026 15:50 WITA.")


async def test_a_bot_admin_sees_the_members_of_any_office(bot: Bot) -> None:
    await open_office(bot.uow(), name="Inspektorat", at=bot.clock.now)
    [question] = await bot.type("/anggota", BOT_ADMIN_TG, language_code="en")
    assert question["text"] == "The members of which office?"
    calls = await bot.press(_buttons(question)["BPPD Anambas"], BOT_ADMIN_TG, language_code="en")
    [listing] = calls["editMessageText"]
    assert listing["text"].splitlines()[:2] == [
        "Members of BPPD Anambas:",
        "• Admin: no role · admin",
    ]
    assert list(_buttons(listing)) == ["Admin"]


async def test_the_language_chosen_with_bahasa_wins_over_telegrams(bot: Bot) -> None:
    async def choose_english(uow: SqlUnitOfWork) -> None:
        async with uow:
            await uow.people.update(person_id=bot.office.admin, locale="en")
            await uow.commit()

    await choose_english(bot.uow())
    [question] = await bot.type("/undang", ADMIN_TG, language_code="id")
    assert question["text"] == "Invite someone to BPPD Anambas as:"


async def test_joining_keeps_telegrams_language_for_later_cards(bot: Bot) -> None:
    token = await _invite_link(bot)
    await bot.type(f"/start {token}", RINA_TG, first_name="Rina", language_code="en-GB")
    person = await person_by_telegram(bot.uow(), telegram_user_id=RINA_TG)
    assert person is not None and person.telegram_language == "en-GB"


def test_admin_commands_for_the_menu_in_both_languages() -> None:
    with use_locale("id"):
        assert admin_commands() == [
            ("undang", "Mengundang orang ke kantor dan peran (admin)"),
            ("anggota", "Anggota dan peran di kantor (admin)"),
        ]
    with use_locale("en"):
        assert [name for name, _about in admin_commands()] == ["undang", "anggota"]
