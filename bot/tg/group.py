"""The office group: /hubungkan links it; leaving it or a supergroup migration is followed.

Only one-line run news, the overdue list and the morning digest go to a group; task
content never does (cards and files go to each person's private chat).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, Update
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.i18n import _, use_locale
from bot.services import NotAdminError
from bot.services.groups import (
    ChooseOfficeError,
    GroupLinkedElsewhereError,
    link_group,
    move_group,
    unlink_group,
)
from bot.tg.clock_settings import reminders_command, settings_command
from bot.tg.context import deps, now, unit_of_work
from bot.tg.people import reader

logger = logging.getLogger(__name__)

TelegramApp = Application[Any, Any, Any, Any, Any, Any]
_GONE = (ChatMember.LEFT, ChatMember.BANNED)


def _office_argument(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The office id given after /hubungkan, if any (None when absent or not a number)."""
    args = context.args or []
    return int(args[0]) if args and args[0].isdigit() else None


async def link_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Link this group to the office of the admin who sent /hubungkan."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    me = await reader(update, context)
    bot_admin = user.id in deps(context).settings.admin_ids
    with use_locale(me.locale):
        if me.person is None:
            await message.reply_text(
                _("Only an office admin can link this group. Open SOP Bot privately first.")
            )
            return
        try:
            linked = await link_group(
                unit_of_work(context),
                chat_id=chat.id,
                title=chat.title or "",
                person_id=me.person.id,
                at=now(context),
                office_id=_office_argument(context),
                bot_admin=bot_admin,
            )
        except NotAdminError:
            text = _("Only an admin of the office can link this group to it.")
        except GroupLinkedElsewhereError:
            text = _(
                "This group is already linked to another office. An admin of that office "
                "must remove SOP Bot from the group first."
            )
        except ChooseOfficeError as exc:
            if exc.office_ids:
                ids = ", ".join(str(i) for i in exc.office_ids)
                text = _(
                    "You administer several offices. Send /hubungkan followed by the office "
                    "number: {ids}."
                ).format(ids=ids)
            else:
                text = _("Only an office admin can link this group. You administer no office.")
        else:
            text = _(
                "This group is now linked to {office}. It will get one line when a run starts "
                "or finishes, the list of overdue tasks and the morning digest; task content "
                "stays in private chats."
            ).format(office=linked.office_name)
        await message.reply_text(text)


async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from (or left) a group: the office forgets the link."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in _GONE:
        return
    office_id = await unlink_group(unit_of_work(context), chat_id=change.chat.id, at=now(context))
    if office_id is not None:
        logger.info("office %s: group %s unlinked (bot removed)", office_id, change.chat.id)


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its link (and queued messages) follow the new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    office_id = await move_group(
        unit_of_work(context),
        old_chat_id=message.chat.id,
        new_chat_id=message.migrate_to_chat_id,
        at=now(context),
    )
    if office_id is not None:
        logger.info(
            "office %s: group %s moved to %s",
            office_id,
            message.chat.id,
            message.migrate_to_chat_id,
        )


def register(application: TelegramApp) -> None:
    """Add the group's handlers and /pengingat, /pengaturan (group 0, before "unknown command")."""
    groups, private = filters.ChatType.GROUPS, filters.ChatType.PRIVATE
    for names, callback in (
        (["pengingat", "reminders"], reminders_command),
        (["pengaturan", "settings"], settings_command),
    ):
        application.add_handler(CommandHandler(names, callback, filters=private), group=0)
    application.add_handler(CommandHandler("hubungkan", link_command, filters=groups), group=0)
    application.add_handler(
        ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER), group=0
    )
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration), group=0)
