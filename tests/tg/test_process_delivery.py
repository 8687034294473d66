"""`sopbot run` killed with SIGKILL between a committed action and its delivery.

The office, its people and a run whose next card is waiting in the outbox are written
straight into the database file; then `sopbot run` is started as a process against a
Bot API stub on 127.0.0.1. The stub holds the card's sendMessage, the process is killed
(SIGKILL: no clean-up), and a second process is started on the same database.

- Killed before Telegram accepted the card: after the restart the card arrives once.
- Killed after Telegram accepted it but before the outbox was marked: the restarted
  process sends it once more, so it arrives exactly twice, never three times, and
  it is never lost (the issue allows one re-send after a crash).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.services import add_person, complete_task, create_office, grant_role, publish_sop
from bot.services import start_run as start_run_service
from bot.sop.model import Sop
from bot.store import (
    Delivery,
    OutboxState,
    SqlUnitOfWork,
    make_engine,
    session_factory,
    upgrade,
)
from tests.tg.fakes import BOT_USER, TOKEN
from tests.tg.process_stub import bot_env, form_params, launch, peer_gone, reply_json, wait_for

DEADLINE = 40.0
LEASE_SECONDS = 2
SARI, BUDI = 2002, 2003
SOP = {
    "kode": "surat-masuk",
    "identitas": {"nama": "Penanganan Surat Masuk"},
    "peran": {"staf": "Staf Tata Usaha", "kasubag": "Kepala Subbagian"},
    "langkah": [
        {"nomor": 1, "uraian": "Mencatat surat masuk", "pelaksana": "staf", "waktu": "15 menit"},
        {"nomor": 2, "uraian": "Menelaah surat", "pelaksana": "kasubag", "waktu": "1 jam"},
    ],
}


class HoldingStub(ThreadingHTTPServer):
    """A Bot API that holds the first sendMessage to one chat until the test releases it.

    ``accept_first``: Telegram accepts the held message when it arrives (the answer is
    what is held); otherwise it accepts it only if the sender is still connected when
    the hold ends, as Telegram never sees a request whose sender died mid-way.
    """

    def __init__(self, *, held_chat: int, accept_first: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.held_chat = held_chat
        self.accept_first = accept_first
        self.holds_left = 1
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.accepted: list[tuple[str, dict[str, Any], int]] = []
        self.next_id = 500

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed bot hangs up in the middle of requests; that is the point here."""
        if not isinstance(sys.exc_info()[1], ConnectionError | OSError):
            super().handle_error(request, client_address)

    def accept(self, method: str, params: dict[str, Any]) -> Any:
        with self.lock:
            if method == "getMe":
                return BOT_USER
            if method == "getUpdates":
                return []
            if method != "sendMessage":
                return True
            self.next_id += 1
            self.accepted.append((method, params, self.next_id))
            return {
                "message_id": self.next_id,
                "date": 1_767_225_600,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params["text"],
            }

    def cards_to(self, chat: int) -> list[int]:
        """Message ids Telegram gave the messages it accepted for ``chat``."""
        with self.lock:
            return [mid for _m, params, mid in self.accepted if int(params["chat_id"]) == chat]


class _Handler(BaseHTTPRequestHandler):
    server: HoldingStub

    def do_POST(self) -> None:
        token, _slash, method = self.path.removeprefix("/bot").partition("/")
        params = form_params(self)
        if token != TOKEN:
            self._reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
            return
        if method == "sendMessage" and self._hold(params):
            return
        result = self.server.accept(method, params)
        if method == "getUpdates":
            time.sleep(0.2)  # an empty long poll
        self._reply({"ok": True, "result": result})

    def _hold(self, params: dict[str, Any]) -> bool:
        """Hold this request if it is the one to hold; True when it was dropped."""
        stub = self.server
        with stub.lock:
            if int(params.get("chat_id", 0)) != stub.held_chat or stub.holds_left == 0:
                return False
            stub.holds_left -= 1
        result = stub.accept("sendMessage", params) if stub.accept_first else None
        stub.holding.set()
        stub.release.wait(DEADLINE)
        if stub.accept_first:
            self._reply({"ok": True, "result": result})
            return True
        # A sender that died never got its message to Telegram.
        return peer_gone(self.connection)

    def _reply(self, payload: dict[str, Any], status: int = 200) -> None:
        reply_json(self, payload, status)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads what was accepted."""


async def _prepare(url: str) -> str:
    """Office, two people, and a run whose step 1 was just completed: Budi's card waits."""
    await upgrade(url)
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(session_factory(engine))
        at = datetime.now(UTC) - timedelta(minutes=5)
        office = await create_office(uow, name="Badan Kepegawaian Daerah", at=at)
        sari = await add_person(uow, display_name="Sari", at=at, telegram_user_id=SARI)
        budi = await add_person(uow, display_name="Budi", at=at, telegram_user_id=BUDI)
        await grant_role(uow, office_id=office.id, person_id=sari.id, role_key="staf", at=at)
        await grant_role(uow, office_id=office.id, person_id=budi.id, role_key="kasubag", at=at)
        await publish_sop(uow, office_id=office.id, sop=Sop.model_validate(SOP), at=at)
        run = await start_run_service(
            uow, office_id=office.id, sop_key="surat-masuk", by=sari.id, at=at
        )
        run_id = run.state.run_id
        # Sari's card, and then the edit of it, went out in an earlier life of the bot.
        assert await _mark_sent(uow, at, limit=10) == ["task_card"]
        await complete_task(uow, run_id=run_id, task_no=1, by=sari.id, at=at + timedelta(minutes=1))
        assert await _mark_sent(uow, at + timedelta(minutes=1), limit=1) == ["card_update"]
        return run_id
    finally:
        await engine.dispose()


