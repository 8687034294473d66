"""Settings from the environment and an optional ``.env`` file (see ``.env.example``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config_checks import normalize_base_url, normalize_database_url, resolve_timezone
from bot.i18n import SUPPORTED_LOCALES, _

__all__ = ["ConfigError", "Settings", "is_placeholder_token", "load_settings", "resolve_timezone"]

# A BotFather token is the bot's numeric id, a colon, and a 35-character secret.
# Checking the shape here turns a typo into a clear message instead of a 401 later.
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,}$")
# Words that only appear in placeholders (ours in .env.example, Telegram's own docs).
# Matched case-sensitively, in lower or upper case, so a random secret almost never trips it.
_PLACEHOLDER_WORDS = ("changeme", "change-me", "your", "token", "example", "placeholder", "xxxxxx")
_TELEGRAM_DOCS_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says what to change."""


def _id_list(value: Any) -> Any:
    """Read ADMIN_IDS written as "111, 222" (or a list) as Telegram user ids."""
    if isinstance(value, str):
        return [part for part in value.replace(";", ",").replace(" ", ",").split(",") if part]
    return value


def _username(value: Any) -> Any:
    """Accept BOT_USERNAME with or without its '@'; empty means not set."""
    if isinstance(value, str):
        return value.strip().removeprefix("@") or None
    return value


# Bot admins: Telegram user ids who administer every office (comma-separated).
AdminIds = Annotated[tuple[int, ...], NoDecode, BeforeValidator(_id_list)]
# The bot's @username for invite links; else the one the bot stored from getMe.
BotUsername = Annotated[str | None, BeforeValidator(_username)]


class Settings(BaseSettings):
    """Everything SOP Bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./data/sopbot.db"
    telegram_base_url: str = "https://api.telegram.org/bot"
    default_locale: str = "id"
    timezone: str = "Asia/Jakarta"
    sops_dir: Path = Path("sops")
    # How long a claimed outbox message stays with its worker before another may take it.
    outbox_lease_seconds: float = Field(60.0, gt=0)
    admin_ids: AdminIds = ()
    bot_username: BotUsername = None

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Give PostgreSQL and SQLite URLs their async drivers and asyncpg's option names."""
        return normalize_database_url(url)

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_api_url(cls, url: str) -> str:
        """Check the Bot API URL and complete it with /bot."""
        return normalize_base_url(url)

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, locale: str) -> str:
        """Accept only a locale that has a catalog."""
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(
                _("'{locale}' is not supported; use one of: {choices}").format(
                    locale=locale, choices=", ".join(SUPPORTED_LOCALES)
                )
            )
        return locale

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        """Accept WIB, WITA, WIT or an IANA zone name; keep the IANA name."""
        return resolve_timezone(name)

    @property
    def telegram_base_file_url(self) -> str:
        """The file download URL that goes with ``telegram_base_url`` (…/bot → …/file/bot)."""
        base = self.telegram_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("bot")] + "file/bot"
        return base + "/file/bot"

    def require_token(self) -> str:
        """Return the bot token, or raise ConfigError saying how to get a real one."""
        secret = self.telegram_bot_token
        token = "" if secret is None else secret.get_secret_value().strip()
        if not token:
            raise ConfigError(
                _(
                    "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and put its "
                    "token in TELEGRAM_BOT_TOKEN, e.g. TELEGRAM_BOT_TOKEN=<token> ./scripts/run"
                )
            )
        if is_placeholder_token(token) or not _TOKEN_SHAPE.match(token):
            raise ConfigError(
                _(
                    "TELEGRAM_BOT_TOKEN does not look like a token from @BotFather "
                    "(digits, a colon, then about 35 letters and digits). "
                    "Replace the example value with your bot's token."
                )
            )
        return token


def is_placeholder_token(token: str) -> bool:
    """Tell whether ``token`` is an example value rather than a real secret."""
    if token == _TELEGRAM_DOCS_TOKEN:
        return True
    secret = token.partition(":")[2]
    return any(word in secret or word.upper() in secret for word in _PLACEHOLDER_WORDS)


def load_settings() -> Settings:
    """Read the settings from the environment and ``.env``; raise ConfigError when invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            "{field}: {reason}".format(
                field=".".join(str(part) for part in error["loc"]).upper(),
                reason=error.get("ctx", {}).get("error", error["msg"]),
            )
            for error in exc.errors()
        )
        raise ConfigError(_("invalid configuration: {problems}").format(problems=problems)) from exc
