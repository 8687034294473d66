"""The conversation around the task cards: /mulai, uploads, reasons, lists, languages."""

from __future__ import annotations

import pytest

from bot.engine import RunStatus, TaskStatus
from bot.services import grant_role, start_run
from bot.services.conversation_errors import MissingRolesError, NotStarterError
from bot.sop.model import Sop
from bot.tg.callbacks import TaskAction
from tests.conftest import SAMPLE_SOP
from tests.tg.harness import Harness, Person, bot
from tests.tg.test_seed_play import at

__all__ = ["bot"]

STAF = Person(31, "Siti")
KASUBAG = Person(32, "Kurnia")
KEPALA = Person(33, "Kusuma")


async def _sample_office(bot: Harness, *, with_kepala: bool = True) -> str:
    key = await bot.office_with(Sop.model_validate(SAMPLE_SOP))
    await bot.invite_and_join(STAF, "staf")
    await bot.invite_and_join(KASUBAG, "kasubag")
    if with_kepala:
        await bot.invite_and_join(KEPALA, "kepala")
    return key


async def _mulai(bot: Harness, person: Person) -> int:
    """Send /mulai and press the (only) SOP; returns the chooser's message id."""
    await bot.send(person, "/mulai")
    chooser = bot.last_message_id(person)
    [(name, data)] = bot.buttons_of(chooser)
    assert name == "Penanganan Surat Masuk"
    await bot.press(person, data, on=chooser)
    return chooser


def _last_keyboard(bot: Harness) -> list[str]:
    edit = bot.api.sent("editMessageText")[-1]
    markup = edit.params.get("reply_markup") or {"inline_keyboard": []}
    return [button["callback_data"] for row in markup["inline_keyboard"] for button in row]


async def _active(bot: Harness) -> set[str]:
    async with bot.uow() as uow:
        return {line.run_id for line in await uow.conversation.active_runs([bot.office_id])}


async def _start(bot: Harness, person: Person) -> str:
    """Start the sample SOP through /mulai; returns the new run's id."""
    before = await _active(bot)
    await _mulai(bot, person)
    [yes, _cancel] = _last_keyboard(bot)
    await bot.press(person, yes)
    [new] = await _active(bot) - before
    return new


async def test_mulai_refuses_while_a_role_has_nobody(bot: Harness) -> None:
    await _sample_office(bot, with_kepala=False)
    await _mulai(bot, STAF)
    text = bot.api.sent("editMessageText")[-1].params["text"]
    assert text.startswith("'Penanganan Surat Masuk' belum dapat dimulai")
    assert "Kepala" in text and "Mintalah admin kantor" in text
    assert _last_keyboard(bot) == []
    # The admin is offered the invitation instead.
    await _mulai(bot, bot.admin)
    assert "/undang" in bot.api.sent("editMessageText")[-1].params["text"]
    # And the service refuses too, whatever a button says.
    with pytest.raises(MissingRolesError) as refused:
        await start_run(
            bot.uow(), office_id=bot.office_id, sop_key="surat-masuk", by=STAF.id, at=bot.clock()
        )
    assert refused.value.roles == ("kepala",)
    async with bot.uow() as uow:
        assert await uow.conversation.active_runs([bot.office_id]) == []


async def test_only_the_first_steps_actor_or_an_admin_may_start(bot: Harness) -> None:
    await _sample_office(bot)
    await bot.send(KASUBAG, "/mulai")
    assert bot.last_text(KASUBAG).startswith("Tidak ada SOP yang dapat Anda mulai")
    with pytest.raises(NotStarterError):
        await start_run(
            bot.uow(), office_id=bot.office_id, sop_key="surat-masuk", by=KASUBAG.id, at=bot.clock()
        )
    run = await _start(bot, bot.admin)
    state = await bot.run_state(run)
    assert state.started_by == str(bot.admin.id)
    assert state.task(1) is not None and state.task(1).assignee == str(STAF.id)  # type: ignore[union-attr]


async def test_a_double_tap_on_yes_start_starts_one_run(bot: Harness) -> None:
    await _sample_office(bot)
    await _mulai(bot, STAF)
    [yes, _cancel] = _last_keyboard(bot)
    assert (
        bot.api.sent("editMessageText")[-1]
        .params["text"]
        .startswith("Mulai 'Penanganan Surat Masuk' (BPPD Anambas)? Langkah 1 dari 4")
    )
    await bot.press(STAF, yes)
    await bot.press(STAF, yes)
    assert bot.last_alert() == "SOP ini sudah dimulai. Kirim /status untuk melihatnya."
    async with bot.uow() as uow:
        assert len(await uow.conversation.active_runs([bot.office_id])) == 1


