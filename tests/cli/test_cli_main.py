"""The `sopbot` command itself: help in the chosen language, catalogs, `run` start-up checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.cli
from bot.i18n import CatalogMissingError, current_locale
from tests.cli.conftest import Invoke


def test_help_is_indonesian_by_default(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Memeriksa berkas SOP" in result.output
    for command in ("validate", "show", "run", "db"):
        assert command in result.output


def test_help_is_english_with_lang_en(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "--help")
    assert "Check SOP files and list every problem" in result.output


def test_help_language_from_environment(invoke: Invoke) -> None:
    assert "Check SOP files" in invoke("--help", SOPBOT_LANG="en").output
    assert "Check SOP files" in invoke("--help", LANG="en_US.UTF-8").output
    assert "Memeriksa berkas SOP" in invoke("--help", LANG="C.UTF-8").output


@pytest.mark.parametrize("command", ["validate", "show", "run", "db"])
def test_every_command_has_help(invoke: Invoke, command: str) -> None:
    indonesian = invoke(command, "--help")
    english = invoke("--lang=en", command, "--help")
    assert indonesian.exit_code == 0, indonesian.output
    assert english.exit_code == 0, english.output
    assert indonesian.output != english.output


def test_validate_help_explains_the_argument(invoke: Invoke) -> None:
    out = invoke("validate", "--help").output
    assert "Berkas atau folder SOP" in out


def test_unknown_language_is_refused(invoke: Invoke) -> None:
    result = invoke("--lang", "fr", "validate")
    assert result.exit_code == 2


def test_the_cli_leaves_the_process_locale_alone(invoke: Invoke) -> None:
    invoke("--lang", "en", "validate")
    assert current_locale() == "id"


def test_missing_catalog_stops_with_a_clear_message(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise CatalogMissingError(Path("bot/locales/id/LC_MESSAGES/messages.mo"))

    monkeypatch.setattr(bot.cli, "require_catalogs", missing)
    result = invoke("validate")
    assert result.exit_code == 1
    assert "Katalog terjemahan belum dikompilasi" in result.output
    assert "./scripts/i18n" in result.output


def test_run_without_token_explains_how_to_get_one(invoke: Invoke) -> None:
    result = invoke("run")
    assert result.exit_code == 1
    assert "TELEGRAM_BOT_TOKEN belum diisi. Buat bot melalui @BotFather" in result.output


def test_run_with_the_example_token_is_refused(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "run", TELEGRAM_BOT_TOKEN="123456:your-token-from-botfather")
    assert result.exit_code == 1
    assert "does not look like a token from @BotFather" in result.output


def test_invalid_settings_name_the_variable(invoke: Invoke) -> None:
    result = invoke("validate", TIMEZONE="Asia/Bandung")
    assert result.exit_code == 1
    assert "TIMEZONE" in result.output
    assert "zona waktu 'Asia/Bandung' tidak dikenal" in result.output


def test_run_starts_polling_with_the_settings(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = []
    monkeypatch.setattr("bot.tg.app.run_polling", started.append)
    result = invoke("run", TELEGRAM_BOT_TOKEN="123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0")
    assert result.exit_code == 0, result.output
    [settings] = started
    assert settings.telegram_base_url == "https://api.telegram.org/bot"


def test_clicks_own_texts_are_indonesian(invoke: Invoke) -> None:
    helped = invoke("simulate", "--help", COLUMNS="100").output
    for text in ("Cara pakai:", "Argumen", "Opsi", "Menampilkan pesan ini lalu keluar.", "[wajib]"):
        assert text in helped, text
    for english in ("Usage:", "Show this message", "Arguments", "Options", "<str>", "<list"):
        assert english not in helped, english
    for metavar in ("WAKTU", "ZONA", " N "):
        assert metavar in helped, metavar


def test_clicks_errors_are_indonesian(invoke: Invoke) -> None:
    unknown = invoke("simulate", "surat-keterangan", "--bogus")
    assert unknown.exit_code == 2
    assert "Opsi tidak dikenal: --bogus" in unknown.output
    assert "Cara pakai: sopbot simulate [OPSI]" in unknown.output
    assert "Kesalahan" in unknown.output
    missing = invoke("show")
    assert "Argumen 'SOP' belum diisi." in missing.output
    wrong = invoke("--lang", "fr", "validate")
    assert "Nilai tidak valid untuk '--lang': 'fr' bukan salah satu dari" in wrong.output
    number = invoke("simulate", "surat-keterangan", "--send-back", "tiga")
    assert "Nilai tidak valid untuk '--send-back': Tulis bilangan bulat." in number.output
    extra = invoke("show", "surat-keterangan", "lagi")
    assert "Argumen berlebih yang tidak dikenal: lagi" in extra.output


def test_clicks_texts_stay_english_in_english(invoke: Invoke) -> None:
    helped = invoke("--lang", "en", "simulate", "--help").output
    assert "Usage:" in helped
    assert "Show this message and exit." in helped
    assert "No such option: --bogus" in invoke("--lang", "en", "show", "--bogus").output


def test_a_sub_app_added_later_is_translated_too(invoke: Invoke) -> None:
    import typer

    from bot.cli import app

    later = typer.Typer(help="Manage the database.")

    @later.command("ping", help="Show this message and exit.")
    def ping() -> None:
        """Do nothing."""

    app.add_typer(later, name="later")
    try:
        result = invoke("later", "--help")
    finally:
        app.registered_groups.pop()
    assert result.exit_code == 0, result.output
    assert "Mengelola basis data." in result.output
    assert "Cara pakai:" in result.output


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    subcommands = getattr(command, "commands", {})
    paths = [prefix]
    for name, sub in subcommands.items():
        paths.extend(_command_paths(sub, (*prefix, name)))
    return paths


def test_every_help_shows_words_not_python_types(invoke: Invoke) -> None:
    import typer.main

    from bot.cli import app

    paths = _command_paths(typer.main.get_command(app))
    assert ("simulate",) in paths
    assert ("db", "upgrade") in paths
    for path in paths:
        for lang in ("id", "en"):
            result = invoke("--lang", lang, *path, "--help", COLUMNS="120")
            assert result.exit_code == 0, (path, result.output)
            for python_type in ("<str>", "<int>", "<bool>", "<list", "<Path>", "<path>"):
                assert python_type not in result.output, (path, lang, result.output)
            if lang == "id":
                assert "Usage" not in result.output, path
