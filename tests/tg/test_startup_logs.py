"""Logs without the token, one line per record; the start-up retry; the error handler."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from telegram import User
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.config import Settings
from bot.tg.app import build_application
from bot.tg.startup import (
    REDACTED,
    RedactingFormatter,
    TokenRejectedError,
    log_update_error,
    secret_forms,
    wait_for_bot_api,
)
from tests.tg.fakes import BOT_USER, TOKEN, FakeBotApi

SECRET = TOKEN.partition(":")[2]


def _format(record: logging.LogRecord) -> str:
    return RedactingFormatter(secret_forms(TOKEN)).format(record)


def _record(msg: str, *args: Any, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, exc_info)


def test_the_token_is_redacted_from_messages_arguments_and_exceptions() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/getMe"
    quoted = TOKEN.replace(":", "%3A")
    try:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
    except InvalidToken as exc:
        caught = exc
    lines = [
        _format(_record("HTTP Request: POST %s", url)),
        _format(_record(f"calling {url}")),
        _format(_record("quoted %s", f"https://x/bot{quoted}/getMe")),
        _format(_record("only the secret %s", SECRET)),
        _format(_record("failed", exc=caught)),
    ]
    for line in lines:
        assert TOKEN not in line
        assert SECRET not in line
        assert REDACTED in line
        assert "\n" not in line
    assert lines[-1].endswith(
        f"failed | InvalidToken: The token `{REDACTED}` was rejected by the server."
    )


def test_a_traceback_becomes_one_line() -> None:
    try:
        raise httpx.ConnectError("All connection attempts failed\nsecond line")
    except httpx.ConnectError as exc:
        line = _format(_record("polling failed", exc=exc))
    assert "Traceback" not in line
    assert "\n" not in line
    assert line.endswith("ConnectError: All connection attempts failed | second line")


class _FlakyBot:
    """getMe fails ``failures`` times with a network error, then answers."""

    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.error = error or NetworkError("httpx.ConnectError: All connection attempts failed")
        self.calls = 0
        self.token = TOKEN
        self.base_url = f"http://127.0.0.1:9/bot{TOKEN}"

    async def get_me(self) -> User:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return User(id=BOT_USER["id"], first_name="SOP Bot", is_bot=True)


async def test_start_up_retries_with_backoff_one_line_per_attempt(
    caplog: pytest.LogCaptureFixture,
) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    bot = _FlakyBot(failures=3)
    caplog.set_level(logging.WARNING, logger="sopbot")
    user = await wait_for_bot_api(bot, sleep=sleep)  # type: ignore[arg-type]
    assert user.id == BOT_USER["id"]
    assert bot.calls == 4
    assert slept == [1.0, 2.0, 4.0]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 3
    for number, message in enumerate(messages, start=1):
        assert f"(percobaan {number})" in message
        assert "\n" not in message
    assert all(record.exc_info is None for record in caplog.records)


async def test_timeouts_are_retried_too() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    delays: Iterator[float] = iter([0.5, 0.5])
    bot = _FlakyBot(failures=2, error=TimedOut())
    await wait_for_bot_api(bot, delays=delays, sleep=sleep)  # type: ignore[arg-type]
    assert slept == [0.5, 0.5]


async def test_a_rejected_token_stops_at_once_without_the_token() -> None:
    bot = _FlakyBot(failures=1, error=InvalidToken(f"The token `{TOKEN}` was rejected"))
    with pytest.raises(TokenRejectedError) as caught:
        await wait_for_bot_api(bot)  # type: ignore[arg-type]
    assert bot.calls == 1
    assert TOKEN not in str(caught.value)
    assert "http://127.0.0.1:9/bot" in str(caught.value)


async def test_the_error_handler_logs_one_line_with_the_update_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="sopbot")
    context = SimpleNamespace(error=RuntimeError("database is locked\nretry later"))
    await log_update_error(SimpleNamespace(update_id=4711), context)
    [record] = caplog.records
    assert record.getMessage() == (
        "pembaruan 4711 gagal: RuntimeError: database is locked | retry later"
    )
    assert record.exc_info is None


def test_the_application_registers_the_error_handler(tmp_path: Any) -> None:
    settings = Settings(telegram_bot_token=TOKEN, database_url=f"sqlite:///{tmp_path}/bot.db")
    application = build_application(settings, FakeBotApi())
    assert log_update_error in application.error_handlers


async def test_the_heartbeat_records_each_contact_for_the_health_check(tmp_path: Any) -> None:
    from datetime import UTC, datetime

    from bot.health import last_contact
    from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade
    from bot.tg.heartbeat import HEARTBEAT_JOB, beat

    url = f"sqlite+aiosqlite:///{tmp_path}/beat.db"
    await upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    instant = datetime(2026, 11, 23, 1, 2, 3, tzinfo=UTC)
    settings = Settings(telegram_bot_token=TOKEN, database_url=url)
    bot_api = FakeBotApi()
    application = build_application(settings, bot_api, sessions=sessions, clock=lambda: instant)
    assert application.job_queue is not None
    assert HEARTBEAT_JOB in [job.name for job in application.job_queue.jobs()]
    try:
        async with application:
            context = SimpleNamespace(bot=application.bot, bot_data=application.bot_data)
            assert await last_contact(SqlUnitOfWork(sessions)) is None
            await beat(context)
            assert await last_contact(SqlUnitOfWork(sessions)) == instant
            assert [call.method for call in bot_api.calls][-1] == "getMe"
    finally:
        await engine.dispose()


def test_whatever_stops_the_bot_is_one_line_without_the_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    import bot.tg.app as app_module
    from bot.tg.startup import StartupError

    async def answered(*args: Any, **kwargs: Any) -> None:
        """The Bot API answered getMe; the first contact is recorded."""

    class Crashing:
        def run_polling(self, **kwargs: Any) -> None:
            raise RuntimeError(
                f"polling died at https://api.telegram.org/bot{TOKEN}/getUpdates\nmore"
            )

    monkeypatch.setattr(app_module, "wait_for_bot_api", answered)
    monkeypatch.setattr(app_module, "record_first_contact", answered)
    monkeypatch.setattr(app_module, "build_application", lambda settings: Crashing())
    monkeypatch.setattr(
        app_module, "configure_logging", lambda secrets: RedactingFormatter(secret_forms(TOKEN))
    )
    settings = Settings(telegram_bot_token=TOKEN, database_url=f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(StartupError) as caught:
        app_module.run_polling(settings)
    message = str(caught.value)
    assert message == (
        f"RuntimeError: polling died at https://api.telegram.org/bot{REDACTED}/getUpdates | more"
    )
