"""/start and /bantuan answer in the user's language, through the real PTB Application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from telegram import Update
from telegram.ext import AIORateLimiter

from bot.config import ConfigError, Settings
from bot.i18n import current_locale
from bot.tg.app import build_application
from tests.tg.fakes import TOKEN, FakeBotApi, command_update

Send = Callable[..., Any]


async def test_start_in_indonesian_for_language_code_id(bot_api: FakeBotApi, send: Send) -> None:
    await send("/start", language_code="id", first_name="Sari")
    [reply] = bot_api.sent()
    assert reply.params["chat_id"] == 42
    assert reply.params["text"].startswith("Selamat datang, Sari! Saya SOP Bot.")
    assert "langkah demi langkah" in reply.params["text"]
    assert "/bantuan" in reply.params["text"]


async def test_start_in_indonesian_without_language_code(bot_api: FakeBotApi, send: Send) -> None:
    await send("/start", language_code=None)
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Selamat datang, Sari!")


@pytest.mark.parametrize("code", ["en", "en-US", "en_GB"])
async def test_start_in_english_for_language_code_en(
    bot_api: FakeBotApi, send: Send, code: str
) -> None:
    await send("/start", language_code=code, first_name="John")
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Hello, John! I am SOP Bot.")
    assert "/help" in reply.params["text"]


async def test_start_falls_back_to_indonesian_for_other_languages(
    bot_api: FakeBotApi, send: Send
) -> None:
    await send("/start", language_code="fr")
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Selamat datang")


async def test_start_uses_the_configured_default_without_language_code(
    bot_api: FakeBotApi, sqlite_sessions: Any
) -> None:
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, default_locale="en")  # type: ignore[call-arg]
    app = build_application(settings, request=bot_api, sessions=sqlite_sessions)
    async with app:
        update = Update.de_json(command_update("/start", language_code=None), app.bot)
        await app.process_update(update)
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Hello, Sari!")


async def test_start_with_an_unknown_invite_says_so(bot_api: FakeBotApi, send: Send) -> None:
    # The admin side (bot.tg.admin) is registered first and takes /start <token>.
    await send("/start abc123", language_code="id")
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Tautan undangan ini tidak dikenal.")


async def test_bantuan_lists_the_commands_in_indonesian(bot_api: FakeBotApi, send: Send) -> None:
    await send("/bantuan", language_code="id")
    [reply] = bot_api.sent()
    assert reply.params["text"].splitlines() == [
        "Daftar perintah:",
        "/start — Tentang SOP Bot",
        "/tugas — Tugas Anda yang belum selesai",
        "/mulai — Memulai SOP",
        "/status — SOP yang sedang berjalan dan riwayatnya",
        "/batal — Membatalkan pelaksanaan SOP",
        "/laporan — Laporan: waktu setiap langkah dibandingkan standarnya",
        "/alur — Diagram alir SOP, atau kemajuan pelaksanaan",
        "/bahasa — Memilih bahasa",
        "/bantuan — Daftar perintah",
    ]


async def test_help_lists_the_commands_in_english(bot_api: FakeBotApi, send: Send) -> None:
    await send("/help", language_code="en")
    [reply] = bot_api.sent()
    assert reply.params["text"].splitlines() == [
        "Commands:",
        "/start — What SOP Bot does",
        "/tugas — Your open tasks",
        "/mulai — Start an SOP",
        "/status — Active runs and their timelines",
        "/batal — Cancel a run",
        "/laporan — Reports: each step's time against its standard",
        "/alur — An SOP's flowchart, or a run's progress",
        "/bahasa — Choose your language",
        "/help — List the commands",
    ]


async def test_help_alias_answers_indonesian_users_in_indonesian(
    bot_api: FakeBotApi, send: Send
) -> None:
    await send("/help", language_code="id")
    [reply] = bot_api.sent()
    assert reply.params["text"].startswith("Daftar perintah:")


async def test_handlers_leave_the_process_locale_alone(send: Send) -> None:
    await send("/start", language_code="en")
    assert current_locale() == "id"


async def test_initialize_asks_telegram_who_the_bot_is(bot_api: FakeBotApi, send: Send) -> None:
    assert [call.method for call in bot_api.calls] == ["getMe"]


async def test_publish_commands_sets_a_menu_per_language(
    application: Any, bot_api: FakeBotApi
) -> None:
    await application.post_init(application)
    menus = {
        call.params.get("language_code"): [
            (command["command"], command["description"]) for command in call.params["commands"]
        ]
        for call in bot_api.sent("setMyCommands")
    }
    indonesian = [
        ("start", "Tentang SOP Bot"),
        ("tugas", "Tugas Anda yang belum selesai"),
        ("mulai", "Memulai SOP"),
        ("status", "SOP yang sedang berjalan dan riwayatnya"),
        ("batal", "Membatalkan pelaksanaan SOP"),
        ("laporan", "Laporan: waktu setiap langkah dibandingkan standarnya"),
        ("alur", "Diagram alir SOP, atau kemajuan pelaksanaan"),
        ("bahasa", "Memilih bahasa"),
        ("bantuan", "Daftar perintah"),
    ]
    assert menus == {
        None: indonesian,
        "id": indonesian,
        "en": [
            ("start", "What SOP Bot does"),
            ("tugas", "Your open tasks"),
            ("mulai", "Start an SOP"),
            ("status", "Active runs and their timelines"),
            ("batal", "Cancel a run"),
            ("laporan", "Reports: each step's time against its standard"),
            ("alur", "An SOP's flowchart, or a run's progress"),
            ("bahasa", "Choose your language"),
            ("help", "List the commands"),
        ],
    }


def test_build_application_uses_the_configured_bot_api_server() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=TOKEN, telegram_base_url="http://127.0.0.1:8081/bot"
    )
    app = build_application(settings)
    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert isinstance(app.bot.rate_limiter, AIORateLimiter)


def test_build_application_refuses_to_start_without_a_token() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None))  # type: ignore[call-arg]
