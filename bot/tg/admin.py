"""Admin conversations in Telegram: invite links, /undang, /anggota.

``register(application)`` adds them; it must come before the other handlers of
group 0, so that ``/start <token>`` reaches the invite before the plain greeting.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.i18n import _, use_locale
from bot.services import ServiceError
from bot.tg.admin_buttons import ADMIN_BUTTON_PATTERN, AdminAction, decode_admin_button
from bot.tg.admin_common import Context, not_admin_text, refusal, resolve_actor
from bot.tg.admin_invite import accept_invite_link, invite_command, on_invite_button
from bot.tg.admin_members import members_command, on_members_button

_INVITE_ACTIONS = (AdminAction.INVITE_OFFICE, AdminAction.INVITE_ROLE, AdminAction.INVITE_ADMIN)


def admin_commands() -> list[tuple[str, str]]:
    """(command, description) pairs of the admin commands in the current locale."""
    return [
        ("undang", _("Invite people into an office and role (admins)")),
        ("anggota", _("People and roles of an office (admins)")),
    ]


async def on_admin_button(update: Update, context: Context) -> None:
    """Any ``adm:`` button: decode it, re-check the presser, and hand it to its view."""
    query = update.callback_query
    if query is None:
        return
    actor, locale = await resolve_actor(update, context)
    with use_locale(locale):
        button = decode_admin_button(query.data)
        if button is None:
            await query.answer(_("This button is out of date. Send the command again."), True)
            return
        if actor is None or actor.person_id is None:
            await query.answer(not_admin_text(), show_alert=True)
            return
        try:
            if button.action in _INVITE_ACTIONS:
                await on_invite_button(query, context, actor, button)
            else:
                await on_members_button(query, context, actor, button)
        except ServiceError as exc:
            await query.answer(refusal(exc), show_alert=True)


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    """Add the admin handlers to ``group`` (call before the other handlers of that group)."""
    # Invite links open a private chat; a token typed in a group is left to the greeting.
    invite_link = CommandHandler(
        "start", accept_invite_link, filters=filters.ChatType.PRIVATE, has_args=True
    )
    application.add_handler(invite_link, group)
    application.add_handler(CommandHandler("undang", invite_command), group)
    application.add_handler(CommandHandler("anggota", members_command), group)
    application.add_handler(
        CallbackQueryHandler(on_admin_button, pattern=ADMIN_BUTTON_PATTERN), group
    )
