"""Command handlers: /start and /bantuan (/help)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.i18n import DEFAULT_LOCALE, _, current_locale, normalize_locale, use_locale

DEFAULT_LOCALE_KEY = "default_locale"
"""Key in ``bot_data`` of the locale for users whose Telegram does not say theirs."""


def user_locale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Return the locale to answer in: the user's Telegram language, else the office default."""
    # (lead) a language chosen with /bahasa, stored per user, will come first here.
    user = update.effective_user
    if user is not None and user.language_code:
        return normalize_locale(user.language_code)
    return str(context.bot_data.get(DEFAULT_LOCALE_KEY, DEFAULT_LOCALE))


def command_menu() -> list[tuple[str, str]]:
    """Return (command, description) pairs in the current locale."""
    help_command = "help" if current_locale() == "en" else "bantuan"
    return [
        ("start", _("What SOP Bot does")),
        (help_command, _("List the commands")),
    ]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user in their language and say what SOP Bot does."""
    # (lead) `/start <token>` from an invite link will be handled before this greeting.
    message = update.effective_message
    if message is None:
        return
    user = update.effective_user
    with use_locale(user_locale(update, context)):
        name = user.first_name if user is not None else _("there")
        text = _(
            "Hello, {name}! I am SOP Bot.\n\n"
            "I run your office's Standard Operating Procedures (SOP AP) step by step. "
            "When a step is yours, I send it to you here: press Start, do the work, send "
            "the step's output document and press Done. I then hand the work to the next "
            "person and record how long each step took against the SOP's time standard.\n\n"
            "Send /help to see the commands."
        ).format(name=name)
    await message.reply_text(text)


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands in the user's language."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(user_locale(update, context)):
        lines = [_("Commands:")]
        lines.extend(
            _("/{command} — {description}").format(command=name, description=about)
            for name, about in command_menu()
        )
    await message.reply_text("\n".join(lines))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler to ``application``.

    PTB tries groups in ascending order and, within a group, stops at the first
    handler that matches. Group 0 holds the commands; later groups (buttons,
    uploads) get their own numbers below so that their order stays visible here.
    """
    application.add_handler(CommandHandler("start", start), group=0)
    application.add_handler(CommandHandler(["bantuan", "help"], show_help), group=0)