async def test_tugas_lists_open_tasks_late_ones_first(bot: Harness) -> None:
    await _sample_office(bot)
    first = await _start(bot, STAF)  # Fri 15:50, due 16:05
    bot.clock.set(at(20, 16, 20))
    await _start(bot, STAF)  # due Mon 07:35
    bot.clock.set(at(20, 16, 25))
    await bot.send(STAF, "/tugas")
    assert bot.last_text(STAF).splitlines() == [
        "Tugas Anda yang belum selesai:",
        "1. Penanganan Surat Masuk · langkah 1: Menerima dan mencatat surat masuk",
        "   TERLAMBAT: batas waktu Jum, 20 Nov 2026 16:05 WIB (20 menit yang lalu)",
        "2. Penanganan Surat Masuk · langkah 1: Menerima dan mencatat surat masuk",
        "   batas waktu Sen, 23 Nov 2026 07:35 WIB",
    ]
    await bot.send(KASUBAG, "/tugas")
    assert bot.last_text(KASUBAG) == "Tidak ada tugas Anda yang belum selesai."
    assert first


async def test_an_ambiguous_upload_asks_which_task_and_a_reply_decides(bot: Harness) -> None:
    await _sample_office(bot)
    first = await _start(bot, STAF)
    second = await _start(bot, STAF)
    upload = await bot.upload(STAF, "surat-a.pdf")
    chooser = bot.last_message_id(STAF)
    assert bot.last_text(STAF) == "Berkas ini untuk tugas yang mana?"
    choices = [data for _text, data in bot.buttons_of(chooser)]
    assert sorted(choices) == sorted([f"u:{first}:1", f"u:{second}:1"])
    assert bot.sent_messages[chooser]["reply_to_message"]["message_id"] == upload["message_id"]
    await bot.restart()  # the file waits in the chat, not in the bot's memory
    await bot.press(STAF, f"u:{second}:1", on=chooser)
    async with bot.uow() as uow:
        assert await uow.conversation.task_outputs(run_id=first, task_no=1) == []
        [kept] = await uow.conversation.task_outputs(run_id=second, task_no=1)
    assert kept.meta.file_name == "surat-a.pdf"
    # A file sent as a reply to the first run's task card goes to that task, although
    # the bot now waits for files of the other one.
    _data, card = bot.button(STAF, TaskAction.DONE, first, 1)
    assert bot.sent_messages[card]["text"].startswith("Penanganan Surat Masuk")
    await bot.upload(STAF, "surat-c.pdf", reply_to=card)
    async with bot.uow() as uow:
        names_first = [
            f.meta.file_name for f in await uow.conversation.task_outputs(run_id=first, task_no=1)
        ]
    assert names_first == ["surat-c.pdf"]


async def test_pending_files_and_reasons_survive_a_restart(bot: Harness) -> None:
    await _sample_office(bot)
    first = await _start(bot, STAF)
    second = await _start(bot, STAF)
    await bot.task(STAF, TaskAction.DONE, second, 1)
    await bot.restart()
    await bot.upload(STAF, "disposisi.pdf")  # goes to the task that asked, not a chooser
    assert bot.last_text(STAF).startswith("Diterima untuk langkah 1: disposisi.pdf.")
    await bot.upload(STAF, "lampiran.pdf")
    assert "disposisi.pdf, lampiran.pdf" in bot.last_text(STAF)
    await bot.restart()
    await bot.task(STAF, TaskAction.CONFIRM, second, 1)
    state = await bot.run_state(second)
    assert state.task(1).status is TaskStatus.DONE  # type: ignore[union-attr]
    assert [ref.name for ref in state.task(2).inputs] == ["disposisi.pdf", "lampiran.pdf"]  # type: ignore[union-attr]
    assert (await bot.run_state(first)).task(1).is_open  # type: ignore[union-attr]


