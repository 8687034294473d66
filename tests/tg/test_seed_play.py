"""Seed 000 played in Telegram by four people, from their invites to the finished run.

The clock steps forward through office hours (WIB; Fri 07:30–11:30 and 13:00–16:30,
Mon–Thu 07:30–12:00 and 13:00–16:00, see bot/worktime/schedule.py). Every expected
working-minute figure below is worked out by hand in the comment next to it.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine import RunStatus, TaskStatus
from bot.tg.callbacks import TaskAction
from tests.tg.harness import WIB, Harness, Person, bot

__all__ = ["bot"]

KEPALA = Person(11, "Redo")
SEKRETARIS = Person(12, "Sekar")
KOORDINATOR = Person(13, "Kornelius")
ANGGOTA = Person(14, "Anggi")


def at(day: int, hour: int, minute: int) -> datetime:
    """An instant in November 2026, WIB (20 = Friday, 23 = Monday, 24 = Tuesday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WIB)


async def start_the_run(bot: Harness, starter: Person) -> str:
    """/mulai → the SOP's button → Yes, start; returns the new run's id."""
    await bot.send(starter, "/mulai")
    chooser = bot.last_message_id(starter)
    [(_name, choose)] = bot.buttons_of(chooser)
    await bot.press(starter, choose, on=chooser)
    confirm = [data for _text, data in bot.buttons_of(chooser) if data.startswith("m:c:")]
    # The confirm replaced the chooser's text and buttons (an edit of the same message).
    edit = bot.api.sent("editMessageText")[-1]
    [[yes, _cancel]] = edit.params["reply_markup"]["inline_keyboard"]
    assert not confirm and yes["callback_data"].startswith("m:c:")
    await bot.press(starter, yes["callback_data"], on=chooser)
    return await bot.only_run()


async def work(
    bot: Harness,
    person: Person,
    run_id: str,
    task_no: int,
    *,
    started: datetime,
    done: datetime,
    files: tuple[str, ...] = (),
) -> None:
    """Mulai at ``started``; at ``done`` Selesai, the files, then Confirm."""
    bot.clock.set(started)
    await bot.task(person, TaskAction.START, run_id, task_no)
    bot.clock.set(done)
    await bot.task(person, TaskAction.DONE, run_id, task_no)
    if files:
        assert (
            "send the output" in bot.last_text(person) or "kirim" in bot.last_text(person).lower()
        )
        for name in files:
            await bot.upload(person, name)
        await bot.task(person, TaskAction.CONFIRM, run_id, task_no)


async def four_people(bot: Harness) -> None:
    """Seed 000's office, with the four people invited to its four roles."""
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    for person, role in [
        (KEPALA, "kepala"),
        (SEKRETARIS, "sekretaris"),
        (KOORDINATOR, "koordinator_sakip"),
        (ANGGOTA, "anggota_sakip"),
    ]:
        await bot.invite_and_join(person, role)


