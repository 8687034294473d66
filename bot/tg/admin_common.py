"""What the admin handlers share: who is acting, refusals as alerts, the office chooser."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.services import NotAdminError, ServiceError, person_for_telegram
from bot.services.administration import administered_offices
from bot.store import OfficeSummary
from bot.tg.admin_buttons import AdminAction, AdminButton
from bot.tg.context import deps, now, unit_of_work
from bot.tg.people import reader

Context = ContextTypes.DEFAULT_TYPE


@dataclass(frozen=True, slots=True)
class Actor:
    """Who pressed or typed: their person (None if unknown) and whether they are a bot admin."""

    telegram_user_id: int
    person_id: int | None
    bot_admin: bool


async def resolve_actor(update: Update, context: Context) -> tuple[Actor | None, str]:
    """The acting user and the language to answer in (their /bahasa choice first).

    A bot admin (ADMIN_IDS) gets a person record on first use; anyone else is only
    looked up.
    """
    me = await reader(update, context)
    user = update.effective_user
    if user is None:
        return None, me.locale
    bot_admin = user.id in deps(context).settings.admin_ids
    person = me.person
    if person is None and bot_admin:
        person = await person_for_telegram(
            unit_of_work(context),
            telegram_user_id=user.id,
            display_name=user.full_name,
            at=now(context),
        )
    actor = Actor(
        telegram_user_id=user.id,
        person_id=None if person is None else person.id,
        bot_admin=bot_admin,
    )
    return actor, me.locale


@dataclass(frozen=True, slots=True)
class AdminRequest:
    """An admin command in a private chat: where to answer, who asks, their offices."""

    message: Message
    actor: Actor
    person_id: int
    locale: str
    offices: list[OfficeSummary]


async def admin_request(update: Update, context: Context) -> AdminRequest | None:
    """The admin and the offices they administer; None after telling anyone else why not."""
    message, chat = update.effective_message, update.effective_chat
    if message is None:
        return None
    actor, locale = await resolve_actor(update, context)
    with use_locale(locale):
        if chat is None or chat.type != chat.PRIVATE:
            await message.reply_text(private_only_text())
            return None
        offices = (
            []
            if actor is None
            else await administered_offices(
                unit_of_work(context), person_id=actor.person_id, bot_admin=actor.bot_admin
            )
        )
        if actor is None or actor.person_id is None or not offices:
            await message.reply_text(not_admin_text())
            return None
    return AdminRequest(
        message=message,
        actor=actor,
        person_id=actor.person_id,
        locale=locale,
        offices=offices,
    )


def refusal(exc: ServiceError) -> str:
    """The alert for a refused admin action, in the current locale."""
    if isinstance(exc, NotAdminError):
        return _("Only an admin of this office may do this.")
    return _("Not done: {reason}.").format(reason=exc.message)


def not_admin_text() -> str:
    """What a person who administers no office is told by /undang and /anggota."""
    return _(
        "Only office admins can use this command. Ask your office admin, or the person "
        "who runs the bot, to do it for you."
    )


def office_keyboard(offices: list[OfficeSummary], action: AdminAction) -> InlineKeyboardMarkup:
    """One button per office, each leading to ``action`` for that office."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    office.name, callback_data=AdminButton(action, office.id).encode()
                )
            ]
            for office in offices
        ]
    )


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the message under the buttons (the same content again is not an error)."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        # A double tap re-renders the same view; Telegram refuses an edit that changes nothing.
        if "not modified" not in str(exc).lower():
            raise


def private_only_text() -> str:
    """What admin commands say in a group: links and member lists stay private."""
    return _("Please use this command in a private chat with me.")
