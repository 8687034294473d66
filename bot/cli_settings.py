"""``sopbot office set``: an office's digest time, reminder lead and group reminders."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from bot.cli_office import OfficeArgument, _now, _say, office_app, with_store
from bot.cli_support import fail as _fail
from bot.cli_support import settings as _settings
from bot.i18n import N_, _


def register(app: typer.Typer) -> None:
    """Add ``office set`` to the ``sopbot`` command (``app`` already holds ``office``)."""
    office_app.command(
        "set", help=N_("Set an office's digest time, reminder lead and group reminders.")
    )(office_set)


def _on_off(text: str | None) -> bool | None:
    """Read on/off (ya/tidak) for --group-reminders."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("on", "ya", "yes", "1"):
        return True
    if value in ("off", "tidak", "no", "0"):
        return False
    _fail(_("Cannot read --group-reminders '{text}': write on or off.").format(text=text))


def office_set(
    office: OfficeArgument,
    digest: Annotated[
        str | None, typer.Option("--digest", help=N_("Time of the morning digest, HH:MM."))
    ] = None,
    lead: Annotated[
        int | None,
        typer.Option("--lead", help=N_("Working minutes before the due time to remind.")),
    ] = None,
    group_reminders: Annotated[
        str | None,
        typer.Option("--group-reminders", help=N_("Overdue lists in the group: on or off.")),
    ] = None,
) -> None:
    """Change the office's clock settings and print them."""
    from bot.services.directory import find_office
    from bot.services.groups import SettingError, checked_settings, set_clock_settings

    wanted = _on_off(group_reminders)
    try:
        checked_settings(digest, lead)
    except SettingError as exc:
        _fail(
            _("Not done: {name} cannot be {value} (digest HH:MM, lead 0 to 480).").format(
                name=exc.name, value=exc.value
            )
        )

    async def work(uow: Any) -> Any:
        found = await find_office(uow, ref=office)
        return found, await set_clock_settings(
            uow,
            office_id=found.id,
            at=_now(),
            digest_time=digest,
            reminder_lead_minutes=lead,
            group_reminders=wanted,
        )

    found, settings = with_store(_settings(), work)
    _say(
        _(
            "{office}: digest at {digest}, reminder {lead} working minutes before the due time."
        ).format(
            office=found.name, digest=settings.digest_time, lead=settings.reminder_lead_minutes
        )
    )
    if settings.group_chat_id is None:
        _say(_("No group is linked: an office admin sends /hubungkan in the office's group."))
    elif settings.group_reminders:
        _say(_("Overdue lists go to the group."))
    else:
        _say(_("Overdue lists do not go to the group."))
