"""Who sent an update, and the language to answer them in."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import DEFAULT_LOCALE, normalize_locale
from bot.services.conversation import find_person
from bot.store import PersonInfo
from bot.tg.context import unit_of_work

DEFAULT_LOCALE_KEY = "default_locale"
"""Key in ``bot_data`` of the locale for users whose Telegram does not say theirs."""


@dataclass(frozen=True, slots=True)
class Reader:
    """The person behind an update (None for a stranger) and their language."""

    person: PersonInfo | None
    locale: str


def telegram_locale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The user's Telegram language, else the office default."""
    user = update.effective_user
    if user is not None and user.language_code:
        return normalize_locale(user.language_code)
    return str(context.bot_data.get(DEFAULT_LOCALE_KEY, DEFAULT_LOCALE))


def locale_of(person: PersonInfo | None, update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The language chosen with /bahasa, else Telegram's, else the default."""
    if person is not None and person.locale:
        return normalize_locale(person.locale)
    return telegram_locale(update, context)


async def reader(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Reader:
    """Look up who sent the update and how to talk to them."""
    user = update.effective_user
    person = None
    if user is not None:
        person = await find_person(unit_of_work(context), telegram_user_id=user.id)
    return Reader(person=person, locale=locale_of(person, update, context))


def is_private(update: Update) -> bool:
    """Task content is only ever shown in a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == chat.PRIVATE