async def _mark_sent(uow: SqlUnitOfWork, at: datetime, *, limit: int) -> list[str]:
    """Deliver (on paper) the oldest due messages; return their kinds."""
    async with uow:
        claimed = await uow.outbox.claim(limit=limit, token="setup", at=at, lease=timedelta(0))
        done = [Delivery(outbox_id=m.id, state=OutboxState.SENT) for m in claimed]
        await uow.outbox.finish(token="setup", deliveries=done, at=at)
        await uow.commit()
    return [m.kind for m in claimed]


async def _outbox_and_cards(url: str, run_id: str) -> tuple[list[Any], list[Any]]:
    engine = make_engine(url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            messages = await uow.outbox.messages(run_id=run_id)
            cards = await uow.task_messages.of_runs([run_id])
        return messages, list(cards.values())
    finally:
        await engine.dispose()


def _launch(stub: HoldingStub, workdir: Path, url: str) -> subprocess.Popen[str]:
    port = stub.server_address[1]
    env = bot_env(
        TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot",
        DATABASE_URL=url,
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return launch(["run"], workdir, env)


@pytest.fixture(params=[False, True], ids=["killed-before-telegram-accepted", "killed-before-mark"])
def stub(request: pytest.FixtureRequest) -> Iterator[HoldingStub]:
    server = HoldingStub(held_chat=BUDI, accept_first=request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def test_a_card_survives_sigkill_and_arrives_at_most_once_more(
    stub: HoldingStub, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sopbot.db'}"
    run_id = asyncio.run(_prepare(url))

    first = _launch(stub, tmp_path, url)
    try:
        assert stub.holding.wait(DEADLINE), "the card was never sent"
        # The card's claim is committed and its sendMessage is out: kill without clean-up.
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=DEADLINE)
    finally:
        if first.poll() is None:
            first.kill()
    stub.release.set()
    assert len(stub.cards_to(BUDI)) == (1 if stub.accept_first else 0)
    messages, _cards = asyncio.run(_outbox_and_cards(url, run_id))
    [card] = [m for m in messages if m.kind == "task_card" and m.payload["task_no"] == 2]
    assert card.state is OutboxState.PENDING and card.attempts == 1  # claimed, never marked

    second = _launch(stub, tmp_path, url)
    try:
        expected = 2 if stub.accept_first else 1
        delivered = wait_for(lambda: len(stub.cards_to(BUDI)) >= expected, DEADLINE)
        # Longer than a lease more: a third copy would have gone out by now.
        time.sleep(LEASE_SECONDS + 1.5)
    finally:
        second.send_signal(signal.SIGINT)
        output, _ = second.communicate(timeout=DEADLINE)
    assert delivered, output
    assert second.returncode == 0, output
    received = stub.cards_to(BUDI)
    assert len(received) == expected, output
    messages, cards = asyncio.run(_outbox_and_cards(url, run_id))
    [card] = [m for m in messages if m.kind == "task_card" and m.payload["task_no"] == 2]
    assert card.state is OutboxState.SENT and card.attempts == 2
    # The card that can be edited later is the one Telegram accepted last.
    [budi_card] = [c for c in cards if c.chat_id == BUDI]
    assert budi_card.message_id == received[-1]
    assert TOKEN not in output
