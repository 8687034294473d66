"""Start-up and logs of the running bot: no token in any line, one line per event.

* ``configure_logging`` installs a formatter on the root handler that replaces the
  token (and its secret half, however it is quoted) in every formatted line, PTB's
  and httpx's messages and exception texts included, and prints an exception as one
  line instead of a traceback.
* ``wait_for_bot_api`` calls getMe until the Bot API answers, with backoff and one
  log line per failed attempt, so a container started during a network blip comes up.
* ``log_update_error`` is the application's error handler: one line with the update
  id and the cause.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from itertools import chain, repeat
from typing import Any
from urllib.parse import quote

from telegram import Bot, User
from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.i18n import _

logger = logging.getLogger("sopbot")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<redacted>"
# Seconds between attempts to reach the Bot API at start-up: quick at first, then
# every half minute until it answers (the network may take minutes to come back).
STARTUP_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0)
STARTUP_MAX_DELAY = 30.0


class StartupError(RuntimeError):
    """The bot cannot start; the message (one line, no secret) says what to fix."""


class TokenRejectedError(StartupError):
    """The Bot API answered that the token is not valid (HTTP 401 or 404)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(
            _(
                "The Bot API at {url} rejected TELEGRAM_BOT_TOKEN: check the token from "
                "@BotFather (and TELEGRAM_BASE_URL if you changed it)."
            ).format(url=base_url)
        )
        self.base_url = base_url


def secret_forms(token: str) -> list[str]:
    """The strings that would give the token away: itself, quoted, and its secret half."""
    secret = token.partition(":")[2]
    forms = {token, quote(token, safe=""), secret}
    # Longest first, so that the whole token is replaced before its secret half.
    return sorted((form for form in forms if len(form) >= 8), key=len, reverse=True)


def one_line(text: str) -> str:
    """Join a multi-line text into one line."""
    return " | ".join(part.strip() for part in text.splitlines() if part.strip())


class RedactingFormatter(logging.Formatter):
    """Format records on one line with every form of the secrets replaced."""

    def __init__(self, secrets: Iterable[str], fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = list(secrets)

    def formatException(self, ei: Any) -> str:
        """An exception as its type and message on one line, not a traceback."""
        error = ei[1]
        return f"{type(error).__name__}: {one_line(str(error))}" if error else ""

    def formatStack(self, stack_info: str) -> str:
        """Leave stack dumps out: one line per record."""
        return ""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record on one line, secrets replaced."""
        record.exc_text = None  # never reuse a cached, unredacted traceback
        return self.redact(one_line(super().format(record)))

    def redact(self, text: str) -> str:
        """Replace every secret in ``text``."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def configure_logging(*, secrets: Iterable[str], level: int = logging.INFO) -> RedactingFormatter:
    """Log to stderr on one line per record, with ``secrets`` (the token) never shown.

    Returns the formatter, whose ``redact`` cleans texts printed outside the logs.
    """
    forms = list(chain.from_iterable(secret_forms(secret) for secret in secrets))
    formatter = RedactingFormatter(forms)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        handler.setFormatter(formatter)
    root.setLevel(level)
    # Python's warnings (PTB's deprecations) go through the same formatter.
    logging.captureWarnings(True)
    # httpx logs every request at INFO: one line per long poll is noise.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return formatter


def startup_delays() -> Iterator[float]:
    """The waits between attempts to reach the Bot API: growing, then capped."""
    return chain(STARTUP_DELAYS, repeat(STARTUP_MAX_DELAY))


async def wait_for_bot_api(
    bot: Bot,
    *,
    delays: Iterator[float] | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> User:
    """Call getMe until the Bot API answers; raise TokenRejectedError if it refuses the token."""
    waits = startup_delays() if delays is None else delays
    attempt = 0
    while True:
        attempt += 1
        try:
            return await bot.get_me()
        except InvalidToken:
            raise TokenRejectedError(bot.base_url.removesuffix(bot.token)) from None
        except BadRequest:
            raise
        except NetworkError as exc:
            delay = next(waits)
            logger.warning(
                _(
                    "Bot API not reachable (attempt {attempt}): {reason}; next try in {delay} s"
                ).format(
                    attempt=attempt,
                    reason=one_line(str(exc)) or type(exc).__name__,
                    delay=f"{delay:g}",
                )
            )
            await sleep(delay)


async def log_update_error(update: object, context: Any) -> None:
    """Log a failed update on one line: its id and the cause (the error handler)."""
    update_id = getattr(update, "update_id", None)
    error = context.error
    logger.error(
        _("update {update_id} failed: {kind}: {reason}").format(
            update_id="-" if update_id is None else update_id,
            kind=type(error).__name__,
            reason=one_line(str(error)),
        )
    )
