"""The ``sopbot`` command: check and show SOP files, run the Telegram bot.

Each command is one small function that parses its arguments and hands the work to
the package that owns it (``bot.sop``, ``bot.render``, ``bot.tg``). Help texts are
English msgids marked with ``N_`` and translated when the help is shown.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from bot.cli_office import register_commands
from bot.cli_reports import register as register_reports
from bot.config import ConfigError, Settings, load_settings
from bot.engine import Workflow
from bot.engine.simulation import simulate as simulate_run
from bot.i18n import (
    N_,
    CatalogMissingError,
    _,
    normalize_locale,
    require_catalogs,
    set_locale,
    use_locale,
)
from bot.render.simulation import render_simulation
from bot.render.sop_table import render_sop
from bot.sop.errors import SopValidationError
from bot.sop.loader import load_sop, load_sops
from bot.sop.model import Sop
from bot.worktime import WorkCalendar


class Lang(StrEnum):
    """Languages of the command's messages."""

    ID = "id"
    EN = "en"


def env_locale() -> str:
    """Return the locale asked for by $SOPBOT_LANG, else $LANG, else Indonesian."""
    return normalize_locale(os.environ.get("SOPBOT_LANG") or os.environ.get("LANG"))


def _locale_in(args: Sequence[str]) -> str:
    """Find ``--lang`` in raw arguments (click may print help before it parses options)."""
    for index, arg in enumerate(args):
        if arg.startswith("--lang="):
            return normalize_locale(arg.partition("=")[2])
        if arg == "--lang" and index + 1 < len(args):
            return normalize_locale(args[index + 1])
    return env_locale()


def _translate_help(command: Any) -> None:
    """Translate the help of a command, its parameters and its subcommands, in place."""
    for holder in (command, *command.params):
        for attr in ("help", "short_help"):
            text = getattr(holder, attr, None)
            if text:
                setattr(holder, attr, _(text))
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


class _LocalizedGroup(TyperGroup):
    """The root command; shows help in the language chosen by ``--lang`` or the environment."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Set the locale and translate help texts, then run click as usual."""
        argv = list(sys.argv[1:] if args is None else args)
        # use_locale restores the caller's locale afterwards (tests call main many times).
        with use_locale(_locale_in(argv)):
            # typer builds a fresh command tree on every call, so translating in place is safe.
            _translate_help(self)
            return super().main(argv, *rest, **extra)


app = typer.Typer(
    cls=_LocalizedGroup,
    name="sopbot",
    help=N_("SOP Bot: check SOP AP files, show them as tables, and run the Telegram bot."),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help=N_("Manage the database."), no_args_is_help=True)
app.add_typer(db_app, name="db")
register_commands(app)
register_reports(app)