async def test_kembalikan_asks_for_a_reason_that_can_be_cancelled(bot: Harness) -> None:
    await _sample_office(bot)
    run = await _start(bot, STAF)
    await bot.task(STAF, TaskAction.DONE, run, 1)
    await bot.upload(STAF, "disposisi.pdf")
    await bot.task(STAF, TaskAction.CONFIRM, run, 1)
    await bot.task(KASUBAG, TaskAction.DONE, run, 2)
    await bot.task(KEPALA, TaskAction.SEND_BACK, run, 3)
    assert bot.last_text(KEPALA) == (
        "Langkah 3: tuliskan alasan pengembalian sebagai pesan berikutnya."
    )
    reason_prompt = bot.last_message_id(KEPALA)
    [(label, cancel)] = bot.buttons_of(reason_prompt)
    assert label == "Batal"
    await bot.press(KEPALA, cancel, on=reason_prompt)
    await bot.send(KEPALA, "Nomor surat salah")
    assert bot.last_text(KEPALA).endswith("Kirim /bantuan untuk petunjuk.")
    assert (await bot.run_state(run)).task(3).is_open  # type: ignore[union-attr]
    # Asked again, the reason survives a restart and sends the step back.
    await bot.task(KEPALA, TaskAction.SEND_BACK, run, 3)
    await bot.restart()
    await bot.send(KEPALA, "Nomor surat salah")
    assert "Langkah 3 dikembalikan. Alasan: Nomor surat salah" in bot.texts_to(KEPALA)
    state = await bot.run_state(run)
    assert state.task(3).reason == "Nomor surat salah"  # type: ignore[union-attr]
    assert [(t.no, t.step, t.iteration) for t in state.open_tasks()] == [(4, 1, 2)]


async def test_status_shows_runs_and_a_timeline(bot: Harness) -> None:
    await _sample_office(bot)
    run = await _start(bot, STAF)
    bot.clock.set(at(20, 16, 0))
    await bot.task(STAF, TaskAction.DONE, run, 1)
    await bot.upload(STAF, "disposisi.pdf")
    await bot.task(STAF, TaskAction.CONFIRM, run, 1)
    await bot.send(KEPALA, "/status")
    listing = bot.last_message_id(KEPALA)
    assert bot.last_text(KEPALA).splitlines() == [
        "SOP yang sedang berjalan:",
        "1. Penanganan Surat Masuk: langkah 2: Kurnia",
    ]
    [(_label, data)] = bot.buttons_of(listing)
    await bot.press(KEPALA, data, on=listing)
    assert bot.last_text(KEPALA).splitlines() == [
        "Penanganan Surat Masuk · berjalan",
        "Langkah 1 (putaran 1) · Siti",
        "   diterima Jum, 20 Nov 2026 15:50 WIB",
        "   selesai Jum, 20 Nov 2026 16:00 WIB",
        "   lama 10 menit (baku 15 menit), tepat waktu",
        "Langkah 2 (putaran 1) · Kurnia",
        "   diterima Jum, 20 Nov 2026 16:00 WIB",
        "   belum selesai, batas waktu Sen, 23 Nov 2026 08:00 WIB",
    ]


async def test_batal_by_the_starter_with_a_reason(bot: Harness) -> None:
    await _sample_office(bot)
    run = await _start(bot, STAF)
    await bot.send(KASUBAG, "/batal")
    assert bot.last_text(KASUBAG) == "Tidak ada pelaksanaan SOP yang dapat Anda batalkan."
    await bot.press(KASUBAG, f"b:{run}")
    assert bot.last_alert().startswith("Anda tidak dapat membatalkan")
    await bot.send(STAF, "/batal")
    chooser = bot.last_message_id(STAF)
    [(_label, pick), (_keep, _keep_data)] = bot.buttons_of(chooser)
    await bot.press(STAF, pick, on=chooser)
    await bot.send(STAF, "Surat ditarik pengirim")
    assert "Pelaksanaan SOP dibatalkan. Alasan: Surat ditarik pengirim" in bot.texts_to(STAF)
    state = await bot.run_state(run)
    assert state.status is RunStatus.CANCELLED
    assert state.task(1).status is TaskStatus.CANCELLED  # type: ignore[union-attr]


async def test_bahasa_choice_wins_over_telegrams_language(bot: Harness) -> None:
    await _sample_office(bot)
    await bot.send(STAF, "/bahasa")
    chooser = bot.last_message_id(STAF)
    assert bot.buttons_of(chooser) == [("Bahasa Indonesia", "l:id"), ("English", "l:en")]
    await bot.press(STAF, "l:en", on=chooser)
    assert bot.last_text(STAF) == "From now on I write to you in English."
    async with bot.uow() as uow:
        assert (await uow.people.get(STAF.id)).locale == "en"  # type: ignore[union-attr]
    await bot.send(STAF, "/tugas")  # Telegram still says "id"
    assert bot.last_text(STAF) == "You have no open tasks."
    await bot.send(STAF, "/bantuan")
    assert bot.last_text(STAF).splitlines()[0] == "Commands:"
    assert bot.last_text(STAF).splitlines()[-1] == "BPPD Anambas: Staf Tata Usaha"


