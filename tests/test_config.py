"""Settings: environment and .env, database URL rewriting, and the token check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, is_placeholder_token, load_settings
from bot.i18n import use_locale

REPO = Path(__file__).resolve().parents[1]
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
ENV_NAMES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Start every test with no settings in the environment and no .env."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = Settings()
    assert settings.telegram_bot_token is None
    assert settings.database_url == "sqlite+aiosqlite:///./data/sopbot.db"
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_base_file_url == "https://api.telegram.org/file/bot"
    assert settings.default_locale == "id"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.sops_dir == Path("sops")


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    monkeypatch.setenv("SOPS_DIR", "/srv/sops")
    settings = Settings()
    assert settings.require_token() == TOKEN
    assert settings.telegram_base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.default_locale == "en"
    assert settings.timezone == "Asia/Makassar"
    assert settings.sops_dir == Path("/srv/sops")


def test_reads_dot_env_but_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nTIMEZONE=Asia/Jayapura\nSOPBOT_LANG=en\n", encoding="utf-8"
    )
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    settings = Settings()
    assert settings.require_token() == TOKEN
    assert settings.timezone == "Asia/Makassar"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/sop", "postgresql+asyncpg://u:p@db:5432/sop"),
        ("postgresql://u:p@db/sop", "postgresql+asyncpg://u:p@db/sop"),
        ("postgresql+asyncpg://u@db/sop", "postgresql+asyncpg://u@db/sop"),
        ("sqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
        ("sqlite:////data/sopbot.db", "sqlite+aiosqlite:////data/sopbot.db"),
        ("sqlite+aiosqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
    ],
)
def test_database_url_gets_an_async_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert Settings().database_url == expected


def test_missing_token_is_explained_in_indonesian() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings().require_token()
    assert str(caught.value).startswith("TELEGRAM_BOT_TOKEN belum diisi.")
    assert "@BotFather" in str(caught.value)


def test_missing_token_is_explained_in_english() -> None:
    with use_locale("en"), pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        Settings().require_token()


def test_blank_token_counts_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "   ")
    with pytest.raises(ConfigError, match="belum diisi"):
        Settings().require_token()


@pytest.mark.parametrize(
    "token",
    [
        "changeme",
        "your-token-here",
        "123:abc",
        "<token from @BotFather>",
        "123456:your-token-from-botfather",
        "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",  # the example in Telegram's docs
        "123456789:CHANGEME_CHANGEME_CHANGEME_CHANGEME",
        "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
        "123456789 AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
        "123456789:AAHdqTcvCH1vGWJx fSeofSAs0K5PALDsaw0",
    ],
)
def test_placeholder_or_malformed_token_is_refused(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(ConfigError, match="tidak berbentuk token dari @BotFather"):
        Settings().require_token()


def test_token_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", f" {TOKEN}\n")
    assert Settings().require_token() == TOKEN


def test_token_stays_out_of_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert TOKEN not in repr(Settings())
    assert TOKEN.split(":")[1] not in str(Settings().model_dump())


def test_a_real_looking_token_is_not_a_placeholder() -> None:
    assert not is_placeholder_token(TOKEN)


@pytest.mark.parametrize("zone", ["Asia/Bandung", "Asia", "WIBB", "../../etc/passwd"])
def test_unknown_timezone_names_the_variable(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TIMEZONE", zone)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "TIMEZONE" in message
    assert f"zona waktu '{zone}' tidak dikenal" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        (" WIT ", "Asia/Jayapura"),
        ("Asia/Makassar", "Asia/Makassar"),
        ("Europe/Amsterdam", "Europe/Amsterdam"),
    ],
)
def test_indonesian_zone_names_are_accepted(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("TIMEZONE", given)
    assert Settings().timezone == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://u:p@db.example.com:5432/sop?sslmode=require",
            "postgresql+asyncpg://u:p@db.example.com:5432/sop?ssl=require",
        ),
        (
            "postgres://u@h/sop?sslmode=verify-full&target_session_attrs=read-write",
            "postgresql+asyncpg://u@h/sop?ssl=verify-full&target_session_attrs=read-write",
        ),
        ("postgresql+psycopg2://u@h/sop", "postgresql+asyncpg://u@h/sop"),
    ],
)
def test_libpq_options_become_asyncpg_options(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert Settings().database_url == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/bot"),
        ("https://api.telegram.org/bot/", "https://api.telegram.org/bot"),
        ("https://api.telegram.org", "https://api.telegram.org/bot"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"),
        ("http://proxy.local/telegram", "http://proxy.local/telegram/bot"),
    ],
)
def test_base_url_is_completed_with_bot(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BASE_URL", given)
    settings = Settings()
    assert settings.telegram_base_url == expected
    assert settings.telegram_base_file_url == expected.removesuffix("bot") + "file/bot"


@pytest.mark.parametrize(
    "given", ["api.telegram.org/bot", "ftp://x/bot", f"https://api.telegram.org/bot{TOKEN}"]
)
def test_a_bad_base_url_is_refused_without_the_token(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BASE_URL", given)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "TELEGRAM_BASE_URL" in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert TOKEN.partition(":")[2] not in str(caught.value)


def test_unsupported_default_locale_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_LOCALE", "jv")
    with pytest.raises(ConfigError, match="DEFAULT_LOCALE: 'jv' tidak didukung"):
        load_settings()


def _example_lines() -> dict[str, str]:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^#? ?([A-Z_]+)=(.*)$", text, flags=re.MULTILINE))


def test_env_example_documents_every_setting() -> None:
    assert set(ENV_NAMES) <= set(_example_lines())


def test_env_example_values_are_valid_except_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _example_lines().items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    with pytest.raises(ConfigError):
        settings.require_token()
