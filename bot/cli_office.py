"""``sopbot office …``, ``sopbot invite`` and ``sopbot members``: offices and their people.

Whoever runs the command on the server administers every office (like a bot
admin in ADMIN_IDS). Each command brings the database schema up to date first, so
a fresh installation needs no separate ``sopbot db upgrade``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table
from rich.text import Text

from bot.cli_support import fail, out, settings
from bot.config import Settings
from bot.i18n import N_, _

if TYPE_CHECKING:
    from bot.services.directory import Roster
    from bot.sop.model import Sop

T = TypeVar("T")

office_app = typer.Typer(help=N_("Create offices and publish their SOPs."), no_args_is_help=True)

OfficeArgument = Annotated[
    str,
    typer.Argument(
        help=N_("The office: its number or its exact name (see 'sopbot office list')."),
        metavar="OFFICE",
        show_default=False,
    ),
]

_TTL = re.compile(r"^\s*(\d{1,4})\s*([dhmw]?)\s*$", re.IGNORECASE)
_TTL_UNITS = {"": "days", "d": "days", "h": "hours", "m": "minutes", "w": "weeks"}


def register_commands(app: typer.Typer) -> None:
    """Add ``office``, ``invite`` and ``members`` to the ``sopbot`` command."""
    app.add_typer(office_app, name="office")
    app.command("invite", help=N_("Make a single-use invitation link into an office and role."))(
        invite
    )
    app.command("members", help=N_("List an office's people, their roles and vacant roles."))(
        members
    )


def _say(text: str, style: str | None = None) -> None:
    """Print one line as it is (no markup), wrapped only by the terminal."""
    out().print(Text(text, style=style or ""), soft_wrap=True)


def _now() -> datetime:
    """The current instant (UTC)."""
    return datetime.now(UTC)


def with_store(config: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Bring the schema up to date, run ``work(uow)``, and turn refusals into one line."""
    from bot.services import ServiceError
    from bot.store import (
        DatabaseUnavailableError,
        SqlUnitOfWork,
        make_engine,
        session_factory,
        upgrade,
    )

    async def main() -> T:
        """Upgrade, work, and close the engine whatever happens."""
        await upgrade(config.database_url)
        engine = make_engine(config.database_url)
        try:
            return await work(SqlUnitOfWork(session_factory(engine)))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except DatabaseUnavailableError as exc:
        fail(_("Cannot open the database {url}: {reason}").format(url=exc.url, reason=exc.reason))
    except ServiceError as exc:
        fail(_("Not done: {reason}.").format(reason=exc.message))


def parse_ttl(text: str) -> timedelta:
    """Read --expires: '7d' (days, also without a unit), '12h', '30m' or '2w'."""
    found = _TTL.match(text)
    if found is None:
        fail(
            _("Cannot read --expires '{text}': write e.g. 7d (days), 12h (hours) or 2w.").format(
                text=text
            )
        )
    amount, unit = int(found.group(1)), found.group(2).lower()
    return timedelta(**{_TTL_UNITS[unit]: amount})


