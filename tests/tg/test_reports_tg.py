"""/laporan and /alur in Telegram: who gets a report, what the files hold, stale buttons.

The run is seed 000 played as in ``test_seed_play``: its first three tasks took (lead,
late) 20/5, 50/0 and 30/5 working minutes against standards of 15, 60 and 25 minutes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.reports.views import SopReport
from bot.services import create_office, publish_sop, set_acting_official
from bot.sop.loader import load_sop
from bot.store import session_factory
from bot.tg import flowcharts, rendering
from bot.tg.app import build_application
from tests.reports.images import has_colour, inked_share, open_png
from tests.tg.fakes import TOKEN
from tests.tg.harness import SOPS, WIB, Harness, Person, RecordingBotApi, SteppingClock
from tests.tg.test_seed_play import (
    ANGGOTA,
    KEPALA,
    KOORDINATOR,
    SEKRETARIS,
    at,
    four_people,
    start_the_run,
    work,
)

SEED = "pengukuran-kinerja-bppd-anambas.yaml"
DONE_GREEN = (0xB9, 0xE4, 0xC2)
CURRENT_YELLOW = (0xFF, 0xE2, 0x7A)
LATE_RED = (0xF4, 0xA3, 0xA3)


class FileRecordingBotApi(RecordingBotApi):
    """The harness's fake Bot API, also keeping the bytes of every uploaded file."""

    def __init__(self) -> None:
        super().__init__()
        self._uploads: dict[str, bytes] = {}

    async def do_request(self, url: str, method: str, request_data: Any = None, *args: Any,
                         **kwargs: Any) -> tuple[int, bytes]:  # fmt: skip
        """Note the files of this call; the base class records it and answers."""
        files = request_data.multipart_data if request_data is not None else {}
        self._uploads = {name: bytes(part[1]) for name, part in files.items()}
        return await super().do_request(url, method, request_data, *args, **kwargs)

    def result(self, method: str, params: dict[str, Any]) -> Any:
        if self._uploads:
            params["_files"] = self._uploads
            for name in self._uploads:
                params.setdefault(name, f"uploaded-{name}")
            self._uploads = {}
        return super().result(method, params)


@pytest.fixture
async def bot(engine: AsyncEngine) -> AsyncIterator[Harness]:
    """The harness of ``tests.tg.harness``, on a Bot API that keeps uploaded files."""
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]
    api = FileRecordingBotApi()
    sessions = session_factory(engine)
    clock = SteppingClock(datetime(2026, 11, 20, 15, 50, tzinfo=WIB))
    app = build_application(settings, request=api, sessions=sessions, clock=clock)
    await app.initialize()
    harness = Harness(app=app, api=api, sessions=sessions, clock=clock)
    yield harness
    await harness.app.shutdown()


def uploads(bot: Harness, method: str, person: Person) -> list[dict[str, Any]]:
    """Accepted ``method`` calls to the person's chat that uploaded bytes (not a file_id)."""
    return [
        call.params
        for call in bot.api.accepted(method, chat_id=person.tg_id)
        if "_files" in call.params
    ]


def file_of(params: dict[str, Any], field: str) -> bytes:
    data = params["_files"][field]
    assert isinstance(data, bytes)
    return data


def buttons(bot: Harness, person: Person) -> list[tuple[str, str]]:
    """The buttons of the last message the bot sent the person."""
    return bot.buttons_of(bot.last_message_id(person))


def buttons_on(bot: Harness, message_id: int) -> dict[str, str]:
    """Text -> data of the buttons on one of the bot's messages, as edited last."""
    bot.record_bot_messages()
    return dict(bot.buttons_of(message_id))


async def play_three_steps(bot: Harness) -> str:
    """Seed 000's office and people; a run whose first three tasks are done."""
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    await work(bot, KEPALA, run, 1, started=at(20, 15, 55), done=at(20, 16, 10),
               files=("disposisi.pdf",))  # fmt: skip
    await work(bot, KOORDINATOR, run, 2, started=at(20, 16, 20), done=at(23, 8, 0),
               files=("format.xlsx",))  # fmt: skip
    await work(bot, KOORDINATOR, run, 3, started=at(23, 8, 0), done=at(23, 8, 30),
               files=("arahan.docx",))  # fmt: skip
    return run


