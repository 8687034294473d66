"""What the process-level tests share: reading PTB's requests, answering them, waiting.

And ``BotApiStub``: a Bot API on 127.0.0.1 that hands out the updates a test pushes
(confirmed by getUpdates' offset, as Telegram does), records every call with what it
answered, and can hold one matching request until the test releases it.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from tests.tg.fakes import BOT_USER, TOKEN

REPO = Path(__file__).resolve().parents[2]
DATE = 1_767_225_600


def json_value(value: str) -> Any:
    """A form field PTB sent: JSON when it is JSON, else the plain string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def form_params(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    """The parameters of a Bot API call (PTB posts form fields whose values are JSON)."""
    body = handler.rfile.read(int(handler.headers.get("Content-Length", 0))).decode()
    return {key: json_value(values[0]) for key, values in parse_qs(body).items()}


def reply_json(handler: BaseHTTPRequestHandler, payload: dict[str, Any], status: int = 200) -> None:
    """Answer the request with ``payload`` as JSON."""
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def peer_gone(connection: socket.socket) -> bool:
    """Whether the client hung up (a killed process closes its sockets)."""
    readable, _w, _x = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def wait_for(condition: Callable[[], Any], timeout: float) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def bot_env(**settings: str) -> dict[str, str]:
    """The environment of a `sopbot` process: this checkout, the test token, no proxy."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEFAULT_LOCALE", "SOPS_DIR", "TIMEZONE", "LANG"}
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        PYTHONPATH=str(REPO),
        NO_PROXY="127.0.0.1,localhost",
    )
    env.update(settings)
    return env


def launch(args: list[str], workdir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``sopbot ARGS`` in ``workdir`` (no .env from the developer's checkout)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@dataclass
class Call:
    """One Bot API call and what the stub answered (None: never accepted)."""

    method: str
    params: dict[str, Any]
    result: Any = None

    @property
    def chat(self) -> int | None:
        chat = self.params.get("chat_id")
        return None if chat is None else int(chat)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline buttons the bot attached to this message."""
        markup = self.params.get("reply_markup")
        if not isinstance(markup, dict):
            return []
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def message(self) -> dict[str, Any]:
        """The message as Telegram shows it afterwards (inside a button press)."""
        assert isinstance(self.result, dict), self
        return self.result


@dataclass
class Hold:
    """A request to hold: the first call matching ``matches`` waits for ``release``."""

    matches: Callable[[Call], bool]
    holding: threading.Event
    release: threading.Event
    # Set once the held call was answered or dropped; ``dropped``: its sender had gone.
    settled: threading.Event
    dropped: bool = False


class BotApiStub(ThreadingHTTPServer):
    """A Bot API that hands out pushed updates and records (and may hold) the bot's calls."""

    def __init__(self, *, hold_timeout: float = 60.0) -> None:
        super().__init__(("127.0.0.1", 0), _StubHandler)
        self.lock = threading.Condition()
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.files: dict[str, dict[str, Any]] = {}
        self.hold: Hold | None = None
        self.hold_timeout = hold_timeout
        self.next_id = 500

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed or stopping bot hangs up in the middle of requests: expected here."""
        if not isinstance(sys.exc_info()[1], ConnectionError | OSError):
            super().handle_error(request, client_address)

    def push(self, update: dict[str, Any]) -> None:
        """Make ``update`` the next one getUpdates hands out."""
        with self.lock:
            self.updates.append(update)
            self.lock.notify_all()

    def hold_next(self, matches: Callable[[Call], bool]) -> Hold:
        """Hold the next call for which ``matches`` is true until ``release`` is set."""
        hold = Hold(matches, threading.Event(), threading.Event(), threading.Event())
        with self.lock:
            self.hold = hold
        return hold

    def accepted(self, method: str | None = None, chat: int | None = None) -> list[Call]:
        """The calls the stub answered, optionally of one method and to one chat."""
        with self.lock:
            return [
                call
                for call in self.calls
                if call.result is not None
                and (method is None or call.method == method)
                and (chat is None or call.chat == chat)
            ]

    def take_hold(self, call: Call) -> Hold | None:
        """The armed hold when ``call`` is the one it waits for (it is then used up)."""
        with self.lock:
            hold = self.hold
            if hold is None or not hold.matches(call):
                return None
            self.hold = None
            return hold

    def answer(self, call: Call) -> Any:
        """Record ``call`` as accepted and return Telegram's result for it."""
        with self.lock:
            if call.method == "getUpdates":
                return self._updates(call.params)
            call.result = self._result(call)
            self.calls.append(call)
            return call.result

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Unconfirmed updates from ``offset`` on; an empty poll waits a moment for one."""
        offset = int(params.get("offset") or 0)
        # Telegram forgets an update once a later offset confirmed it.
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self.lock.wait(0.3)
        return list(self.updates)

    def _message(self, chat: int, **content: Any) -> dict[str, Any]:
        self.next_id += 1
        return {
            "message_id": self.next_id,
            "date": DATE,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": BOT_USER["id"], "is_bot": True, "first_name": BOT_USER["first_name"]},
            **content,
        }

    def _result(self, call: Call) -> Any:
        method, params = call.method, call.params
        markup = {"reply_markup": params["reply_markup"]} if "reply_markup" in params else {}
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return self._message(int(params["chat_id"]), text=params["text"], **markup)
        if method == "editMessageText":
            chat = int(params.get("chat_id") or 0)
            return {
                **self._message(chat, text=params["text"], **markup),
                "message_id": int(params.get("message_id") or 0),
            }
        if method == "sendDocument":
            known = self.files.get(str(params["document"]), {"file_id": params["document"]})
            return self._message(int(params["chat_id"]), document=known, caption="")
        if method == "getFile":
            known = self.files[str(params["file_id"])]
            return {**known, "file_path": f"documents/{known['file_name']}"}
        return True


class _StubHandler(BaseHTTPRequestHandler):
    server: BotApiStub

    def do_POST(self) -> None:
        token, _slash, method = self.path.removeprefix("/bot").partition("/")
        call = Call(method, form_params(self))
        if token != TOKEN:
            reply_json(self, {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
            return
        hold = self.server.take_hold(call)
        if hold is not None:
            hold.holding.set()
            hold.release.wait(self.server.hold_timeout)
            # Telegram never sees a request whose sender died before it got there.
            hold.dropped = peer_gone(self.connection)
            if not hold.dropped:
                self.server.answer(call)
            hold.settled.set()
            if hold.dropped:
                return
            reply_json(self, {"ok": True, "result": call.result})
            return
        reply_json(self, {"ok": True, "result": self.server.answer(call)})

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read the recorded calls."""
