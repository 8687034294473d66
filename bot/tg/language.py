"""/bahasa: choose Indonesian or English; stored per person, used for every later message."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.services.conversation import set_language
from bot.tg.buttons import decode_language, language_button
from bot.tg.context import unit_of_work
from bot.tg.people import people_cache, reader, registered_sender

Context = ContextTypes.DEFAULT_TYPE

# Each language is named in itself, so that anyone can find theirs.
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


async def language_command(update: Update, context: Context) -> None:
    """/bahasa (/language): offer the languages as buttons."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        rows = [
            [InlineKeyboardButton(name, callback_data=language_button(code))]
            for code, name in LANGUAGES.items()
        ]
        await message.reply_text(
            _("Choose your language:"), reply_markup=InlineKeyboardMarkup(rows)
        )


async def on_language_button(update: Update, context: Context) -> None:
    """Store the chosen language and confirm in it."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    chosen = decode_language(query.data)
    if me.person is None or chosen not in LANGUAGES:
        with use_locale(me.locale):
            await query.answer(_("This button is out of date."), show_alert=True)
        return
    await set_language(unit_of_work(context), person_id=me.person.id, locale=chosen)
    people_cache(context).forget(query.from_user.id)
    with use_locale(chosen):
        await query.answer()
        await query.edit_message_text(
            _("From now on I write to you in English.")
            if chosen == "en"
            else _("From now on I write to you in Indonesian.")
        )
