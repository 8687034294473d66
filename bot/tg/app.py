"""Build and run the python-telegram-bot ``Application`` from the settings."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, BotCommand
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.i18n import SUPPORTED_LOCALES, use_locale
from bot.store import make_engine, session_factory
from bot.tg.context import DEPS_KEY, Clock, Deps, utc_now
from bot.tg.dispatcher import start_dispatcher
from bot.tg.handlers import DEFAULT_LOCALE_KEY, command_menu, register
from bot.tg.heartbeat import record_first_contact, start_heartbeat
from bot.tg.identity import remember_identity
from bot.tg.startup import (
    StartupError,
    configure_logging,
    log_update_error,
    one_line,
    wait_for_bot_api,
)

TelegramApp = Application[Any, Any, Any, Any, Any, Any]

# Telegram answers 429 with retry_after; three retries ride out a burst of notifications.
_RATE_LIMIT_RETRIES = 3


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
        .post_init(after_start)
        # Updates run side by side; actions on one run queue on its row lock instead.
        .concurrent_updates(True)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application: TelegramApp = builder.build()
    application.bot_data[DEFAULT_LOCALE_KEY] = settings.default_locale
    application.bot_data[DEPS_KEY] = Deps(settings=settings, sessions=sessions, clock=clock)
    register(application)
    start_dispatcher(application)
    application.add_error_handler(log_update_error)
    start_heartbeat(application)
    return application


async def after_start(application: TelegramApp) -> None:
    """Keep the bot's username for ``sopbot invite`` links, then publish the command menu."""
    await remember_identity(application)
    await publish_commands(application)


async def publish_commands(application: TelegramApp) -> None:
    """Set the bot's command menu: the default language, then one menu per language."""
    default = application.bot_data[DEFAULT_LOCALE_KEY]
    menus: list[tuple[str, str | None]] = [(default, None)]
    menus.extend((locale, locale) for locale in SUPPORTED_LOCALES)
    for locale, language_code in menus:
        with use_locale(locale):
            commands = [BotCommand(name, about) for name, about in command_menu()]
        await application.bot.set_my_commands(commands, language_code=language_code)


async def _reach_bot_api(settings: Settings, token: str) -> None:
    """Wait until getMe answers, on a client of its own that is closed afterwards."""
    request = HTTPXRequest(connection_pool_size=1)
    probe = Bot(
        token,
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
        request=request,
        get_updates_request=request,
    )
    try:
        await wait_for_bot_api(probe)
    finally:
        await request.shutdown()


def run_polling(settings: Settings) -> None:
    """Wait for the Bot API, then run the bot with long polling until SIGINT/SIGTERM.

    Raises StartupError (one line, no token) when the bot cannot start.
    """
    token = settings.require_token()
    formatter = configure_logging(secrets=[token])
    asyncio.run(_reach_bot_api(settings, token))
    asyncio.run(record_first_contact(settings.database_url, at=utc_now()))
    application = build_application(settings)
    try:
        # Updates sent while the bot was down are still work to do, so they are not dropped.
        application.run_polling(drop_pending_updates=False)
    # Whatever stops the bot becomes one line without the token, never a traceback.
    except Exception as exc:
        reason = one_line(str(exc)) or type(exc).__name__
        raise StartupError(formatter.redact(f"{type(exc).__name__}: {reason}")) from None
