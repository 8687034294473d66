"""A fake Bot API for the real PTB Application: it records every call and answers it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from telegram.request import BaseRequest, RequestData

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "SOP Bot", "username": "sop_test_bot"}


@dataclass
class Call:
    """One Bot API call: the method name and its parameters."""

    method: str
    params: dict[str, Any]


class FakeBotApi(BaseRequest):
    """Answer Bot API calls as Telegram would, and remember every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.next_message_id = 1000

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open: no network."""

    async def shutdown(self) -> None:
        """Nothing to close: no network."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Record the call and return Telegram's JSON envelope around a plausible result."""
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(Call(name, params))
        return 200, json.dumps({"ok": True, "result": self.result(name, params)}).encode()

    def result(self, method: str, params: dict[str, Any]) -> Any:
        """Return what Telegram returns for ``method``."""
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            self.next_message_id += 1
            return {
                "message_id": self.next_message_id,
                "date": 1_767_225_600,
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
        if method == "getUpdates":
            return []
        return True

    def sent(self, method: str = "sendMessage") -> list[Call]:
        """Return the recorded calls of one method."""
        return [call for call in self.calls if call.method == method]


def command_update(
    text: str, language_code: str | None = "id", user_id: int = 42, first_name: str = "Sari"
) -> dict[str, Any]:
    """Return the JSON of an Update carrying a command typed in a private chat."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    command = text.split()[0]
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_767_225_600,
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }
