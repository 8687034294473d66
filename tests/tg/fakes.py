"""A fake Bot API for the real PTB Application: it records every call and answers it.

A chat can be made to fail the way Telegram fails: ``block(chat)`` (403 Forbidden,
the user blocked the bot), ``flood(chat, retry_after, times)`` (429), ``bad_request``
(400) and ``network_down(chat, times)`` (no answer at all).
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "SOP Bot", "username": "sop_test_bot"}


@dataclass
class Call:
    """One Bot API call: the method name, its parameters, and whether Telegram accepted it."""

    method: str
    params: dict[str, Any]
    ok: bool = True


@dataclass
class Failure:
    """How Telegram refuses a call to a chat: an HTTP status and its description."""

    status: int
    description: str
    retry_after: int | None = None
    # How many calls fail; None: every call from now on.
    times: int | None = 1
    network: bool = False
    # Accepted, but the answer comes this many seconds late.
    stall: float = 0.0


@dataclass
class _Chats:
    failures: dict[int, list[Failure]] = field(default_factory=lambda: defaultdict(list))


class FakeBotApi(BaseRequest):
    """Answer Bot API calls as Telegram would, and remember every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.next_message_id = 1000
        self._chats = _Chats()

    # -- making chats fail --------------------------------------------------------------

    def fail(self, chat_id: int, failure: Failure) -> None:
        """Make the next call(s) to ``chat_id`` fail (failures are used in order)."""
        self._chats.failures[chat_id].append(failure)

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every later call to the chat gets 403 Forbidden."""
        self.fail(chat_id, Failure(403, "Forbidden: bot was blocked by the user", times=None))

    def unblock(self, chat_id: int) -> None:
        self._chats.failures.pop(chat_id, None)

    def flood(self, chat_id: int, *, retry_after: int, times: int = 1) -> None:
        """Flood control: 429 Too Many Requests with ``retry_after`` seconds, ``times`` times."""
        self.fail(
            chat_id,
            Failure(429, "Too Many Requests: retry later", retry_after=retry_after, times=times),
        )

    def bad_request(self, chat_id: int, description: str, *, times: int | None = 1) -> None:
        self.fail(chat_id, Failure(400, f"Bad Request: {description}", times=times))

    def network_down(self, chat_id: int, *, times: int = 1) -> None:
        """Calls to the chat get no answer (a connection error), ``times`` times."""
        self.fail(chat_id, Failure(0, "connection reset", times=times, network=True))

    def stall(self, chat_id: int, *, seconds: float, times: int = 1) -> None:
        """Telegram accepts the call to the chat but answers ``seconds`` late."""
        self.fail(chat_id, Failure(200, "", times=times, stall=seconds))

    def _failure_for(self, params: dict[str, Any]) -> Failure | None:
        chat = params.get("chat_id")
        try:
            queue = self._chats.failures.get(int(chat)) if chat is not None else None
        except (TypeError, ValueError):
            return None
        if not queue:
            return None
        failure = queue[0]
        if failure.times is not None:
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
        return failure

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
        failure = self._failure_for(params)
        if failure is not None and failure.stall:
            self.calls.append(Call(name, params))
            await asyncio.sleep(failure.stall)
            return 200, json.dumps({"ok": True, "result": self.result(name, params)}).encode()
        self.calls.append(Call(name, params, ok=failure is None))
        if failure is not None:
            if failure.network:
                raise NetworkError(failure.description)
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return failure.status, json.dumps(body).encode()
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
        if method in {"sendDocument", "sendPhoto"}:
            self.next_message_id += 1
            message = self._message(params)
            if method == "sendDocument":
                message["document"] = {"file_id": params["document"], "file_unique_id": "u"}
            else:
                message["photo"] = [
                    {"file_id": params["photo"], "file_unique_id": "u", "width": 1, "height": 1}
                ]
            if "caption" in params:
                message["caption"] = params["caption"]
            return message
        if method == "editMessageText":
            message = self._message(params)
            message["message_id"] = params["message_id"]
            message["text"] = params["text"]
            return message
        if method == "getUpdates":
            return []
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "message_id": self.next_message_id,
            "date": 1_767_225_600,
            "chat": {"id": params["chat_id"], "type": "private"},
            "from": BOT_USER,
        }

    def sent(self, method: str = "sendMessage") -> list[Call]:
        """Return the recorded calls of one method."""
        return [call for call in self.calls if call.method == method]

    def accepted(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        """Calls Telegram accepted (of one method, to one chat), in order."""
        return [
            call
            for call in self.calls
            if call.ok
            and (method is None or call.method == method)
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]


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
