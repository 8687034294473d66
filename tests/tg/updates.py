"""JSON of the updates a person's Telegram sends: text, commands, presses, files."""

from __future__ import annotations

import itertools
from typing import Any

DATE = 1_767_225_600
_ids = itertools.count(10_000)


def _user(user_id: int, first_name: str, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def _chat(user_id: int, first_name: str, group: bool) -> dict[str, Any]:
    if group:
        return {"id": -1001, "type": "supergroup", "title": "Kantor"}
    return {"id": user_id, "type": "private", "first_name": first_name}


def message_update(
    *,
    user_id: int,
    first_name: str = "Sari",
    language_code: str | None = "id",
    text: str | None = None,
    document: dict[str, Any] | None = None,
    photo: list[dict[str, Any]] | None = None,
    reply_to: dict[str, Any] | None = None,
    group: bool = False,
) -> dict[str, Any]:
    """An Update with one message: text (a command when it starts with '/') or a file."""
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": DATE,
        "chat": _chat(user_id, first_name, group),
        "from": _user(user_id, first_name, language_code),
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    if document is not None:
        message["document"] = document
    if photo is not None:
        message["photo"] = photo
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return {"update_id": next(_ids), "message": message}


def document(
    name: str, *, size: int = 48_213, mime_type: str = "application/pdf"
) -> dict[str, Any]:
    """A document as Telegram describes it (ids derived from the name)."""
    return {
        "file_id": f"BQACAgIAAx-{name}",
        "file_unique_id": f"AgAD-{name}"[:32],
        "file_name": name,
        "mime_type": mime_type,
        "file_size": size,
    }


def photo(tag: str, *, size: int = 120_000) -> list[dict[str, Any]]:
    """A photo in two sizes; the bot keeps the largest."""
    return [
        {"file_id": f"small-{tag}", "file_unique_id": f"s-{tag}", "width": 90, "height": 90},
        {
            "file_id": f"AgACAgIAAx-{tag}",
            "file_unique_id": f"p-{tag}",
            "width": 1280,
            "height": 960,
            "file_size": size,
        },
    ]


def bot_message(
    *,
    chat_id: int,
    text: str,
    reply_markup: dict[str, Any] | None = None,
    reply_to: dict[str, Any] | None = None,
    message_id: int | None = None,
) -> dict[str, Any]:
    """A message the bot sent (as it comes back inside a callback query or a reply)."""
    message: dict[str, Any] = {
        "message_id": message_id or next(_ids),
        "date": DATE,
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": 123456789, "is_bot": True, "first_name": "SOP Bot"},
        "text": text,
    }
    if reply_markup is not None:
        message["reply_markup"] = reply_markup
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return message


def callback_update(
    *,
    user_id: int,
    data: str,
    first_name: str = "Sari",
    language_code: str | None = "id",
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Update for a press on an inline button of ``message``."""
    shown = message or bot_message(
        chat_id=user_id,
        text="…",
        reply_markup={"inline_keyboard": [[{"text": "·", "callback_data": data}]]},
    )
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": _user(user_id, first_name, language_code),
            "chat_instance": "ci",
            "data": data,
            "message": shown,
        },
    }
