"""The dependency rule, enforced on the source: who may import Telegram and the database."""

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
TELEGRAM = ("telegram",)
DATABASE = ("sqlmodel", "sqlalchemy", "alembic", "aiosqlite", "asyncpg")
# The pure core may not reach the shells either (their imports would bring the rest).
SHELLS = ("bot.store", "bot.services", "bot.tg", "bot.cli")


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, lazy imports inside functions included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str = "") -> list[Path]:
    return sorted((BOT / package).rglob("*.py"))


def offending(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in imports_of(path)
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)
    )


@pytest.mark.parametrize("package", ["engine", "worktime"])
def test_the_pure_core_imports_no_telegram_no_database_and_no_shell(package) -> None:
    found = {
        str(path.relative_to(BOT)): offending(path, TELEGRAM + DATABASE + SHELLS)
        for path in modules(package)
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_only_tg_imports_telegram() -> None:
    found = {
        str(path.relative_to(BOT)): offending(path, TELEGRAM)
        for path in modules()
        if path.relative_to(BOT).parts[0] != "tg"
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_only_store_imports_the_database_libraries() -> None:
    found = {
        str(path.relative_to(BOT)): offending(path, DATABASE)
        for path in modules()
        if path.relative_to(BOT).parts[0] != "store"
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_the_check_sees_imports_at_all() -> None:
    """Guard against a rule that passes because it reads nothing."""
    assert "telegram" in {name.split(".")[0] for name in imports_of(BOT / "tg" / "app.py")}
    assert any("sqlalchemy" in name for name in imports_of(BOT / "store" / "uow.py"))
    assert len(modules("engine")) >= 3 and len(modules("worktime")) >= 3
