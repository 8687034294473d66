"""The ``sopbot`` command: check and show SOP files, run the Telegram bot.

Each command is one small function that parses its arguments and hands the work to
the package that owns it (``bot.sop``, ``bot.render``, ``bot.tg``). Help texts are
English msgids marked with ``N_`` and translated when the help is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from bot.cli_click import localize
from bot.cli_db import db_app, health, upgrade_database
from bot.cli_import import register as register_import
from bot.cli_office import register_commands
from bot.cli_reports import register as register_reports
from bot.cli_settings import register as register_settings
from bot.cli_support import env_locale, fail, out, settings
from bot.config import ConfigError, resolve_timezone
from bot.engine import Workflow
from bot.engine.simulation import simulate as simulate_run
from bot.i18n import (
    COMPILE_HINT,
    N_,
    CatalogMissingError,
    _,
    ngettext,
    normalize_locale,
    require_catalogs,
    set_locale,
    use_locale,
)
from bot.render.safe import printable_sop
from bot.render.simulation import render_simulation
from bot.render.sop_table import render_sop
from bot.sop.errors import SopValidationError
from bot.sop.loader import load_sop, load_sops
from bot.sop.model import Sop
from bot.worktime import WorkCalendar

__all__ = ["app", "env_locale", "fail", "out", "settings", "upgrade_database"]

_out = out  # the name modules written before bot/cli_support.py use


class Lang(StrEnum):
    """Languages of the command's messages."""

    ID = "id"
    EN = "en"


def _locale_in(args: Sequence[str]) -> str:
    """Find ``--lang`` in raw arguments (click may print help before it parses options)."""
    for index, arg in enumerate(args):
        if arg.startswith("--lang="):
            return normalize_locale(arg.partition("=")[2])
        if arg == "--lang" and index + 1 < len(args):
            return normalize_locale(args[index + 1])
    return env_locale()


class _LocalizedGroup(TyperGroup):
    """The root command; every text in the language chosen by ``--lang`` or the environment."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Set the locale and translate help, usage and errors, then run click as usual."""
        argv = list(sys.argv[1:] if args is None else args)
        # use_locale restores the caller's locale afterwards (tests call main many times).
        with use_locale(_locale_in(argv)):
            # Covers every sub-app and command registered below, whenever it was added.
            localize(self)
            return super().main(argv, *rest, **extra)


app = typer.Typer(
    cls=_LocalizedGroup,
    name="sopbot",
    help=N_("SOP Bot: check SOP AP files, show them as tables, and run the Telegram bot."),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main(
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help=N_("Language of messages: id or en. Default: $SOPBOT_LANG, else $LANG, else id."),
            metavar=N_("LANG"),
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
            f"{exc.path}\nJalankan / run: {COMPILE_HINT}"
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
    console = out()
    for issue in issues:
        console.print(Text(str(issue)), soft_wrap=True)
    summary = _("Valid SOPs: {valid}. Problems: {problems}.").format(
        valid=len(sops), problems=len(issues)
    )
    console.print(Text(summary, style="red" if issues else "green"))
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
    out().print(render_sop(printable_sop(sop_or_fail(sop, settings().sops_dir))))


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


def _decision_steps(sop: Sop, wanted: Sequence[int]) -> list[int]:
    """Return ``wanted`` if each is a decision step of ``sop``; else stop saying which are."""
    decisions = [step.number for step in sop.steps if step.decision is not None]
    for number in wanted:
        if number in decisions:
            continue
        if not decisions:
            fail(_("--send-back {number}: this SOP has no decision step.").format(number=number))
        fail(
            _("--send-back {number}: not a decision step; the decision steps are {steps}.").format(
                number=number, steps=", ".join(map(str, decisions))
            )
        )
    return list(wanted)


def _calendar(zone: str) -> WorkCalendar:
    """The office calendar in ``zone`` (WIB, WITA, WIT or an IANA name), or stop."""
    try:
        return WorkCalendar(timezone=resolve_timezone(zone))
    except ValueError as exc:
        fail(str(exc))


@app.command(help=N_("Play a whole run on a virtual clock: each task takes its standard time."))
def simulate(
    sop: SopArgument,
    start: Annotated[
        str | None,
        typer.Option(
            help=N_("Start time in office time, e.g. '2026-11-23 07:30'. Default: now."),
            metavar=N_("TIME"),
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "Office time zone: WIB, WITA, WIT, or any IANA name such as Asia/Makassar. "
                "Default: TIMEZONE."
            ),
            metavar=N_("ZONE"),
            show_default=False,
        ),
    ] = None,
    send_back: Annotated[
        list[int] | None,
        typer.Option(
            "--send-back",
            help=N_("A decision step that says 'Tidak' once (repeatable)."),
            metavar="N",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print who does what and when, the due times in office hours, and the finish."""
    config = settings()
    found = sop_or_fail(sop, config.sops_dir)
    calendar = _calendar(timezone or config.timezone)
    send_backs = _decision_steps(found, send_back or ())
    holders = {role: [role] for role in found.roles}
    workflow = Workflow(sop=found, calendar=calendar, holders=holders)
    result = simulate_run(
        workflow, start=_start_instant(start, calendar.zone), send_back_steps=send_backs
    )
    out().print(render_simulation(printable_sop(found), result, calendar))


def check_sops_dir(folder: Path) -> None:
    """Stop, listing every problem as `validate` does, unless every SOP in ``folder`` is valid."""
    sops, issues = load_sops([folder]) if folder.is_dir() else ((), ())
    if not sops and not issues:
        # The bot can start without SOPs (an admin adds them later): say so, but go on.
        warning = _("No SOP files (.yaml, .yml) found in {paths}.").format(paths=folder)
        Console(stderr=True, highlight=False).print(Text(warning, style="yellow"), soft_wrap=True)
        return
    if issues:
        lines = [str(issue) for issue in issues]
        refusal = ngettext(
            "The bot does not start with broken SOP files ({count} problem in {folder}).",
            "The bot does not start with broken SOP files ({count} problems in {folder}).",
            len(issues),
        )
        lines.append(refusal.format(count=len(issues), folder=folder))
        fail("\n".join(lines))


@app.command(help=N_("Start the Telegram bot and answer messages until stopped (Ctrl+C)."))
def run() -> None:
    """Check the settings and SOP files, migrate the database, then poll for updates."""
    config = settings()
    try:
        config.require_token()
    except ConfigError as exc:
        fail(str(exc))
    check_sops_dir(config.sops_dir)
    upgrade_database(config)
    # Imported here so that the other commands do not load python-telegram-bot.
    from bot.tg.app import run_polling
    from bot.tg.startup import StartupError

    try:
        run_polling(config)
    except StartupError as exc:
        fail(str(exc))


# Sub-apps and commands from other modules: one line each.
app.add_typer(db_app, name="db")
register_commands(app)
register_reports(app)
register_settings(app)
register_import(app)
app.command("health", help=N_("Check the database and the bot's last contact with the Bot API."))(
    health
)


if __name__ == "__main__":
    app()
