"""`sopbot run` as a real process, polling a Bot API stub over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.tg.fakes import BOT_USER, TOKEN, command_update

REPO = Path(__file__).resolve().parents[2]
DEADLINE = 30.0


class StubBotApi(ThreadingHTTPServer):
    """A Bot API server that delivers one /start update, then records the bot's calls."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.pending = [command_update("/start", language_code="id", first_name="Sari")]
        self.lock = threading.Lock()
        self.replied = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore the bot hanging up in the middle of a long poll when it stops."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        """Record one call and return its result."""
        with self.lock:
            self.calls.append((method, params))
            if method == "getMe":
                return BOT_USER
            if method == "getUpdates":
                delivered, self.pending = self.pending, []
                return delivered
            if method == "sendMessage":
                self.replied.set()
                return {
                    "message_id": 2,
                    "date": 1_767_225_600,
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "text": params["text"],
                }
            return True


class _Handler(BaseHTTPRequestHandler):
    server: StubBotApi

    def do_POST(self) -> None:
        token, _slash, method = self.path.removeprefix("/bot").partition("/")
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        # PTB sends form fields whose values are JSON.
        params = {key: _json(values[0]) for key, values in parse_qs(body).items()}
        if token != TOKEN:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        result = self.server.answer(method, params)
        if method == "getUpdates" and not result:
            time.sleep(0.2)  # an empty long poll; keeps the bot from spinning
        self._reply(200, {"ok": True, "result": result})

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the test reads the recorded calls instead."""


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.fixture
def stub() -> Iterator[StubBotApi]:
    server = StubBotApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_sopbot_run_answers_start_and_stops_on_sigint(stub: StubBotApi, tmp_path: Path) -> None:
    port = stub.server_address[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEFAULT_LOCALE", "SOPS_DIR", "TIMEZONE"}
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot",
        PYTHONPATH=str(REPO),
        NO_PROXY="127.0.0.1,localhost",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,  # no .env from the developer's checkout
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        replied = stub.replied.wait(DEADLINE)
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=DEADLINE)
    assert replied, output
    assert process.returncode == 0, output
    methods = [method for method, _params in stub.calls]
    assert methods[0] == "getMe"
    assert "setMyCommands" in methods
    [reply] = [params for method, params in stub.calls if method == "sendMessage"]
    assert reply["chat_id"] == 42
    assert reply["text"].startswith("Selamat datang, Sari!")
    assert TOKEN not in output  # the token must not reach the logs