def _day(text: str, option: str) -> date:
    """Read a YYYY-MM-DD date given to ``option``, or stop saying how to write it."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(
            _("Cannot read the date '{text}' of {option}: write it as YYYY-MM-DD.").format(
                text=text.strip(), option=option
            )
        )


def parse_ramadan(text: str) -> tuple[date, date]:
    """Read --ramadan FIRST:LAST (both days included)."""
    first, colon, last = text.partition(":")
    if not colon:
        fail(
            _(
                "Cannot read --ramadan '{text}': write FIRST:LAST, e.g. 2026-02-19:2026-03-20."
            ).format(text=text)
        )
    start, end = _day(first, "--ramadan"), _day(last, "--ramadan")
    if end < start:
        fail(_("--ramadan {text}: the last day comes before the first.").format(text=text))
    return start, end


def parse_holiday(text: str) -> tuple[date, str]:
    """Read --holiday DATE=NAME."""
    day, equals, name = text.partition("=")
    name = name.strip().strip("\"'").strip()
    if not equals or not name:
        fail(
            _(
                "Cannot read --holiday '{text}': write DATE=NAME, "
                'e.g. 2026-05-01="HUT Kabupaten".'
            ).format(text=text)
        )
    return _day(day, "--holiday"), name


@office_app.command("create", help=N_("Create an office with its time zone and own holidays."))
def office_create(
    name: Annotated[
        str, typer.Argument(help=N_("The office's name, e.g. 'BPPD Kabupaten Kepulauan Anambas'."))
    ],
    timezone: Annotated[
        str | None,
        typer.Option(
            help=N_("Time zone: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)."),
            show_default=False,
        ),
    ] = None,
    ramadan: Annotated[
        list[str] | None,
        typer.Option(
            help=N_("Days with Ramadan office hours, FIRST:LAST (repeatable)."),
            metavar="FIRST:LAST",
            show_default=False,
        ),
    ] = None,
    holiday: Annotated[
        list[str] | None,
        typer.Option(
            help=N_("An office holiday besides the national ones, DATE=NAME (repeatable)."),
            metavar="DATE=NAME",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create the office and say what to do next."""
    from bot.services.directory import open_office

    config = settings()
    ranges = [parse_ramadan(text) for text in ramadan or ()]
    holidays = [parse_holiday(text) for text in holiday or ()]
    office = with_store(
        config,
        lambda uow: open_office(
            uow,
            name=name,
            at=_now(),
            timezone=timezone or config.timezone,
            ramadan_ranges=ranges,
            holidays=holidays,
        ),
    )
    _say(
        _("Office {id} created: {name} ({timezone}).").format(
            id=office.id, name=office.name, timezone=office.timezone
        ),
        "green",
    )
    for first, last in office.ramadan_ranges:
        _say(_("Ramadan office hours: {first} to {last}").format(first=first, last=last))
    for day, title in office.holidays:
        _say(_("Office holiday: {day} {name}").format(day=day, name=title))
    _say(_("Next: sopbot office sops {id} [SOP files]").format(id=office.id))


@office_app.command("list", help=N_("List the offices with their members and SOPs."))
def office_list() -> None:
    """Print one row per office."""
    from bot.services.directory import list_offices

    offices = with_store(settings(), lambda uow: list_offices(uow))
    if not offices:
        _say(_("No offices yet. Create one: sopbot office create NAME"))
        return
    table = Table(_("No."), _("Office"), _("Time zone"), _("Members"), _("SOPs"), box=None)
    for office in offices:
        table.add_row(
            str(office.id), office.name, office.timezone, str(office.members), str(office.sops)
        )
    out().print(table)