async def test_bantuan_names_the_persons_roles(bot: Harness) -> None:
    await _sample_office(bot)
    await grant_role(
        bot.uow(), office_id=bot.office_id, person_id=KASUBAG.id, role_key="kepala", at=bot.clock()
    )
    await bot.send(KASUBAG, "/bantuan")
    assert bot.last_text(KASUBAG).splitlines()[-1] == "BPPD Anambas: Kepala Subbagian, Kepala"
    await bot.send(bot.admin, "/bantuan")
    assert bot.last_text(bot.admin).splitlines()[-1] == (
        "BPPD Anambas: belum ada peran · admin kantor (/undang, /anggota)"
    )


async def test_text_and_unknown_commands_are_never_met_with_silence(bot: Harness) -> None:
    await _sample_office(bot)
    await bot.send(STAF, "selamat pagi")
    assert bot.last_text(STAF) == (
        "Saya hanya memahami perintah dan tombol yang saya kirim. Kirim /bantuan untuk petunjuk."
    )
    await bot.send(STAF, "/laporan_tahunan")
    assert bot.last_text(STAF) == (
        "Perintah itu tidak saya kenal. Kirim /bantuan untuk melihat daftar perintah."
    )
    stranger = Person(77, "Tamu")
    await bot.send(stranger, "halo")
    assert bot.last_text(stranger).endswith("Kirim /bantuan untuk petunjuk.")
    await bot.send(STAF, "/mulai")  # a known command gets its own answer only
    assert bot.last_text(STAF) == "SOP mana yang ingin Anda mulai?"
    assert not any("tidak saya kenal" in text for text in bot.texts_to(STAF)[-1:])


async def test_tolak_asks_for_a_reason_and_ends_the_run(bot: Harness) -> None:
    data = {
        "kode": "surat-tolak",
        "identitas": {"nama": "Permohonan Izin"},
        "peran": {"staf": "Staf Tata Usaha", "kepala": "Kepala"},
        "langkah": [
            {"nomor": 1, "uraian": "Mencatat permohonan", "pelaksana": "staf", "waktu": "15 menit"},
            {
                "nomor": 2,
                "uraian": "Memutuskan permohonan",
                "pelaksana": "kepala",
                "waktu": "1 jam",
                "keputusan": {"pertanyaan": "Dikabulkan?", "tidak": "tolak"},
            },
        ],
    }
    await bot.office_with(Sop.model_validate(data))
    await bot.invite_and_join(STAF, "staf")
    await bot.invite_and_join(KEPALA, "kepala")
    await bot.send(STAF, "/mulai")
    chooser = bot.last_message_id(STAF)
    [(_name, choose)] = bot.buttons_of(chooser)
    await bot.press(STAF, choose, on=chooser)
    [yes, _cancel] = _last_keyboard(bot)
    await bot.press(STAF, yes)
    [run] = await _active(bot)
    await bot.task(STAF, TaskAction.DONE, run, 1)
    assert bot.api.sent("answerCallbackQuery")[-1].params["text"] == "Langkah 1 selesai."
    await bot.task(KEPALA, TaskAction.REJECT, run, 2)
    assert bot.last_text(KEPALA) == "Langkah 2: tuliskan alasan penolakan sebagai pesan berikutnya."
    await bot.send(KEPALA, "Persyaratan tidak lengkap")
    assert (
        "Langkah 2 ditolak; pelaksanaan SOP ini berakhir. Alasan: Persyaratan tidak lengkap"
        in bot.texts_to(KEPALA)
    )
    state = await bot.run_state(run)
    assert state.status is RunStatus.REJECTED


async def test_telegrams_language_is_kept_when_it_changes(bot: Harness) -> None:
    await _sample_office(bot)
    await bot.send(STAF, "/tugas")
    async with bot.uow() as uow:
        assert (await uow.people.get(STAF.id)).telegram_language == "id"  # type: ignore[union-attr]
    english = Person(STAF.tg_id, STAF.name, language="en-GB", id=STAF.id)
    await bot.send(english, "/tugas")
    assert bot.last_text(english) == "You have no open tasks."
    async with bot.uow() as uow:
        person = await uow.people.get(STAF.id)
    assert person is not None and person.telegram_language == "en-GB"
    assert person.locale is None  # nothing was chosen with /bahasa
