"""Fixtures: the real PTB Application wired to the fake Bot API of ``fakes.py``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.config import Settings
from bot.store import make_engine, session_factory, upgrade
from bot.tg.app import TelegramApp, build_application
from tests.tg.fakes import TOKEN, FakeBotApi, command_update

SETTINGS_ENV = (
    "TELEGRAM_BOT_TOKEN",
    "DATABASE_URL",
    "TELEGRAM_BASE_URL",
    "DEFAULT_LOCALE",
    "TIMEZONE",
    "SOPS_DIR",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own settings out of the tests."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bot_api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def settings() -> Settings:
    return Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]


@pytest.fixture
async def sqlite_sessions(tmp_path: Path) -> AsyncIterator[Any]:
    """Sessions on a migrated SQLite file of this test (handlers look people up)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def application(
    settings: Settings, bot_api: FakeBotApi, sqlite_sessions: Any
) -> AsyncIterator[TelegramApp]:
    app = build_application(settings, request=bot_api, sessions=sqlite_sessions)
    await app.initialize()
    yield app
    await app.shutdown()


@pytest.fixture
def send(application: TelegramApp) -> Callable[..., Any]:
    """Return a coroutine function that feeds a command to the application."""

    async def _send(text: str, **user: Any) -> None:
        update = Update.de_json(command_update(text, **user), application.bot)
        await application.process_update(update)

    return _send
