"""Build and run the python-telegram-bot ``Application`` from the settings."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.config import Settings
from bot.i18n import SUPPORTED_LOCALES, use_locale
from bot.store import make_engine, session_factory
from bot.tg.context import DEPS_KEY, Clock, Deps, utc_now
from bot.tg.dispatcher import start_dispatcher
from bot.tg.handlers import DEFAULT_LOCALE_KEY, command_menu, register

TelegramApp = Application[Any, Any, Any, Any, Any, Any]

# Telegram answers 429 with retry_after; three retries ride out a burst of notifications.
_RATE_LIMIT_RETRIES = 3
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_application(
    settings: Settings,
    request: BaseRequest | None = None,
    *,
    sessions: Any = None,
    clock: Clock = utc_now,
) -> TelegramApp:
    """Return the bot application with every handler registered.

    ``request`` replaces the HTTP client, for tests that answer the Bot API themselves;
    ``sessions`` (a ``bot.store.session_factory``) defaults to one on DATABASE_URL, and
    ``clock`` gives handlers the current instant (tests inject their own).
    """
    if sessions is None:
        sessions = session_factory(make_engine(settings.database_url))
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=_RATE_LIMIT_RETRIES))
        .post_init(publish_commands)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application: TelegramApp = builder.build()
    application.bot_data[DEFAULT_LOCALE_KEY] = settings.default_locale
    application.bot_data[DEPS_KEY] = Deps(settings=settings, sessions=sessions, clock=clock)
    register(application)
    start_dispatcher(application)
    return application


async def publish_commands(application: TelegramApp) -> None:
    """Set the bot's command menu: the default language, then one menu per language."""
    default = application.bot_data[DEFAULT_LOCALE_KEY]
    menus: list[tuple[str, str | None]] = [(default, None)]
    menus.extend((locale, locale) for locale in SUPPORTED_LOCALES)
    for locale, language_code in menus:
        with use_locale(locale):
            commands = [BotCommand(name, about) for name, about in command_menu()]
        await application.bot.set_my_commands(commands, language_code=language_code)


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until SIGINT/SIGTERM."""
    logging.basicConfig(format=_LOG_FORMAT, level=logging.INFO)
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Updates sent while the bot was down are still work to do, so they are not dropped.
    build_application(settings).run_polling(drop_pending_updates=False)
