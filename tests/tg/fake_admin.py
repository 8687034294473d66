"""Test helpers for the admin handlers: button presses, a settable clock, handler order."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from bot.tg import admin
from bot.tg.admin_invite import accept_invite_link
from bot.tg.app import TelegramApp
from tests.tg.fakes import BOT_USER

_update_ids = itertools.count(10_000)


class SettableClock:
    """The application's clock; tests move it forward by assigning ``now``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _user(user_id: int, first_name: str, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def message_update(
    text: str,
    *,
    user_id: int,
    first_name: str = "Sari",
    language_code: str | None = "id",
    chat_type: str = "private",
) -> dict[str, Any]:
    """The JSON of an Update with a command typed by ``user_id`` (private chat or a group)."""
    chat_id = user_id if chat_type == "private" else -100_123
    command = text.split()[0]
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": 1_767_225_600,
            "chat": {"id": chat_id, "type": chat_type, "title": "Kantor"}
            if chat_type != "private"
            else {"id": chat_id, "type": "private", "first_name": first_name},
            "from": _user(user_id, first_name, language_code),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


def button_update(
    data: str,
    *,
    user_id: int,
    first_name: str = "Sari",
    language_code: str | None = "id",
    message_id: int = 500,
) -> dict[str, Any]:
    """The JSON of an Update with a press on an inline button under message ``message_id``."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _user(user_id, first_name, language_code),
            "chat_instance": "42",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1_767_225_600,
                "chat": {"id": user_id, "type": "private", "first_name": first_name},
                "from": BOT_USER,
                "text": "…",
            },
        },
    }


def install_admin_handlers(application: TelegramApp) -> None:
    """Put the admin handlers first in group 0, as ``handlers.register`` is to do.

    Idempotent: once the lead wires ``admin.register`` into ``handlers.register``
    this leaves the application as it is.
    """
    current = list(application.handlers.get(0, []))
    if any(getattr(handler, "callback", None) is accept_invite_link for handler in current):
        return
    for handler in current:
        application.remove_handler(handler, 0)
    admin.register(application)
    for handler in current:
        application.add_handler(handler, 0)