@office_app.command(
    "sops", help=N_("Publish SOP files for an office: a changed file becomes a new version.")
)
def office_sops(
    office: OfficeArgument,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=N_("SOP files or folders. Default: the SOP folder (SOPS_DIR, else sops/)."),
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every file first; publish only when all are valid, then say what each became."""
    config = settings()
    loaded = load_files(paths or [config.sops_dir])
    for line in with_store(config, lambda uow: publish_files(uow, office, loaded)):
        _say(line)


def load_files(paths: list[Path]) -> list[tuple[Path, Sop]]:
    """Every SOP under ``paths`` with its file; stop with every problem if any file is broken."""
    from bot.sop.errors import SopValidationError
    from bot.sop.loader import load_sop, sop_files

    files = sop_files(paths)
    if not files:
        folders = ", ".join(str(path) for path in paths)
        fail(_("No SOP files (.yaml, .yml) found in {paths}.").format(paths=folders))
    loaded: list[tuple[Path, Sop]] = []
    problems: list[str] = []
    for path in files:
        try:
            loaded.append((path, load_sop(path)))
        except SopValidationError as exc:
            problems.extend(str(issue) for issue in exc.issues)
    seen: dict[str, Path] = {}
    for path, sop in loaded:
        if sop.key in seen:
            problems.append(
                _("{path}: SOP code '{key}' is also used by {other}").format(
                    path=path, key=sop.key, other=seen[sop.key]
                )
            )
        seen.setdefault(sop.key, path)
    if problems:
        problems.append(_("Nothing was published: fix the files above and run this again."))
        fail("\n".join(problems))
    return loaded


async def publish_files(uow: Any, office_ref: str, loaded: list[tuple[Path, Sop]]) -> list[str]:
    """Publish each SOP; one line per file saying whether a new version was made."""
    from bot.services import current_sops, publish_sop
    from bot.services.directory import find_office

    office = await find_office(uow, ref=office_ref)
    before = {v.sop_key: v.version for v in await current_sops(uow, office_id=office.id)}
    lines = [_("Office {id}: {name}").format(id=office.id, name=office.name)]
    for path, sop in loaded:
        published = await publish_sop(uow, office_id=office.id, sop=sop, at=_now())
        version = published.version.version
        if published.created:
            text = _("{path}: {key} version {version} published (new)")
        elif before.get(sop.key) == version:
            text = _("{path}: {key} unchanged, still version {version}")
        else:
            text = _("{path}: {key} version {version} is current again (same as before)")
        lines.append(text.format(path=path, key=sop.key, version=version))
    lines.append(_("Runs already under way keep the version they started with."))
    return lines


def invite(
    office: OfficeArgument,
    role: Annotated[
        str | None,
        typer.Argument(
            help=N_("The role key from the SOPs' 'peran', e.g. kepala. Optional with --admin."),
            metavar="ROLE",
            show_default=False,
        ),
    ] = None,
    admin: Annotated[
        bool, typer.Option("--admin", help=N_("The person also becomes an admin of the office."))
    ] = False,
    expires: Annotated[
        str,
        typer.Option(help=N_("How long the link works: 7d, 12h, 2w (at most 90 days).")),
    ] = "7d",
) -> None:
    """Print the deep link; only its hash is stored, so it is shown this once."""
    if role is None and not admin:
        fail(_("Name a ROLE, or use --admin to invite an office admin."))
    role = role.strip().lower() if role else None
    config = settings()
    ttl = parse_ttl(expires)
    for line in with_store(
        config, lambda uow: make_invite(uow, config, office, role, admin=admin, ttl=ttl)
    ):
        _say(line)


async def bot_username(uow: Any, config: Settings) -> str:
    """BOT_USERNAME, else the username the bot stored when it last started."""
    from bot.services.bot_settings import BOT_USERNAME, recall

    username = config.bot_username or await recall(uow, key=BOT_USERNAME)
    if not username:
        fail(
            _(
                "The bot's username is not known yet: set BOT_USERNAME (e.g. "
                "BOT_USERNAME=kantor_sop_bot), or start the bot once with 'sopbot run'."
            )
        )
    return username


async def make_invite(
    uow: Any, config: Settings, office_ref: str, role: str | None, *, admin: bool, ttl: timedelta
) -> list[str]:
    """Create the invite and return the lines that present its link."""
    from bot.render.dates import office_time
    from bot.services.administration import command_line_operator, issue_invite
    from bot.services.directory import find_office

    username = await bot_username(uow, config)
    office = await find_office(uow, ref=office_ref)
    issued = await issue_invite(
        uow,
        office_id=office.id,
        by=await command_line_operator(uow, at=_now()),
        at=_now(),
        role_key=role,
        is_admin=admin,
        ttl=ttl,
        bot_admin=True,
    )
    if issued.role_title is None:
        what = _("Invitation to {office} as an office admin").format(office=office.name)
    elif admin:
        what = _("Invitation to {office} as {title} ({role}) and office admin").format(
            office=office.name, title=issued.role_title, role=role
        )
    else:
        what = _("Invitation to {office} as {title} ({role})").format(
            office=office.name, title=issued.role_title, role=role
        )
    until = office_time(issued.invite.expires_at, office.timezone)
    return [
        what,
        _("Works once, until {until}. Send it only to the person it is for:").format(until=until),
        f"https://t.me/{username}?start={issued.token}",
    ]


def members(office: OfficeArgument) -> None:
    """Print the office's people with their roles, then the roles nobody holds."""
    from bot.services.directory import find_office, roster

    async def load(uow: Any) -> Roster:
        """Find the office, then read its roster."""
        found = await find_office(uow, ref=office)
        return await roster(uow, office_id=found.id)

    _print_roster(with_store(settings(), load))


def _print_roster(found: Roster) -> None:
    """Print the members table and the vacant roles."""
    _say(_("Office {id}: {name}").format(id=found.office.id, name=found.office.name))
    if not found.members:
        _say(
            _("No members yet. Invite someone: sopbot invite {id} ROLE").format(id=found.office.id)
        )
    else:
        table = Table(_("No."), _("Name"), _("Telegram"), _("Roles"), _("Admin"), box=None)
        for member in found.members:
            roles = ", ".join(
                f"{role} ({found.roles[role]})" if role in found.roles else role
                for role in member.roles
            )
            table.add_row(
                str(member.person_id),
                member.display_name,
                str(member.telegram_user_id or "-"),
                roles or "-",
                _("yes") if member.is_admin else "-",
            )
        out().print(table)
    vacant = found.vacant_roles
    if vacant:
        _say(
            _("Roles nobody holds yet: {roles}").format(
                roles=", ".join(f"{role} ({found.roles[role]})" for role in vacant)
            ),
            "yellow",
        )
