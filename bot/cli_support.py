"""What every ``sopbot`` command module shares: output, failing with a message, settings.

Sub-apps in ``bot/cli_*.py`` import these from here (not from ``bot.cli``, which imports
them to register them).
"""

from __future__ import annotations

import os
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from bot.config import ConfigError, Settings, load_settings
from bot.i18n import normalize_locale


def env_locale() -> str:
    """Return the locale asked for by $SOPBOT_LANG, else $LANG, else Indonesian."""
    return normalize_locale(os.environ.get("SOPBOT_LANG") or os.environ.get("LANG"))


def out() -> Console:
    """A console on stdout (made per call: typer's test runner swaps sys.stdout)."""
    return Console(highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on stderr and stop with exit ``code``."""
    Console(stderr=True, highlight=False).print(Text(message, style="red"), soft_wrap=True)
    raise typer.Exit(code)


def settings() -> Settings:
    """Load the settings, or stop with the configuration problem on one line."""
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc))