async def test_the_head_gets_a_summary_the_chart_and_the_workbook(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await play_three_steps(bot)
    threads: list[threading.Thread] = []
    real_chart = rendering.steps_chart

    def chart_in_thread(report: SopReport) -> Any:
        threads.append(threading.current_thread())
        return real_chart(report)

    monkeypatch.setattr(rendering, "steps_chart", chart_in_thread)

    await bot.send(KEPALA, "/laporan")
    [(name, choose)] = buttons(bot, KEPALA)
    assert name.startswith("Pengukuran Kinerja") and choose.startswith("rp:s:")
    chooser = bot.last_message_id(KEPALA)
    await bot.press(KEPALA, choose, on=chooser)
    periods = buttons_on(bot, chooser)
    assert list(periods) == [
        "Bulan ini", "Bulan lalu", "3 bulan terakhir", "Tahun ini", "Tahun lalu"
    ]  # fmt: skip
    assert all(len(data.encode()) <= 64 for data in periods.values())
    await bot.press(KEPALA, periods["Bulan ini"], on=chooser)

    summary = bot.last_text(KEPALA)
    assert summary.splitlines()[0].startswith("Laporan: Pengukuran Kinerja")
    assert "1 Nov 2026 – 23 Nov 2026" in summary
    assert "1 pelaksanaan: 0 selesai, 0 ditolak, 0 dibatalkan, 1 berjalan" in summary
    # Tasks 1 and 3 were 5 minutes late, task 2 on time.
    assert "Tugas tepat waktu: 1 dari 3 (33%)" in summary
    # Steps 1 and 3 are both 5 minutes late on average; the lower step ranks first.
    assert "Paling terlambat: langkah 1 (" in summary
    assert "terlambat 1 kali, rata-rata terlambat 5 menit per tugas" in summary

    [photo] = uploads(bot, "sendPhoto", KEPALA)
    chart = open_png(file_of(photo, "photo"))
    assert chart.size == (1200, 600) and inked_share(chart) > 0.02
    assert threads and all(t is not threading.main_thread() for t in threads)

    [document] = uploads(bot, "sendDocument", KEPALA)
    workbook = load_workbook(io.BytesIO(file_of(document, "document")))
    steps = workbook["Langkah"]
    header = [cell.value for cell in steps[1]]
    assert header[0] == "Langkah"
    column = {title: index for index, title in enumerate(header)}
    rows = {row[0]: row for row in steps.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(range(1, 15))
    done = column["Tugas selesai"]
    median = column["Median"]
    on_time = column["Tepat waktu"]
    assert [rows[step][done] for step in (1, 2, 3, 4)] == [1, 1, 1, 0]
    # A duration cell reads back as a timedelta (its [h]:mm format says so).
    assert [rows[step][median] for step in (1, 2, 3)] == [
        timedelta(minutes=20),
        timedelta(minutes=50),
        timedelta(minutes=30),
    ]
    assert [rows[step][on_time] for step in (1, 2, 3)] == [0.0, 1.0, 0.0]
    assert steps.cell(row=2, column=median + 1).number_format == "[h]:mm"
    assert len(workbook.sheetnames) >= 5


async def test_staff_without_rights_get_a_refusal_and_no_files(bot: Harness) -> None:
    await play_three_steps(bot)
    await bot.send(KEPALA, "/laporan")
    [(_name, choose)] = buttons(bot, KEPALA)
    version = choose.removeprefix("rp:s:")

    await bot.send(SEKRETARIS, "/laporan")
    assert "Laporan hanya untuk kepala kantor" in bot.last_text(SEKRETARIS)
    assert not [data for _t, data in buttons(bot, SEKRETARIS) if data.startswith("rp:")]
    # A button drawn for the head, pressed by the Sekretaris: refused again at the press.
    for data in (choose, f"rp:p:{version}:m0", f"rp:p:{version}:y0"):
        await bot.press(SEKRETARIS, data)
        assert "Laporan hanya untuk kepala kantor" in bot.last_alert()
    assert not uploads(bot, "sendPhoto", SEKRETARIS)
    assert not uploads(bot, "sendDocument", SEKRETARIS)

    ANGGOTA.language = "en"
    await bot.send(ANGGOTA, "/laporan")
    assert bot.last_text(ANGGOTA).startswith("Reports are for the office head")
    ANGGOTA.language = "id"


async def test_the_office_admin_may_read_reports(bot: Harness) -> None:
    await four_people(bot)
    await bot.send(bot.admin, "/laporan")
    [(_name, choose)] = buttons(bot, bot.admin)
    chooser = bot.last_message_id(bot.admin)
    await bot.press(bot.admin, choose, on=chooser)
    periods = buttons_on(bot, chooser)
    await bot.press(bot.admin, periods["Tahun lalu"], on=chooser)
    # No run started in 2025: said so, and no empty chart or workbook.
    assert bot.last_text(bot.admin).startswith("Tidak ada pelaksanaan 'Pengukuran Kinerja")
    assert "1 Jan 2025 – 31 Des 2025" in bot.last_text(bot.admin)
    assert not uploads(bot, "sendPhoto", bot.admin)


async def test_alur_draws_the_sop_and_a_run_with_its_progress(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = await play_three_steps(bot)
    threads: list[threading.Thread] = []
    real_draw = flowcharts.flowchart_pngs

    def draw_in_thread(*args: Any) -> list[bytes]:
        threads.append(threading.current_thread())
        return real_draw(*args)

    monkeypatch.setattr(flowcharts, "flowchart_pngs", draw_in_thread)
    await bot.send(SEKRETARIS, "/alur")
    shown = dict((data, text) for text, data in buttons(bot, SEKRETARIS))
    [sop_button] = [data for data in shown if data.startswith("al:s:")]
    assert f"al:r:{run}" in shown and shown[f"al:r:{run}"].startswith("Pelaksanaan: Pengukuran")

    await bot.press(SEKRETARIS, sop_button)
    [page] = uploads(bot, "sendPhoto", SEKRETARIS)
    blank = open_png(file_of(page, "photo"))
    assert blank.size == (1753, 1240) and inked_share(blank) > 0.02
    assert page["caption"].startswith("Pengukuran Kinerja")
    assert not has_colour(blank, DONE_GREEN) and not has_colour(blank, CURRENT_YELLOW)

    await bot.press(SEKRETARIS, f"al:r:{run}")
    [_sop_page, run_page] = uploads(bot, "sendPhoto", SEKRETARIS)
    progress = open_png(file_of(run_page, "photo"))
    assert progress.size == (1753, 1240)
    # Step 2 was on time (green), steps 1 and 3 late (red), step 4 is the Sekretaris's now.
    assert has_colour(progress, DONE_GREEN)
    assert has_colour(progress, LATE_RED)
    assert has_colour(progress, CURRENT_YELLOW)
    assert f"pelaksanaan {run}" in run_page["caption"]

    # The same run named after the command.
    await bot.send(SEKRETARIS, f"/alur {run}")
    assert len(uploads(bot, "sendPhoto", SEKRETARIS)) == 3
    # Drawn three times, never on the event loop's thread.
    assert len(threads) == 3 and threading.main_thread() not in threads


async def test_stale_and_foreign_buttons_get_an_alert(bot: Harness) -> None:
    run = await play_three_steps(bot)
    other = await create_office(bot.uow(), name="Kantor Lain", at=bot.clock())
    published = await publish_sop(
        bot.uow(), office_id=other.id, sop=load_sop(SOPS / SEED), at=bot.clock()
    )
    foreign = published.version.id
    await bot.send(KEPALA, "/laporan")
    [(_name, choose)] = buttons(bot, KEPALA)
    mine = int(choose.removeprefix("rp:s:"))
    assert foreign != mine

    stale = "Tombol ini sudah tidak berlaku"
    for data in (
        f"rp:s:{foreign}",  # an office the Kepala is not in
        f"rp:p:{foreign}:m0",
        "rp:s:999999",  # no such version
        f"rp:p:{mine}:zz",  # no such period
        "rp:",
        f"al:s:{foreign}",
        "al:r:nosuchrun",
        "al:x:1",
    ):
        await bot.press(KEPALA, data)
        assert stale in bot.last_alert(), data

    await bot.send(ANGGOTA, "/alur nosuchrun")
    assert "Tidak ada pelaksanaan 'nosuchrun'" in bot.last_text(ANGGOTA)

    # A new version of the SOP makes the old report buttons stale.
    changed = load_sop(SOPS / SEED)
    changed = changed.model_copy(
        update={"identity": changed.identity.model_copy(update={"name": "Pengukuran Baru"})}
    )
    await publish_sop(bot.uow(), office_id=bot.office_id, sop=changed, at=bot.clock())
    await bot.press(KEPALA, f"rp:p:{mine}:m0")
    assert stale in bot.last_alert()
    assert not uploads(bot, "sendPhoto", KEPALA) and not uploads(bot, "sendDocument", KEPALA)
    # The run keeps its version: its flowchart is still drawn.
    await bot.press(KEPALA, f"al:r:{run}")
    assert len(uploads(bot, "sendPhoto", KEPALA)) == 1


async def test_an_acting_head_reads_reports_only_while_appointed(bot: Harness) -> None:
    await four_people(bot)
    await set_acting_official(
        bot.uow(),
        office_id=bot.office_id,
        person_id=SEKRETARIS.id,
        for_person_id=KEPALA.id,
        starts_at=at(20, 15, 50),
        ends_at=at(20, 17, 0),
        by=bot.admin.id,
        at=bot.clock(),
    )
    await bot.send(SEKRETARIS, "/laporan")
    [(_name, choose)] = buttons(bot, SEKRETARIS)
    chooser = bot.last_message_id(SEKRETARIS)
    await bot.press(SEKRETARIS, choose, on=chooser)
    this_month = buttons_on(bot, chooser)["Bulan ini"]
    # The appointment ends before the Plh. presses the period: the press is refused.
    bot.clock.set(at(20, 17, 0))
    await bot.press(SEKRETARIS, this_month, on=chooser)
    assert "Laporan hanya untuk kepala kantor" in bot.last_alert()
    assert not uploads(bot, "sendPhoto", SEKRETARIS)
