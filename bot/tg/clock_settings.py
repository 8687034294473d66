"""/pengingat (how a person hears about their tasks) and /pengaturan (an admin's clock settings)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.services import NotAdminError
from bot.services.groups import (
    ReminderMode,
    SettingError,
    admin_offices,
    reminder_mode,
    set_clock_settings,
    set_reminder_mode,
)
from bot.store import ClockSettings
from bot.tg.context import now, unit_of_work
from bot.tg.people import reader

_MODES = {
    "segera": ReminderMode.IMMEDIATELY,
    "immediately": ReminderMode.IMMEDIATELY,
    "ringkasan": ReminderMode.DIGEST,
    "digest": ReminderMode.DIGEST,
}
_ON = {"on", "ya", "yes", "aktif"}
_OFF = {"off", "tidak", "no", "nonaktif"}


def _mode_text(mode: ReminderMode) -> str:
    """Say a reminder mode."""
    if mode is ReminderMode.DIGEST:
        return _("only the morning digest")
    return _("a reminder before each due time and when a task is overdue")


async def reminders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show or change how the person is reminded: /pengingat segera | ringkasan."""
    message = update.effective_message
    if message is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        if me.person is None:
            await message.reply_text(_("Join an office first: open your invitation link."))
            return
        args = [arg.lower() for arg in context.args or []]
        chosen = _MODES.get(args[0]) if args else None
        uow = unit_of_work(context)
        if chosen is not None:
            await set_reminder_mode(uow, person_id=me.person.id, mode=chosen, at=now(context))
            text = _("Saved. You will get {mode}.").format(mode=_mode_text(chosen))
        else:
            current = await reminder_mode(unit_of_work(context), person_id=me.person.id)
            text = _(
                "You get {mode}.\nSend /pengingat segera for reminders, or /pengingat ringkasan "
                "for the morning digest only."
            ).format(mode=_mode_text(current))
        await message.reply_text(text)


def _settings_text(name: str, settings: ClockSettings) -> str:
    """An office's clock settings in one message."""
    group = _("linked") if settings.group_chat_id is not None else _("not linked (send /hubungkan)")
    return _(
        "{office}\nGroup: {group}\nMorning digest: {digest}\nReminder: {lead} working minutes "
        "before the due time\nOverdue lists in the group: {lists}\n\nChange with /pengaturan "
        "ringkasan 08:00, /pengaturan pengingat 30 or /pengaturan grup on|off."
    ).format(
        office=name,
        group=group,
        digest=settings.digest_time,
        lead=settings.reminder_lead_minutes,
        lists=_("on") if settings.group_reminders else _("off"),
    )


def _change(args: list[str]) -> dict[str, object] | None:
    """The setting named by /pengaturan's arguments, or None when they name none."""
    if len(args) != 2:
        return None
    name, value = args[0].lower(), args[1].lower()
    if name in ("ringkasan", "digest"):
        return {"digest_time": value}
    if name in ("pengingat", "lead") and value.isdigit():
        return {"reminder_lead_minutes": int(value)}
    if name in ("grup", "group") and value in _ON | _OFF:
        return {"group_reminders": value in _ON}
    return None


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show or change the clock settings of the office the person administers."""
    message = update.effective_message
    if message is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        if me.person is None:
            await message.reply_text(_("Only an office admin can change these settings."))
            return
        offices = await admin_offices(unit_of_work(context), person_id=me.person.id)
        if len(offices) != 1:
            await message.reply_text(
                _("Only an office admin can change these settings.")
                if not offices
                else _("You administer several offices: use sopbot office set on the server.")
            )
            return
        office = offices[0]
        args = list(context.args or [])
        change = _change(args)
        if args and change is None:
            await message.reply_text(
                _("I did not understand that. Example: /pengaturan ringkasan 08:00")
            )
            return
        try:
            settings = await set_clock_settings(
                unit_of_work(context),
                office_id=office.id,
                at=now(context),
                by=me.person.id,
                **(change or {}),  # type: ignore[arg-type]
            )
        except SettingError:
            text = _("That value cannot be used: the digest time is HH:MM, the lead 0 to 480.")
        except NotAdminError:
            text = _("Only an office admin can change these settings.")
        else:
            text = _settings_text(office.name, settings)
        await message.reply_text(text)
