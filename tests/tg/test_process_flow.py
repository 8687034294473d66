"""The whole way from an invite to the next person's card, with `sopbot` as real processes.

An admin sets the office up with the CLI (`sopbot office create`, `sopbot office sops`,
`sopbot invite`) on the database `sopbot run` uses; everything after that happens
through Telegram updates the Bot API stub hands out: the invitees open their links
(/start <token>), Sari starts the SOP with /mulai, presses the buttons of the bot's own
messages, uploads the step's document and confirms, and Budi's card arrives. When Budi
finishes his step, the stub holds the sendMessage of Sari's next card and the bot is
killed with SIGKILL while the card's claim is committed and not yet marked: Telegram
never accepted it. A second `sopbot run` on the same database delivers it exactly once.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.store import OutboxMessage, OutboxState, SqlUnitOfWork, make_engine, session_factory
from bot.tg.callbacks import decode_task_button
from tests.tg.fakes import BOT_USER, TOKEN
from tests.tg.process_stub import BotApiStub, Call, bot_env, launch, wait_for
from tests.tg.updates import callback_update, document, message_update

DEADLINE = 30.0
# Short, so that the restarted bot takes over the dead one's claim soon; a send may take
# half of it, long enough for the test to kill the bot while the card is held.
LEASE_SECONDS = 4
SARI, BUDI = 3101, 3102
OFFICE = "Bagian Umum Sekretariat Daerah"
SOP_YAML = """\
kode: surat-masuk
identitas:
  nama: Penanganan Surat Masuk
peran:
  staf: Staf Tata Usaha
  kasubag: Kepala Subbagian Umum
langkah:
  - nomor: 1
    uraian: Mencatat surat masuk di buku agenda
    pelaksana: staf
    waktu: 15 menit
    output: Agenda surat masuk
  - nomor: 2
    uraian: Menelaah surat dan menulis disposisi
    pelaksana: kasubag
    waktu: 1 jam
  - nomor: 3
    uraian: Mengarsipkan surat
    pelaksana: staf
    waktu: 15 menit
"""


@pytest.fixture
def stub() -> Iterator[BotApiStub]:
    server = BotApiStub(hold_timeout=DEADLINE)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    if server.hold is not None:
        server.hold.release.set()
    server.shutdown()
    server.server_close()


class Office:
    """The environment both bot processes and the admin's CLI share."""

    def __init__(self, stub: BotApiStub, workdir: Path) -> None:
        self.url = f"sqlite+aiosqlite:///{workdir / 'sopbot.db'}"
        self.workdir = workdir
        self.env = bot_env(
            DATABASE_URL=self.url,
            TELEGRAM_BASE_URL=stub.base_url,
            BOT_USERNAME=BOT_USER["username"],
            OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
            SOPBOT_LANG="en",
        )

    def cli(self, *args: str) -> str:
        """Run one admin command; it must succeed. Returns what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=self.workdir,
            env={**self.env, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def run_bot(self) -> subprocess.Popen[str]:
        return launch(["run"], self.workdir, self.env)


def _set_up_office(office: Office, sop_file: Path) -> dict[str, str]:
    """The admin's part, all through the CLI: office, SOP, one invite per role."""
    created = office.cli("office", "create", OFFICE, "--timezone", "Asia/Jakarta")
    found = re.search(r"Office (\d+) created", created)
    assert found, created
    office_id = found.group(1)
    published = office.cli("office", "sops", office_id, str(sop_file))
    assert "surat-masuk version 1 published" in published, published
    tokens = {}
    for role in ("staf", "kasubag"):
        printed = office.cli("invite", office_id, role)
        link = re.search(rf"https://t\.me/{BOT_USER['username']}\?start=(\S+)", printed)
        assert link, printed
        tokens[role] = link.group(1)
    return tokens


class Person:
    """Someone in Telegram: sends updates through the stub and waits for the bot's answers."""

    def __init__(self, stub: BotApiStub, user_id: int, name: str) -> None:
        self.stub, self.id, self.name = stub, user_id, name

    def _mark(self) -> int:
        return len(self.stub.accepted())

    def send(self, **content: Any) -> int:
        """Send a message (text or document); returns the mark to wait for answers after."""
        mark = self._mark()
        self.stub.push(message_update(user_id=self.id, first_name=self.name, **content))
        return mark

    def press(self, message: Call, label: str) -> int:
        """Press the button labelled ``label`` on a message the bot sent (or edited)."""
        [data] = [b["callback_data"] for b in message.buttons if b["text"] == label]
        mark = self._mark()
        update = callback_update(
            user_id=self.id, first_name=self.name, data=data, message=message.message()
        )
        self.stub.push(update)
        query_id = update["callback_query"]["id"]
        answered = self.next(
            mark,
            lambda call: (
                call.method == "answerCallbackQuery"
                and str(call.params["callback_query_id"]) == query_id
            ),
            to_me=False,
        )
        assert answered.params.get("show_alert") is not True, answered.params
        return mark

    def next(self, mark: int, matches: Callable[[Call], bool], *, to_me: bool = True) -> Call:
        """The first call after ``mark`` (to this person's chat) that ``matches``."""
        found: list[Call] = []

        def arrived() -> bool:
            found[:] = [
                call
                for call in self.stub.accepted()[mark:]
                if (not to_me or call.chat == self.id) and matches(call)
            ]
            return bool(found)

        assert wait_for(arrived, DEADLINE), [c.method for c in self.stub.accepted()[mark:]]
        return found[0]

    def message_with(self, mark: int, label: str, method: str = "sendMessage") -> Call:
        """The bot's next message to this person with a button labelled ``label``."""
        return self.next(
            mark,
            lambda call: call.method == method and any(b["text"] == label for b in call.buttons),
        )


