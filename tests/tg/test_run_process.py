"""`sopbot run` as a real process, polling a Bot API stub over HTTP on 127.0.0.1."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.tg.fakes import BOT_USER, TOKEN, command_update
from tests.tg.process_stub import REPO, bot_env, form_params, launch, reply_json

DEADLINE = 30.0


class StubBotApi(ThreadingHTTPServer):
    """A Bot API server that delivers one /start update, then records the bot's calls."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.token = TOKEN
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
        params = form_params(self)
        if token != self.server.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        result = self.server.answer(method, params)
        if method == "getUpdates" and not result:
            time.sleep(0.2)  # an empty long poll; keeps the bot from spinning
        self._reply(200, {"ok": True, "result": result})

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        reply_json(self, payload, status)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the test reads the recorded calls instead."""


def _serve(port: int = 0) -> StubBotApi:
    server = StubBotApi(port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def stub() -> Iterator[StubBotApi]:
    server = _serve()
    yield server
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a `sopbot run` in tmp_path: the seed SOPs, a fresh SQLite file."""
    return bot_env(SOPS_DIR=str(REPO / "sops"), SOPBOT_LANG="en", **settings)


def _start(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return launch(["run"], tmp_path, env)  # in tmp_path: no .env from the developer's checkout


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=DEADLINE)
    return output


def _failed_start(tmp_path: Path, **settings: str) -> list[str]:
    """Run `sopbot run` that must stop by itself with exit 1; return its output lines."""
    process = _start(tmp_path, _env(tmp_path, **settings))
    output, _ = process.communicate(timeout=DEADLINE)
    assert process.returncode == 1, output
    _assert_clean(output)
    return [line for line in output.splitlines() if line.strip()]


def _assert_clean(output: str) -> None:
    """No traceback, and the token (or its secret half) nowhere."""
    assert "Traceback" not in output, output
    assert TOKEN not in output, output
    assert TOKEN.partition(":")[2] not in output, output


def _assert_answered(stub: StubBotApi, process: subprocess.Popen[str]) -> str:
    try:
        replied = stub.replied.wait(DEADLINE)
    finally:
        output = _stop(process)
    assert replied, output
    assert process.returncode == 0, output
    [reply] = [params for method, params in stub.calls if method == "sendMessage"]
    assert reply["chat_id"] == 42
    assert reply["text"].startswith("Selamat datang, Sari!")
    _assert_clean(output)
    return output


def _health(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "health"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )


def test_sopbot_run_answers_start_is_healthy_and_stops_on_sigint(
    stub: StubBotApi, tmp_path: Path
) -> None:
    port = stub.server_address[1]
    # Without /bot: the setting is completed.
    env = _env(tmp_path, TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/")
    process = _start(tmp_path, env)
    assert stub.replied.wait(DEADLINE) or process.poll() is not None
    # The heartbeat recorded the contact with the Bot API: the health check passes.
    health = _health(tmp_path, env)
    for _retry in range(10):
        if health.returncode == 0:
            break
        time.sleep(0.5)
        health = _health(tmp_path, env)
    _assert_answered(stub, process)
    assert health.returncode == 0, health.stdout + health.stderr
    assert "Healthy" in health.stdout
    methods = [method for method, _params in stub.calls]
    assert methods[0] == "getMe"
    assert "setMyCommands" in methods


def test_an_unreachable_bot_api_is_retried_one_line_per_attempt(tmp_path: Path) -> None:
    port = _free_port()
    env = _env(tmp_path, TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot")
    process = _start(tmp_path, env)
    assert process.stdout is not None
    attempts = []
    watchdog = threading.Timer(DEADLINE, process.kill)  # never hang on a silent process
    watchdog.start()
    try:
        while len(attempts) < 2:  # the first waits 1 s, the second 2 s
            line = process.stdout.readline()
            assert line, "the bot stopped instead of retrying"
            if "Bot API not reachable" in line:
                attempts.append(line)
    finally:
        watchdog.cancel()
    server = _serve(port)  # the network is back
    try:
        rest = _assert_answered(server, process)
    finally:
        server.shutdown()
        server.server_close()
    for number, line in enumerate(attempts, start=1):
        assert f"(attempt {number})" in line
        _assert_clean(line)
    assert "Traceback" not in rest


def test_a_rejected_token_is_one_line_without_the_token(stub: StubBotApi, tmp_path: Path) -> None:
    port = stub.server_address[1]
    stub.token = "987654321:ZZHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9"  # the stub knows another bot
    lines = _failed_start(tmp_path, TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot")
    [line] = [line for line in lines if "rejected TELEGRAM_BOT_TOKEN" in line]
    assert f"http://127.0.0.1:{port}/bot" in line
    assert lines[-1] == line


def test_a_token_pasted_into_the_base_url_is_refused_without_repeating_it(
    tmp_path: Path,
) -> None:
    lines = _failed_start(tmp_path, TELEGRAM_BASE_URL=f"https://api.telegram.org/bot{TOKEN}")
    assert len(lines) == 1, lines
    assert "TELEGRAM_BASE_URL" in lines[0]
    assert "without the token" in lines[0]


def test_an_unreadable_database_url_is_one_line(tmp_path: Path) -> None:
    # The other bad URLs are checked in-process: tests/cli/test_cli_run.py.
    lines = _failed_start(tmp_path, DATABASE_URL="mysql://sop:rahasia@127.0.0.1/sopbot")
    assert len(lines) == 1, lines
    assert "DATABASE_URL" in lines[0]
    assert "'mysql' is not supported" in lines[0]
    assert "rahasia" not in lines[0]
