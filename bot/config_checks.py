"""Reading the settings people paste: database URLs, the Bot API URL, time zones.

Each function returns the value in the form the bot uses, or raises ``ValueError``
with one line saying what to write instead (pydantic turns it into a ConfigError).
No value that may hold a secret (a password, the bot token) is repeated in a message.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import _
from bot.worktime.calendar import ZONE_ALIASES

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
_POSTGRES_NAMES = ("postgres", "postgresql")
# libpq's query options that asyncpg spells differently, and the ones it takes as is.
_RENAMED_OPTIONS = {"sslmode": "ssl"}
_ASYNCPG_OPTIONS = ("ssl", "host", "target_session_attrs", "prepared_statement_cache_size")
_SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# Certificate paths: asyncpg reads them from libpq's environment variables instead.
_CERTIFICATE_OPTIONS = {
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
}
# Telegram's path is /bot<token>/<method>: a last segment like this is a pasted token.
_TOKEN_SEGMENT = re.compile(r"bot\d+:.*")


def resolve_timezone(name: str) -> str:
    """Return the IANA name for ``name``: WIB, WITA, WIT or any IANA zone such as Asia/Jakarta."""
    cleaned = name.strip()
    key = ZONE_ALIASES.get(cleaned.upper(), cleaned)
    try:
        ZoneInfo(key)
    # ZoneInfo raises a KeyError subclass, ValueError or OSError (a folder such as "Asia").
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            _(
                "unknown time zone '{name}'; use WIB, WITA, WIT or an IANA name such as "
                "Asia/Jakarta"
            ).format(name=cleaned)
        ) from None
    return key


def normalize_database_url(raw: str) -> str:
    """Return the URL with the async driver the store needs; refuse what cannot work."""
    url = raw.strip()
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme or not rest:
        raise ValueError(
            _(
                "not a database URL; write e.g. sqlite:///./data/sopbot.db or "
                "postgresql://user:password@host:5432/sopbot"
            )
        )
    backend = scheme.lower().partition("+")[0]
    if backend == "sqlite":
        return f"{SQLITE_DRIVER}://{rest}"
    if backend not in _POSTGRES_NAMES:
        raise ValueError(
            _(
                "the database '{scheme}' is not supported; use SQLite (sqlite:///…) or "
                "PostgreSQL (postgresql://…)"
            ).format(scheme=scheme)
        )
    return _postgres_url(rest)


def _postgres_url(rest: str) -> str:
    """Check the port and turn libpq query options into asyncpg's."""
    parts = urlsplit(f"{POSTGRES_DRIVER}://{rest}")
    try:
        parts.port  # noqa: B018 (parsing the port is the check)
    except ValueError:
        raise ValueError(_("the port in DATABASE_URL must be a number from 1 to 65535")) from None
    options = [_asyncpg_option(name, value) for name, value in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(options)))


def _asyncpg_option(name: str, value: str) -> tuple[str, str]:
    """Return the option as asyncpg names it, or raise saying how to give it."""
    if name in _CERTIFICATE_OPTIONS:
        raise ValueError(
            _(
                "DATABASE_URL option '{name}' is not read by the PostgreSQL driver (asyncpg); "
                "set the environment variable {variable} instead"
            ).format(name=name, variable=_CERTIFICATE_OPTIONS[name])
        )
    name = _RENAMED_OPTIONS.get(name, name)
    if name not in _ASYNCPG_OPTIONS:
        raise ValueError(
            _(
                "DATABASE_URL option '{name}' is not supported by the PostgreSQL driver "
                "(asyncpg); supported: sslmode, {supported}"
            ).format(name=name, supported=", ".join(_ASYNCPG_OPTIONS))
        )
    if name == "ssl" and value not in _SSL_MODES:
        raise ValueError(
            _("sslmode '{value}' is unknown; use one of: {modes}").format(
                value=value, modes=", ".join(_SSL_MODES)
            )
        )
    return name, value


def normalize_base_url(raw: str) -> str:
    """Return the Bot API base URL ending in /bot (completed when missing), without the token."""
    url = raw.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            _(
                "write the Bot API server as http(s)://host[:port]/bot, "
                "e.g. https://api.telegram.org/bot"
            )
        )
    last = parts.path.rpartition("/")[2]
    if _TOKEN_SEGMENT.fullmatch(last):
        # The value holds the token: say so without repeating it.
        raise ValueError(
            _("must end with /bot, without the token (the token goes in TELEGRAM_BOT_TOKEN)")
        )
    return url if last == "bot" else f"{url}/bot"