def _is_card(step: int) -> Callable[[Call], bool]:
    """A task card of step ``step`` (of 3) with its buttons."""
    return lambda call: (
        call.method == "sendMessage"
        and f"Langkah {step} dari 3" in call.params["text"]
        and any(b["text"] == "Mulai" for b in call.buttons)
    )


def _cards(stub: BotApiStub, chat: int, step: int) -> list[Call]:
    return [call for call in stub.accepted("sendMessage", chat) if _is_card(step)(call)]


async def _outbox(url: str, run_id: str) -> list[OutboxMessage]:
    engine = make_engine(url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            return list(await uow.outbox.messages(run_id=run_id))
    finally:
        await engine.dispose()


def _step_card(url: str, run_id: str, task_no: int) -> OutboxMessage:
    messages = asyncio.run(_outbox(url, run_id))
    [card] = [m for m in messages if m.kind == "task_card" and m.payload["task_no"] == task_no]
    return card


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=DEADLINE)
    return output


def _play_to_budis_card(stub: BotApiStub, tokens: dict[str, str]) -> tuple[Person, Call]:
    """Invites, /mulai, Mulai, the upload, Selesai: Budi's card arrives; return it."""
    sari, budi = Person(stub, SARI, "Sari"), Person(stub, BUDI, "Budi")
    for person, role in ((sari, "staf"), (budi, "kasubag")):
        welcome = person.next(person.send(text=f"/start {tokens[role]}"), _method("sendMessage"))
        assert f"Selamat bergabung di {OFFICE}, {person.name}!" in welcome.params["text"]

    menu = sari.message_with(sari.send(text="/mulai"), "Penanganan Surat Masuk")
    confirm = sari.message_with(
        sari.press(menu, "Penanganan Surat Masuk"), "Ya, mulai", method="editMessageText"
    )
    card = sari.next(sari.press(confirm, "Ya, mulai"), _is_card(1))
    sari.press(card, "Mulai")
    asked = sari.message_with(sari.press(card, "Selesai"), "Batal")
    assert "Agenda surat masuk" in asked.params["text"]

    agenda = document("agenda-surat-masuk.pdf")
    stub.files[agenda["file_id"]] = agenda
    received = sari.message_with(sari.send(document=agenda), "Konfirmasi")
    assert "agenda-surat-masuk.pdf" in received.params["text"]
    mark = sari.press(received, "Konfirmasi")

    budis_card = budi.next(mark, _is_card(2))
    assert "Menelaah surat dan menulis disposisi" in budis_card.params["text"]
    # The previous step's output goes with the card, re-sent by its file_id.
    budi.next(
        mark,
        lambda call: call.method == "sendDocument" and call.params["document"] == agenda["file_id"],
    )
    return budi, budis_card


def _method(name: str) -> Callable[[Call], bool]:
    return lambda call: call.method == name


def test_invite_to_the_next_card_then_sigkill_before_telegram_accepted_delivers_once(
    stub: BotApiStub, tmp_path: Path
) -> None:
    sop_file = tmp_path / "surat-masuk.yaml"
    sop_file.write_text(SOP_YAML, encoding="utf-8")
    office = Office(stub, tmp_path)
    tokens = _set_up_office(office, sop_file)

    first = office.run_bot()
    try:
        budi, card = _play_to_budis_card(stub, tokens)
        [start] = [b["callback_data"] for b in card.buttons if b["text"] == "Mulai"]
        run_id = decode_task_button(start).run_id  # type: ignore[union-attr]
        budi.press(card, "Mulai")
        # Budi's Selesai commits step 2 and Sari's card for step 3 into the outbox; the
        # dispatcher claims it and sends it, and the stub keeps that request waiting.
        hold = stub.hold_next(lambda call: call.chat == SARI and _is_card(3)(call))
        budi.press(card, "Selesai")
        assert hold.holding.wait(DEADLINE), "Sari's step-3 card was never sent"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=DEADLINE)
    finally:
        if first.poll() is None:
            first.kill()
        output, _ = first.communicate(timeout=DEADLINE)
    assert first.returncode == -signal.SIGKILL, output
    hold.release.set()
    assert hold.settled.wait(DEADLINE)
    # The held request's sender is dead, so Telegram never accepted the card.
    assert hold.dropped
    assert _cards(stub, SARI, 3) == []
    held = _step_card(office.url, run_id, 3)
    # Claimed once (committed) and never marked: the kill came between the two.
    assert held.state is OutboxState.PENDING and held.attempts == 1, held
    assert held.last_error is None, held

    second = office.run_bot()
    try:
        delivered = wait_for(lambda: _cards(stub, SARI, 3), DEADLINE)
        # A lease and more: a second copy would have gone out by now.
        wait_for(lambda: len(_cards(stub, SARI, 3)) > 1, LEASE_SECONDS + 2)
    finally:
        output = _stop(second)
    assert delivered, output
    assert second.returncode == 0, output
    [arrived] = _cards(stub, SARI, 3)
    assert "Mengarsipkan surat" in arrived.params["text"]
    assert [b["text"] for b in arrived.buttons] == ["Mulai", "Selesai"]
    sent = _step_card(office.url, run_id, 3)
    assert sent.state is OutboxState.SENT and sent.attempts == 2, sent
    assert TOKEN not in output and "Traceback" not in output, output