async def test_seed_000_played_by_four_people(bot: Harness) -> None:
    await four_people(bot)
    run = await start_the_run(bot, KEPALA)  # Friday 20 Nov 2026, 15:50 WIB

    await work(
        bot, KEPALA, run, 1, started=at(20, 15, 55), done=at(20, 16, 10), files=("disposisi.pdf",)
    )
    await work(
        bot, KOORDINATOR, run, 2, started=at(20, 16, 20), done=at(23, 8, 0), files=("format.xlsx",)
    )
    await work(
        bot, KOORDINATOR, run, 3, started=at(23, 8, 0), done=at(23, 8, 30), files=("arahan.docx",)
    )
    await work(
        bot, SEKRETARIS, run, 4, started=at(23, 9, 0), done=at(23, 9, 20), files=("undangan.pdf",)
    )
    # Step 5 is the meeting: its output is optional, Selesai completes it at once.
    await work(bot, KEPALA, run, 5, started=at(23, 9, 30), done=at(23, 11, 50))
    await work(
        bot,
        ANGGOTA,
        run,
        6,
        started=at(23, 11, 55),
        done=at(23, 13, 30),
        files=("bidang-1.xlsx", "bidang-2.xlsx"),
    )
    # The Sekretaris's card of step 7 came with both files of step 6, re-sent by file_id.
    resent = [
        call.params.get("document")
        for call in bot.api.accepted("sendDocument", chat_id=SEKRETARIS.tg_id)
    ]
    assert resent[-2:] == ["BQACAgIAAx-bidang-1.xlsx", "BQACAgIAAx-bidang-2.xlsx"]
    await work(
        bot,
        SEKRETARIS,
        run,
        7,
        started=at(23, 13, 30),
        done=at(23, 15, 30),
        files=("validasi.xlsx",),
    )
    await work(
        bot,
        SEKRETARIS,
        run,
        8,
        started=at(23, 15, 40),
        done=at(24, 7, 50),
        files=("data-kinerja.pdf",),
    )

    # Step 9: the Kepala sends it back to step 7, with a reason typed as the next message.
    bot.clock.set(at(24, 8, 20))
    await bot.task(KEPALA, TaskAction.SEND_BACK, run, 9)
    assert "alasan" in bot.last_text(KEPALA).lower()
    bot.clock.set(at(24, 8, 30))
    await bot.send(KEPALA, "Capaian sasaran 2 belum sesuai data bidang")
    assert "dikembalikan" in bot.last_text(KEPALA).lower()

    await work(
        bot,
        SEKRETARIS,
        run,
        10,
        started=at(24, 8, 40),
        done=at(24, 9, 40),
        files=("validasi-2.xlsx",),
    )
    await work(
        bot,
        SEKRETARIS,
        run,
        11,
        started=at(24, 9, 40),
        done=at(24, 10, 10),
        files=("data-kinerja-2.pdf",),
    )
    bot.clock.set(at(24, 10, 40))
    await bot.task(KEPALA, TaskAction.APPROVE, run, 12)
    await work(
        bot,
        SEKRETARIS,
        run,
        13,
        started=at(24, 10, 45),
        done=at(24, 11, 20),
        files=("dokumen.pdf",),
    )
    bot.clock.set(at(24, 13, 10))
    await bot.task(KEPALA, TaskAction.APPROVE, run, 14)
    await work(
        bot,
        SEKRETARIS,
        run,
        15,
        started=at(24, 13, 10),
        done=at(24, 13, 25),
        files=("pengantar.pdf",),
    )
    await work(
        bot, ANGGOTA, run, 16, started=at(24, 13, 30), done=at(24, 14, 0), files=("salinan.pdf",)
    )
    await work(
        bot, ANGGOTA, run, 17, started=at(24, 14, 0), done=at(24, 14, 10), files=("arsip.pdf",)
    )

    state = await bot.run_state(run)
    assert state.status is RunStatus.FINISHED
    assert state.finished_at == at(24, 14, 10)
    measured = [
        (t.no, t.step, t.iteration, t.lead_minutes, t.processing_minutes, t.late_minutes)
        for t in state.tasks
    ]
    assert measured == [
        # no, step, round, lead (assigned→done), processing (Mulai→done), late
        (1, 1, 1, 20, 15, 5),  # Fri 15:50→16:10; Mulai 15:55; due 16:05
        (2, 2, 1, 50, 40, 0),  # Fri 16:10–16:30 (20) + Mon 07:30–08:00 (30); due Mon 08:10
        (3, 3, 1, 30, 30, 5),  # Mon 08:00→08:30; due 08:25
        (4, 4, 1, 50, 20, 20),  # Mon 08:30→09:20; Mulai 09:00; due 09:00
        (5, 5, 1, 150, 140, 30),  # Mon 09:20→11:50; Mulai 09:30; due 11:20
        (6, 6, 1, 40, 35, 0),  # 11:50–12:00 (10) + 13:00–13:30 (30); due 14:50
        (7, 7, 1, 120, 120, 0),  # 13:30→15:30; due Tue 09:00
        (8, 8, 1, 50, 40, 10),  # Mon 15:30–16:00 (30) + Tue 07:30–07:50 (20); due Tue 07:40
        (9, 9, 1, 40, 40, 0),  # Tue 07:50→08:30 (the reason's time); no Mulai; due 08:50
        (10, 7, 2, 70, 60, 0),  # 08:30→09:40; Mulai 08:40; due 13:30
        (11, 8, 2, 30, 30, 0),  # 09:40→10:10; due 10:20
        (12, 9, 2, 30, 30, 0),  # 10:10→10:40; due 11:10
        (13, 10, 1, 40, 35, 15),  # 10:40→11:20; Mulai 10:45; due 11:05
        (14, 11, 1, 50, 50, 40),  # 11:20–12:00 (40) + 13:00–13:10 (10); due 11:30 → 30 + 10 late
        (15, 12, 1, 15, 15, 0),  # 13:10→13:25; due 13:25 (on the minute is on time)
        (16, 13, 1, 35, 30, 10),  # 13:25→14:00; Mulai 13:30; due 13:50
        (17, 14, 1, 10, 10, 0),  # 14:00→14:10; due 14:10
    ]
    assert all(t.status is TaskStatus.DONE for t in state.tasks)
    sent_back = state.task(9)
    assert sent_back is not None and sent_back.approved is False
    assert sent_back.reason == "Capaian sasaran 2 belum sesuai data bidang"
    # Both files of step 6 went on to step 7.
    step7 = state.task(7)
    assert step7 is not None
    assert [ref.name for ref in step7.inputs] == ["bidang-1.xlsx", "bidang-2.xlsx"]
    async with bot.uow() as uow:
        files = await uow.runs.outputs_of(run)
    assert [f.meta.file_name for f in files] == [
        "disposisi.pdf",
        "format.xlsx",
        "arahan.docx",
        "undangan.pdf",
        "bidang-1.xlsx",
        "bidang-2.xlsx",
        "validasi.xlsx",
        "data-kinerja.pdf",
        "validasi-2.xlsx",
        "data-kinerja-2.pdf",
        "dokumen.pdf",
        "pengantar.pdf",
        "salinan.pdf",
        "arsip.pdf",
    ]
    first = files[0].meta
    assert (first.telegram_file_id, first.telegram_file_unique_id) == (
        "BQACAgIAAx-disposisi.pdf",
        "AgAD-disposisi.pdf",
    )
    assert (first.size, first.mime_type) == (48_213, "application/pdf")
