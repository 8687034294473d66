"""Seed 004 played in Telegram by five people; its parallel step 5 is held by two.

Office hours as in test_seed_play.py (WIB). "N hari" is due N working days later at
the same working-time offset (bot/worktime/calendar.py add_working_days).
"""

from __future__ import annotations

from bot.engine import RunStatus, TaskStatus
from bot.tg.callbacks import TaskAction
from tests.tg.harness import Harness, Person, bot
from tests.tg.test_seed_play import at, start_the_run, work

__all__ = ["bot"]

INSPEKTUR = Person(21, "Indra")
SEKRETARIS = Person(22, "Sinta")
IRBAN = Person(23, "Rahmat")
TIM = Person(24, "Tia")
STAF = Person(25, "Fajar")


async def test_seed_004_with_its_parallel_step_held_by_two(bot: Harness) -> None:
    await bot.office_with("perencanaan-kinerja-inspektorat-anambas.yaml")
    for person, role in [
        (INSPEKTUR, "inspektur"),
        (SEKRETARIS, "sekretaris"),
        (IRBAN, "irbn"),
        (TIM, "tim_sakip"),
        (STAF, "staf"),
    ]:
        await bot.invite_and_join(person, role)
    run = await start_the_run(bot, INSPEKTUR)  # Friday 20 Nov 2026, 15:50 WIB

    await work(
        bot, INSPEKTUR, run, 1, started=at(20, 15, 50), done=at(20, 16, 15), files=("perintah.pdf",)
    )
    await work(
        bot, SEKRETARIS, run, 2, started=at(23, 7, 30), done=at(23, 10, 0), files=("sk-tim.pdf",)
    )
    await work(bot, TIM, run, 3, started=at(23, 10, 30), done=at(24, 9, 0), files=("rencana.docx",))
    await work(bot, TIM, run, 4, started=at(24, 9, 0), done=at(24, 11, 0), files=("konsep.docx",))

    # Step 5 goes to the Sekretaris (task 5) and the Irban (task 6) at once.
    state = await bot.run_state(run)
    assert [(t.no, t.assignee) for t in state.open_tasks()] == [
        (5, str(SEKRETARIS.id)),
        (6, str(IRBAN.id)),
    ]
    # The Sekretaris sends a photo; her step is done but the step waits for the Irban.
    bot.clock.set(at(24, 11, 0))
    await bot.task(SEKRETARIS, TaskAction.START, run, 5)
    bot.clock.set(at(24, 11, 30))
    await bot.task(SEKRETARIS, TaskAction.DONE, run, 5)
    await bot.upload(SEKRETARIS, "laporan-sekretariat", as_photo=True)
    await bot.task(SEKRETARIS, TaskAction.CONFIRM, run, 5)
    state = await bot.run_state(run)
    assert [(t.no, t.step) for t in state.open_tasks()] == [(6, 5)]
    # The Irban answers the bot's prompt with his file as a reply to it.
    bot.clock.set(at(24, 13, 0))
    await bot.task(IRBAN, TaskAction.START, run, 6)
    bot.clock.set(at(24, 14, 0))
    await bot.task(IRBAN, TaskAction.DONE, run, 6)
    prompt = bot.last_message_id(IRBAN)
    await bot.upload(IRBAN, "laporan-irban.pdf", reply_to=prompt)
    await bot.task(IRBAN, TaskAction.CONFIRM, run, 6)

    state = await bot.run_state(run)
    meeting = state.task(7)
    assert meeting is not None and meeting.step == 6
    # Both reports of the parallel step are handed to the meeting.
    assert [ref.name for ref in meeting.inputs] == [
        "p-laporan-sekretariat.jpg",
        "laporan-irban.pdf",
    ]
    await work(
        bot, TIM, run, 7, started=at(24, 14, 0), done=at(24, 15, 30), files=("konsep-dok.docx",)
    )

    # Step 7 (the Sekretaris checks): sent back to step 6 with a reason.
    bot.clock.set(at(25, 8, 0))
    await bot.task(SEKRETARIS, TaskAction.SEND_BACK, run, 8)
    bot.clock.set(at(25, 8, 5))
    await bot.send(SEKRETARIS, "Target kinerja Irban II belum masuk")
    await work(
        bot, TIM, run, 9, started=at(25, 8, 10), done=at(25, 9, 5), files=("konsep-dok-2.docx",)
    )
    # Approving step 7 needs its output: Setujui asks for it, then Confirm decides.
    bot.clock.set(at(25, 9, 30))
    await bot.task(SEKRETARIS, TaskAction.APPROVE, run, 10)
    assert "Konsep dokumen pengukuran kinerja yang sudah diverifikasi" in bot.last_text(SEKRETARIS)
    await bot.upload(SEKRETARIS, "terverifikasi.pdf")
    bot.clock.set(at(25, 9, 35))
    await bot.task(SEKRETARIS, TaskAction.CONFIRM, run, 10)
    bot.clock.set(at(25, 10, 0))
    await bot.task(INSPEKTUR, TaskAction.APPROVE, run, 11)
    await work(bot, STAF, run, 12, started=at(25, 10, 5), done=at(25, 10, 50), files=("arsip.pdf",))

    state = await bot.run_state(run)
    assert state.status is RunStatus.FINISHED
    assert state.finished_at == at(25, 10, 50)
    assert all(t.status is TaskStatus.DONE for t in state.tasks)
    measured = [
        (t.no, t.step, t.iteration, t.lead_minutes, t.processing_minutes, t.late_minutes)
        for t in state.tasks
    ]
    assert measured == [
        # no, step, round, lead (assigned→done), processing (Mulai→done), late
        (1, 1, 1, 25, 25, 0),  # Fri 15:50→16:15; due 16:20
        (2, 2, 1, 165, 150, 0),  # Fri 16:15–16:30 (15) + Mon 07:30–10:00 (150); due Mon 15:45
        (3, 3, 1, 390, 360, 0),  # Mon 10:00–12:00 (120) + 13:00–16:00 (180) + Tue 07:30–09:00 (90)
        (4, 4, 1, 120, 120, 0),  # Tue 09:00→11:00
        (5, 5, 1, 30, 30, 0),  # Tue 11:00→11:30
        (6, 5, 1, 120, 60, 0),  # 11:00–12:00 (60) + 13:00–14:00 (60); Mulai 13:00
        (7, 6, 1, 90, 90, 0),  # 14:00→15:30; 3 jam due Wed 08:30
        (8, 7, 1, 65, 65, 0),  # Tue 15:30–16:00 (30) + Wed 07:30–08:05 (35); no Mulai
        (9, 6, 2, 60, 55, 0),  # Wed 08:05→09:05; Mulai 08:10
        (10, 7, 2, 30, 30, 0),  # 09:05→09:35; no Mulai
        (11, 8, 1, 25, 25, 0),  # 09:35→10:00
        (12, 9, 1, 50, 45, 0),  # 10:00→10:50; Mulai 10:05; due 11:00
    ]
    assert (
        state.task(8) is not None and state.task(8).reason == "Target kinerja Irban II belum masuk"
    )
    # The verified document went on to the Inspektur's decision.
    assert [ref.name for ref in state.task(11).inputs] == ["terverifikasi.pdf"]  # type: ignore[union-attr]
