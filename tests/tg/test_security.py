"""Every press and upload is checked against the database; bad ones change nothing."""

from __future__ import annotations

from bot.engine import TaskStatus
from bot.services import set_acting_official
from bot.tg.callbacks import TaskAction, TaskButton
from tests.tg.harness import Harness, Person, bot
from tests.tg.test_seed_play import (
    KEPALA,
    KOORDINATOR,
    SEKRETARIS,
    at,
    four_people,
    start_the_run,
    work,
)

__all__ = ["bot"]

STRANGER = Person(99, "Orang Lain")


async def _files(bot: Harness, run: str) -> list[str]:
    async with bot.uow() as uow:
        return [f.meta.file_name for f in await uow.runs.outputs_of(run)]


async def test_a_double_tap_on_confirm_completes_the_step_once(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    bot.clock.set(at(20, 16, 10))
    await bot.task(KEPALA, TaskAction.DONE, run, 1)
    await bot.upload(KEPALA, "a.pdf")
    confirm = bot.button(KEPALA, TaskAction.CONFIRM, run, 1)
    await bot.press(KEPALA, *confirm)
    before = await bot.run_state(run)
    # The second tap of a double tap, on the same message, before its edit arrived.
    bot.clock.set(at(20, 16, 11))
    await bot.press(KEPALA, *confirm)
    assert bot.last_alert() == "Tugas ini sudah selesai."
    after = await bot.run_state(run)
    assert after == before
    assert [t.no for t in after.tasks] == [1, 2]


async def test_a_double_tap_on_mulai_starts_once(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    mulai = bot.button(KEPALA, TaskAction.START, run, 1)
    bot.clock.set(at(20, 15, 55))
    await bot.press(KEPALA, *mulai)
    bot.clock.set(at(20, 15, 56))
    await bot.press(KEPALA, *mulai)
    assert bot.last_alert() == "Anda sudah memulai tugas ini."
    task = (await bot.run_state(run)).task(1)
    assert task is not None and task.started_at == at(20, 15, 55)


async def test_stale_and_malformed_buttons_change_nothing(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    selesai = bot.button(KEPALA, TaskAction.DONE, run, 1)
    await work(bot, KEPALA, run, 1, started=at(20, 15, 55), done=at(20, 16, 0), files=("a.pdf",))
    # An old copy of the card (say, on another device not yet refreshed): stale now.
    await bot.press(KEPALA, *selesai)
    assert bot.last_alert() == "Tugas ini sudah selesai."
    await bot.press(KEPALA, TaskButton(TaskAction.START, run, 999).encode())
    assert (
        bot.last_alert() == "Tombol ini sudah tidak berlaku. Kirim /tugas untuk melihat tugas Anda."
    )
    await bot.press(KEPALA, "t:s:nosuchrun:1")
    assert (
        bot.last_alert() == "Tombol ini sudah tidak berlaku. Kirim /tugas untuk melihat tugas Anda."
    )
    await bot.press(KEPALA, "t:zz")
    assert (
        bot.last_alert() == "Tombol ini sudah tidak berlaku. Kirim /tugas untuk melihat tugas Anda."
    )
    state = await bot.run_state(run)
    assert [(t.no, t.status) for t in state.tasks] == [(1, TaskStatus.DONE), (2, TaskStatus.READY)]


async def test_a_foreign_button_is_refused_for_members_and_strangers(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    before = await bot.run_state(run)
    # Buttons of the Kepala's card, forwarded or forged: every one is refused.
    for action in (TaskAction.START, TaskAction.DONE, TaskAction.CONFIRM):
        await bot.press(SEKRETARIS, TaskButton(action, run, 1).encode())
        assert bot.last_alert() == "Tugas ini bukan untuk Anda."
    await bot.press(STRANGER, TaskButton(TaskAction.START, run, 1).encode())
    assert bot.last_alert() == "Tugas ini bukan untuk Anda."
    # A foreign upload, sent as a reply to the Kepala's prompt, is refused too.
    await bot.task(KEPALA, TaskAction.DONE, run, 1)
    prompt = bot.last_message_id(KEPALA)
    bot.sent_messages[prompt]["chat"]["id"] = SEKRETARIS.tg_id
    await bot.upload(SEKRETARIS, "palsu.pdf", reply_to=prompt)
    assert bot.last_text(SEKRETARIS) == "Tugas ini bukan untuk Anda."
    assert await bot.run_state(run) == before
    assert await _files(bot, run) == []


async def test_a_file_over_20_mb_is_refused(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    await bot.task(KEPALA, TaskAction.DONE, run, 1)
    await bot.upload(KEPALA, "besar.pdf", size=20 * 1024 * 1024 + 1)
    assert bot.last_text(KEPALA).startswith("Berkas ini lebih dari 20 MB")
    assert await _files(bot, run) == []
    await bot.upload(KEPALA, "pas.pdf", size=20 * 1024 * 1024)
    assert await _files(bot, run) == ["pas.pdf"]


async def test_a_file_with_no_waiting_task_gets_a_helpful_answer(bot: Harness) -> None:
    await four_people(bot)
    await bot.upload(KOORDINATOR, "nyasar.pdf")
    assert bot.last_text(KOORDINATOR).startswith(
        "Saat ini tidak ada tugas Anda yang menunggu berkas"
    )
    assert "/tugas" in bot.last_text(KOORDINATOR)
    await bot.upload(STRANGER, "siapa.pdf")
    assert bot.last_text(STRANGER) == "Anda belum terdaftar: buka tautan undangan Anda."
    run = await start_the_run(bot, KEPALA)
    await bot.upload(KOORDINATOR, "masih-nyasar.pdf")
    assert bot.last_text(KOORDINATOR).startswith("Saat ini tidak ada tugas Anda")
    assert await _files(bot, run) == []


async def test_task_content_is_never_posted_in_a_group(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)
    calls = len(bot.api.calls)
    for text in ("/tugas", "/status", "/mulai", "/batal", "halo semua"):
        await bot.send(KEPALA, text, group=True)
    await bot.upload_in_group(KEPALA, "rapat.pdf")
    assert bot.api.calls[calls:] == []
    assert await _files(bot, run) == []


async def test_an_acting_official_may_act_only_while_appointed(bot: Harness) -> None:
    await four_people(bot)
    plh = Person(55, "Plh Kepala")
    await bot.invite_and_join(plh, "sekretaris")
    await set_acting_official(
        bot.uow(),
        office_id=bot.office_id,
        person_id=plh.id,
        for_person_id=KEPALA.id,
        starts_at=at(20, 16, 0),
        ends_at=at(20, 16, 20),
        by=bot.admin.id,
        at=at(20, 15, 50),
    )
    run = await start_the_run(bot, KEPALA)
    # The Kepala's card forwarded to the Plh: refused before the appointment starts.
    await bot.press(plh, TaskButton(TaskAction.START, run, 1).encode())  # 15:50
    assert bot.last_alert() == "Tugas ini bukan untuk Anda."
    bot.clock.set(at(20, 16, 5))
    await bot.send(plh, "/tugas")
    assert "langkah 1" in bot.last_text(plh)
    await bot.press(plh, TaskButton(TaskAction.DONE, run, 1).encode())
    await bot.upload(plh, "disposisi-plh.pdf")
    await bot.task(plh, TaskAction.CONFIRM, run, 1)
    done = (await bot.run_state(run)).task(1)
    assert done is not None and done.completed_by == str(plh.id)
    assert done.assignee == str(KEPALA.id)
