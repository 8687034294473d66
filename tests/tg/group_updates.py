"""Updates from an office group: commands, the bot removed, a supergroup migration."""

from __future__ import annotations

import itertools
from typing import Any

from tests.tg.updates import DATE

GROUP = -4001
SUPERGROUP = -1004001
_ids = itertools.count(50_000)
_BOT = {"id": 999, "is_bot": True, "first_name": "SOP Bot", "username": "sop_bot"}


def _chat(chat_id: int) -> dict[str, Any]:
    kind = "supergroup" if chat_id < -1_000_000_000 else "group"
    return {"id": chat_id, "type": kind, "title": "Kantor BPPD"}


def group_command(*, chat_id: int, user_id: int, name: str, text: str) -> dict[str, Any]:
    """A command typed into a group."""
    command = text.split()[0]
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": DATE,
            "chat": _chat(chat_id),
            "from": {"id": user_id, "is_bot": False, "first_name": name, "language_code": "id"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


def bot_removed(*, chat_id: int, by: int) -> dict[str, Any]:
    """Telegram's my_chat_member update when someone removes the bot from a group."""
    return {
        "update_id": next(_ids),
        "my_chat_member": {
            "chat": _chat(chat_id),
            "from": {"id": by, "is_bot": False, "first_name": "Admin"},
            "date": DATE,
            "old_chat_member": {"user": _BOT, "status": "member"},
            "new_chat_member": {"user": _BOT, "status": "left"},
        },
    }


def migrated(*, old_chat_id: int, new_chat_id: int) -> dict[str, Any]:
    """The service message in the old group when it becomes a supergroup."""
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": DATE,
            "chat": _chat(old_chat_id),
            "from": {"id": 1, "is_bot": False, "first_name": "Admin"},
            "migrate_to_chat_id": new_chat_id,
        },
    }