def _out() -> Console:
    # Made per call: typer's test runner swaps sys.stdout between invocations.
    return Console(highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on stderr and stop with exit ``code``."""
    Console(stderr=True, highlight=False).print(Text(message, style="red"), soft_wrap=True)
    raise typer.Exit(code)


def settings() -> Settings:
    """Load the settings, or stop with the configuration problem."""
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc))


@app.callback()
def main(
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help=N_("Language of messages: id or en. Default: $SOPBOT_LANG, else $LANG, else id."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Set the language and check the translation catalogs before any command runs."""
    set_locale(lang.value if lang else env_locale())
    try:
        require_catalogs()
    except CatalogMissingError as exc:
        # No catalog means no translation of this message either: say it in both languages.
        fail(
            "Katalog terjemahan belum dikompilasi / translation catalog not compiled: "
            f"{exc.path}\nJalankan / run: pybabel compile -d locales -D messages"
        )


@app.command(help=N_("Check SOP files and list every problem with its file and line."))
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=N_("SOP files or folders. Default: the SOP folder (SOPS_DIR, else sops/)."),
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check SOP files; exit 1 when any has a problem."""
    targets = paths or [settings().sops_dir]
    # Every file is checked, whatever another one holds; unreadable folders are issues too.
    sops, issues = load_sops(targets)
    if not sops and not issues:
        folders = ", ".join(str(path) for path in targets)
        fail(_("No SOP files (.yaml, .yml) found in {paths}.").format(paths=folders))
    out = _out()
    for issue in issues:
        out.print(Text(str(issue)), soft_wrap=True)
    summary = _("Valid SOPs: {valid}. Problems: {problems}.").format(
        valid=len(sops), problems=len(issues)
    )
    out.print(Text(summary, style="red" if issues else "green"))
    raise typer.Exit(1 if issues else 0)


def find_sop(ref: str, folder: Path) -> Sop:
    """Load the SOP at path ``ref``, else the one whose code is ``ref`` in ``folder``."""
    path = Path(ref)
    if path.is_file():
        return load_sop(path)
    sops, issues = load_sops([folder])
    for sop in sops:
        if sop.key == ref.lower():
            return sop
    # A broken file is skipped by load_sops; name its problems rather than "not found".
    broken = [issue for issue in issues if Path(issue.source).stem == ref]
    if broken:
        raise SopValidationError(broken)
    codes = ", ".join(sorted(sop.key for sop in sops)) or "-"
    raise LookupError(
        _("No SOP file or code '{ref}' in {folder}. Codes there: {codes}").format(
            ref=ref, folder=folder, codes=codes
        )
    )


SopArgument = Annotated[
    str,
    typer.Argument(
        help=N_("An SOP file, or the code of an SOP in the SOP folder."),
        metavar="SOP",
        show_default=False,
    ),
]


def sop_or_fail(ref: str, folder: Path) -> Sop:
    """Find the SOP, or stop with its problems or with the codes that do exist."""
    try:
        return find_sop(ref, folder)
    except SopValidationError as exc:
        fail("\n".join(str(issue) for issue in exc.issues))
    except LookupError as exc:
        fail(str(exc))


@app.command(help=N_("Show one SOP as a table, like the paper SOP AP form."))
def show(
    sop: SopArgument,
) -> None:
    """Print one SOP with its step table and total standard time."""
    _out().print(render_sop(sop_or_fail(sop, settings().sops_dir)))


def upgrade_database(config: Settings) -> None:
    """Apply every pending migration to the configured database."""
    # Imported here so that `validate` and `show` do not load SQLAlchemy.
    from bot.store import DatabaseUnavailableError, safe_url, upgrade

    try:
        asyncio.run(upgrade(config.database_url))
    except DatabaseUnavailableError as exc:
        fail(_("Cannot open the database {url}: {reason}").format(url=exc.url, reason=exc.reason))
    _out().print(Text(_("Database is up to date: {url}").format(url=safe_url(config.database_url))))


@db_app.command("upgrade", help=N_("Bring the database schema up to date (Alembic migrations)."))
def db_upgrade() -> None:
    """Apply every pending migration."""
    upgrade_database(settings())


def _start_instant(text: str | None, zone: ZoneInfo) -> datetime:
    """Read --start as office-local time; default: now."""
    if not text:
        return datetime.now(tz=zone).replace(second=0, microsecond=0)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        fail(
            _("Cannot read the start time '{text}': write e.g. 2026-11-23 07:30.").format(text=text)
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


@app.command(help=N_("Play a whole run on a virtual clock: each task takes its standard time."))
def simulate(
    sop: SopArgument,
    start: Annotated[
        str | None,
        typer.Option(
            help=N_("Start time in office time, e.g. '2026-11-23 07:30'. Default: now."),
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help=N_("Office timezone: Asia/Jakarta, Asia/Makassar or Asia/Jayapura."),
            show_default=False,
        ),
    ] = None,
    send_back: Annotated[
        list[int] | None,
        typer.Option(
            "--send-back",
            help=N_("A decision step that says 'Tidak' once (repeatable)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print who does what and when, the due times in office hours, and the finish."""
    config = settings()
    found = sop_or_fail(sop, config.sops_dir)
    try:
        calendar = WorkCalendar(timezone=timezone or config.timezone)
    except ValueError as exc:
        fail(str(exc))
    holders = {role: [role] for role in found.roles}
    workflow = Workflow(sop=found, calendar=calendar, holders=holders)
    result = simulate_run(
        workflow, start=_start_instant(start, calendar.zone), send_back_steps=send_back or ()
    )
    _out().print(render_simulation(found, result, calendar))


@app.command(help=N_("Start the Telegram bot and answer messages until stopped (Ctrl+C)."))
def run() -> None:
    """Run the bot with long polling."""
    config = settings()
    try:
        config.require_token()
    except ConfigError as exc:
        fail(str(exc))
    upgrade_database(config)
    # Imported here so that the other commands do not load python-telegram-bot.
    from bot.tg.app import run_polling

    run_polling(config)


if __name__ == "__main__":
    app()
