"""Who sent an update, and the language to answer them in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.i18n import DEFAULT_LOCALE, _, normalize_locale, use_locale
from bot.services.conversation import find_person, note_telegram_language
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


class PeopleCache:
    """Recently seen people by Telegram user id, so a button press needs no extra lookup.

    A Telegram account stays linked to its person, so only the language can go stale:
    this process forgets a person when it stores their /bahasa choice, and another
    process (webhook workers) sees the change after ``TTL`` at most. Strangers are
    never kept, so someone who just joined is found at once.
    """

    TTL = timedelta(seconds=30)
    SIZE = 10_000

    def __init__(self) -> None:
        self._people: dict[int, tuple[datetime, PersonInfo]] = {}

    def get(self, telegram_user_id: int, at: datetime) -> PersonInfo | None:
        found = self._people.get(telegram_user_id)
        if found is None or at - found[0] > self.TTL:
            return None
        return found[1]

    def put(self, telegram_user_id: int, person: PersonInfo, at: datetime) -> None:
        if len(self._people) >= self.SIZE:
            self._people.clear()
        self._people[telegram_user_id] = (at, person)

    def forget(self, telegram_user_id: int) -> None:
        self._people.pop(telegram_user_id, None)


PEOPLE_CACHE_KEY = "people_cache"


def people_cache(context: ContextTypes.DEFAULT_TYPE) -> PeopleCache:
    """The Application's cache of people (made on first use)."""
    cache = context.bot_data.get(PEOPLE_CACHE_KEY)
    if not isinstance(cache, PeopleCache):
        cache = context.bot_data[PEOPLE_CACHE_KEY] = PeopleCache()
    return cache


async def reader(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Reader:
    """Look up who sent the update and how to talk to them."""
    user = update.effective_user
    person = None
    if user is not None:
        # A monotonic clock: the injected one may stand still (tests) or jump.
        at = datetime.now(UTC)
        cache = people_cache(context)
        person = cache.get(user.id, at)
        if person is None:
            person = await find_person(unit_of_work(context), telegram_user_id=user.id)
            if person is not None:
                cache.put(user.id, person, at)
        if (
            person is not None
            and user.language_code
            and (person.telegram_language != user.language_code)
        ):
            # Messages the outbox sends later are written in it (unless /bahasa chose).
            await note_telegram_language(
                unit_of_work(context), person_id=person.id, language_code=user.language_code
            )
            person = replace(person, telegram_language=user.language_code)
            cache.put(user.id, person, at)
    return Reader(person=person, locale=locale_of(person, update, context))


def is_private(update: Update) -> bool:
    """Task content is only ever shown in a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == chat.PRIVATE


@dataclass(frozen=True, slots=True)
class Sender:
    """A registered person writing to the bot in a private chat."""

    message: Message
    person: PersonInfo
    locale: str


async def registered_sender(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Sender | None:
    """The registered person behind a private message; None after telling a stranger to join.

    Group chats get no answer at all (task content never goes to a group).
    """
    message = update.effective_message
    if message is None or not is_private(update):
        return None
    me = await reader(update, context)
    if me.person is None:
        with use_locale(me.locale):
            await message.reply_text(_("You are not registered yet: open your invitation link."))
        return None
    return Sender(message=message, person=me.person, locale=me.locale)
