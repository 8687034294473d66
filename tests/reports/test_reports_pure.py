"""bot/reports is pure: plain records in, views and pictures out; no database, no Telegram."""

from tests.test_dependency_rule import BOT, DATABASE, TELEGRAM, modules, offending


def test_reports_import_no_database_no_telegram_and_no_shell() -> None:
    shells = ("bot.store", "bot.services", "bot.tg", "bot.cli")
    found = {
        str(path.relative_to(BOT)): offending(path, TELEGRAM + DATABASE + shells)
        for path in modules("reports")
    }
    assert len(found) >= 10
    assert {path: names for path, names in found.items() if names} == {}
