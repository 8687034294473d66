"""Invitations in Telegram: ``/start <token>`` from an invite link, and ``/undang``."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import _, use_locale
from bot.render.dates import office_time
from bot.services import InvalidInviteError, ServiceError
from bot.services.administration import (
    IssuedInvite,
    Joined,
    issue_invite,
    join_by_invite,
    office_roles,
)
from bot.services.conversation import note_telegram_language
from bot.tg.admin_buttons import AdminAction, AdminButton
from bot.tg.admin_common import (
    Actor,
    Context,
    admin_request,
    office_keyboard,
    refusal,
    show,
)
from bot.tg.context import now, unit_of_work
from bot.tg.people import reader


def _invalid_invite_text(reason: str) -> str:
    """What to tell someone whose invite link is expired, used or unknown."""
    if reason == InvalidInviteError.EXPIRED:
        return _(
            "This invitation link has expired. Ask your office admin for a new one: "
            "an invitation works for a limited time only."
        )
    if reason == InvalidInviteError.USED:
        return _(
            "This invitation link has already been used. Each link works once, for one "
            "person: ask your office admin for a link of your own."
        )
    return _(
        "I do not know this invitation link. Perhaps it was cut off when it was copied: "
        "open the whole link again, or ask your office admin for a new one."
    )


def _welcome_text(joined: Joined, first_name: str) -> str:
    """The welcome: office, role, admin rights, and what happens next."""
    office = joined.office.name
    title = joined.role_title or joined.role_key
    if joined.again:
        lines = [
            _("You have already joined {office} with this link.").format(office=office),
        ]
    else:
        lines = [_("Welcome to {office}, {name}!").format(office=office, name=first_name)]
    if title:
        lines.append(_("Your role: {title}.").format(title=title))
    if joined.is_admin:
        lines.append(
            _("You are an admin of this office: /undang invites people, /anggota manages roles.")
        )
    lines.append(
        _(
            "When a step of an SOP is yours, I send it to you here. /mulai starts an SOP, "
            "/bantuan lists the commands."
        )
    )
    return "\n".join(lines)


async def accept_invite_link(update: Update, context: Context) -> None:
    """``/start <token>``: register the person with the invite's office and role."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not context.args:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        try:
            joined = await join_by_invite(
                unit_of_work(context),
                token=context.args[0],
                telegram_user_id=user.id,
                display_name=user.full_name,
                at=now(context),
            )
        except InvalidInviteError as exc:
            text = _invalid_invite_text(exc.reason)
        except ServiceError as exc:
            text = refusal(exc)
        else:
            text = _welcome_text(joined, user.first_name)
            if user.language_code:
                # Cards the outbox sends later use it while the person has chosen no language.
                await note_telegram_language(
                    unit_of_work(context),
                    person_id=joined.person_id,
                    language_code=user.language_code,
                )
    await message.reply_text(text)


async def invite_command(update: Update, context: Context) -> None:
    """``/undang``: choose the office (if several) and the role, then get the link."""
    request = await admin_request(update, context)
    if request is None:
        return
    message, actor, offices = request.message, request.actor, request.offices
    with use_locale(request.locale):
        if len(offices) > 1:
            markup = office_keyboard(offices, AdminAction.INVITE_OFFICE)
            await message.reply_text(_("Invite someone to which office?"), reply_markup=markup)
            return
        try:
            text, markup = await _role_choice(context, actor, offices[0].id)
        except ServiceError as exc:
            await message.reply_text(refusal(exc))
            return
        await message.reply_text(text, reply_markup=markup)


async def _role_choice(
    context: Context, actor: Actor, office_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The question 'as what?' with one button per role of the office's SOPs."""
    assert actor.person_id is not None
    office, roles = await office_roles(
        unit_of_work(context), office_id=office_id, by=actor.person_id, bot_admin=actor.bot_admin
    )
    rows = [
        [
            InlineKeyboardButton(
                _("{title} ({role})").format(title=title, role=key),
                callback_data=AdminButton(AdminAction.INVITE_ROLE, office.id, arg=key).encode(),
            )
        ]
        for key, title in roles.items()
    ]
    rows.append(
        [
            InlineKeyboardButton(
                _("Office admin (no role)"),
                callback_data=AdminButton(AdminAction.INVITE_ADMIN, office.id).encode(),
            )
        ]
    )
    if roles:
        text = _("Invite someone to {office} as:").format(office=office.name)
    else:
        text = _(
            "{office} has no published SOPs yet, so it has no roles to invite to. "
            "You can still invite another office admin:"
        ).format(office=office.name)
    return text, InlineKeyboardMarkup(rows)


def _link_text(issued: IssuedInvite, username: str) -> str:
    """The message with the invite link, its validity and a warning to share it privately."""
    office = issued.office
    if issued.role_title is None:
        what = _("Invitation to {office} as an office admin:").format(office=office.name)
    else:
        what = _("Invitation to {office} as {title}:").format(
            office=office.name, title=issued.role_title
        )
    until = office_time(issued.invite.expires_at, office.timezone)
    return "\n".join(
        [
            what,
            f"https://t.me/{username}?start={issued.token}",
            _(
                "It works once, until {until}. Forward it only to the person it is for: "
                "whoever opens it first joins the office."
            ).format(until=until),
        ]
    )


async def on_invite_button(
    query: CallbackQuery, context: Context, actor: Actor, button: AdminButton
) -> None:
    """An /undang button: show the roles of the chosen office, or make the link."""
    assert actor.person_id is not None
    if button.action is AdminAction.INVITE_OFFICE:
        text, markup = await _role_choice(context, actor, button.office_id)
        await query.answer()
        await show(query, text, markup)
        return
    issued = await issue_invite(
        unit_of_work(context),
        office_id=button.office_id,
        by=actor.person_id,
        at=now(context),
        role_key=button.arg if button.action is AdminAction.INVITE_ROLE else None,
        is_admin=button.action is AdminAction.INVITE_ADMIN,
        bot_admin=actor.bot_admin,
    )
    await query.answer()
    await show(query, _link_text(issued, context.bot.username), None)
