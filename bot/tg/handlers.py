"""Registering every handler; /start, /bantuan (/help) and the command menu."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.i18n import _, current_locale, use_locale
from bot.services.conversation import memberships
from bot.tg import buttons
from bot.tg.callbacks import TASK_BUTTON_PATTERN
from bot.tg.context import unit_of_work
from bot.tg.decisions import on_text, on_unknown_command
from bot.tg.language import language_command, on_language_button
from bot.tg.people import DEFAULT_LOCALE_KEY, reader, telegram_locale
from bot.tg.reports import register as register_reports
from bot.tg.runs import (
    cancel_command,
    on_cancel_button,
    on_start_button,
    on_status_button,
    start_command,
    status_command,
)
from bot.tg.tasks import list_tasks, on_task_button
from bot.tg.uploads import on_upload, on_upload_choice

__all__ = ["DEFAULT_LOCALE_KEY", "command_menu", "register", "user_locale"]

TelegramApp = Application[Any, Any, Any, Any, Any, Any]


def user_locale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The user's Telegram language, else the office default (no database lookup)."""
    return telegram_locale(update, context)


def command_menu() -> list[tuple[str, str]]:
    """Return (command, description) pairs in the current locale."""
    help_command = "help" if current_locale() == "en" else "bantuan"
    return [
        ("start", _("What SOP Bot does")),
        ("tugas", _("Your open tasks")),
        ("mulai", _("Start an SOP")),
        ("status", _("Active runs and their timelines")),
        ("batal", _("Cancel a run")),
        ("laporan", _("Reports: each step's time against its standard")),
        ("alur", _("An SOP's flowchart, or a run's progress")),
        ("bahasa", _("Choose your language")),
        (help_command, _("List the commands")),
    ]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user in their language and say what SOP Bot does."""
    message = update.effective_message
    if message is None:
        return
    user = update.effective_user
    me = await reader(update, context)
    with use_locale(me.locale):
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
    """List the commands, and the person's offices and roles, in their language."""
    message = update.effective_message
    if message is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        lines = [_("Commands:")]
        lines.extend(
            _("/{command} — {description}").format(command=name, description=about)
            for name, about in command_menu()
        )
        if me.person is not None:
            for office in await memberships(unit_of_work(context), person_id=me.person.id):
                roles = ", ".join(office.roles) or _("no role yet")
                line = _("{office}: {roles}").format(office=office.office_name, roles=roles)
                if office.is_admin:
                    line += " · " + _("office admin (/undang, /anggota)")
                lines.append(line)
    await message.reply_text("\n".join(lines))


def _register_admin(application: TelegramApp) -> None:
    """The admin side (/start <token>, /undang, /anggota) when its module is there."""
    if importlib.util.find_spec("bot.tg.admin") is not None:
        importlib.import_module("bot.tg.admin").register(application)


def register(application: TelegramApp) -> None:
    """Add every handler to ``application``.

    PTB tries groups in ascending order and, within a group, stops at the first
    handler that matches; every group gets its turn. So everything that answers an
    update lives in group 0, in this order: the admin side first (it must also
    use group 0, so that the unknown-command answer below does not follow its
    commands), then the commands, then buttons by prefix, uploads, plain text, and
    last any other command (answered "unknown").
    """
    _register_admin(application)
    private = filters.ChatType.PRIVATE
    commands = [
        (["start"], start, filters.ALL),
        (["bantuan", "help"], show_help, filters.ALL),
        (["tugas", "tasks"], list_tasks, private),
        (["mulai"], start_command, private),
        (["status"], status_command, private),
        (["batal"], cancel_command, private),
        (["bahasa", "language"], language_command, private),
    ]
    for names, callback, where in commands:
        application.add_handler(CommandHandler(names, callback, filters=where), group=0)
    callbacks = [
        (TASK_BUTTON_PATTERN, on_task_button),
        (buttons.START_PATTERN, on_start_button),
        (buttons.STATUS_PATTERN, on_status_button),
        (buttons.CANCEL_RUN_PATTERN, on_cancel_button),
        (buttons.LANGUAGE_PATTERN, on_language_button),
        (buttons.UPLOAD_PATTERN, on_upload_choice),
    ]
    for pattern, callback in callbacks:
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern), group=0)
    register_reports(application)
    files = (filters.Document.ALL | filters.PHOTO) & private
    application.add_handler(MessageHandler(files, on_upload), group=0)
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, on_text), 0)
    application.add_handler(MessageHandler(filters.COMMAND & private, on_unknown_command), 0)
