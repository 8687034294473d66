"""The dispatcher delivers what services decided: cards in each reader's language, in order,
edited as their tasks move on (started, done with its measures, sent back, no longer needed)."""

from __future__ import annotations

import asyncio

from bot.services import cancel_run, complete_task, decide, start_run, start_task
from bot.store import OutboxState
from bot.tg.callbacks import TaskAction, TaskButton
from bot.tg.dispatcher import deliver_soon
from tests.conftest import SAMPLE_SOP
from tests.tg.delivery_world import World, buttons, output, world

__all__ = ["world"]

MONDAY_0800 = 3 * 24 * 60 - 7 * 60 - 50  # minutes from Friday 15:50 to Monday 08:00


async def _start(world: World, by: str = "Admin", sop_key: str = "surat-masuk") -> str:
    started = await start_run(
        world.uow(),
        office_id=world.office_id,
        sop_key=sop_key,
        by=world.ids[by],
        at=world.clock.now,
    )
    return started.state.run_id


async def _done(world: World, run_id: str, task_no: int, who: str, minutes: float, **kw) -> None:
    at = world.clock.at(minutes)
    await complete_task(world.uow(), run_id=run_id, task_no=task_no, by=world.ids[who], at=at, **kw)


async def test_the_first_card_goes_to_the_first_actor_and_the_starter_hears(world: World) -> None:
    run_id = await _start(world)
    assert await world.deliver() == 2
    [card] = world.received("Sari")
    assert card.method == "sendMessage"
    assert card.params["text"].splitlines() == [
        "Penanganan Surat Masuk · pelaksanaan ke-1",
        "Langkah 1 dari 4",
        "Menerima dan mencatat surat masuk",
        "",
        "Output: Lembar disposisi",
        "Waktu baku: 15 menit",
        "Batas waktu: Jum, 20 Nov 2026 16:05 WIB",
        "Diserahkan oleh: Admin",
    ]
    assert buttons(card) == [
        ("Mulai", TaskButton(TaskAction.START, run_id, 1)),
        ("Selesai", TaskButton(TaskAction.DONE, run_id, 1)),
    ]
    [news] = world.texts("Admin")
    assert news.splitlines()[1] == ("Pelaksanaan SOP telah dimulai. Langkah pertama ada pada Sari.")
    assert await world.deliver() == 0  # nothing is sent twice
    async with world.uow() as uow:
        cards = await uow.task_messages.of_runs([run_id])
    assert cards[(run_id, 1, world.ids["Sari"])].message_id == card_id(world, "Sari")


def card_id(world: World, name: str) -> int:
    """The message id Telegram gave the person's last card."""
    sent = [call for call in world.received(name, "sendMessage") if buttons(call)]
    # The fake numbers messages in order; the result is not kept, so count the sends.
    return _message_ids(world)[id(sent[-1])]


def _message_ids(world: World) -> dict[int, int]:
    ids, number = {}, 1000
    for call in world.api.calls:
        if call.ok and call.method in {"sendMessage", "sendDocument", "sendPhoto"}:
            number += 1
            ids[id(call)] = number
    return ids


async def test_a_card_is_edited_when_started_and_when_done(world: World) -> None:
    run_id = await _start(world)
    await world.deliver()
    message_id = card_id(world, "Sari")
    at = world.clock.at(5)
    await start_task(world.uow(), run_id=run_id, task_no=1, by=world.ids["Sari"], at=at)
    await world.deliver()
    [started] = world.received("Sari", "editMessageText")
    assert started.params["message_id"] == message_id
    assert started.params["text"].splitlines()[-1] == "Dimulai Jum, 20 Nov 2026 15:55 WIB"
    assert buttons(started) == [("Selesai", TaskButton(TaskAction.DONE, run_id, 1))]

    await _done(world, run_id, 1, "Sari", 35, output=output("disposisi.pdf"))
    await world.deliver()
    done = world.received("Sari", "editMessageText")[-1]
    assert done.params["message_id"] == message_id
    # Due 16:05, done 16:25: 35 working minutes against a standard of 15, 20 late.
    assert done.params["text"].splitlines()[-1] == (
        "Selesai · 35 menit (baku 15 menit) · terlambat 20 menit"
    )
    assert buttons(done) == []


async def test_the_next_actors_get_the_file_then_their_card_in_their_language(
    world: World,
) -> None:
    run_id = await _start(world)
    await world.deliver()
    await _done(world, run_id, 1, "Sari", 35, output=output("disposisi.pdf"))
    await world.deliver()

    budi = world.received("Budi")
    assert [call.method for call in budi] == ["sendDocument", "sendMessage"]
    assert budi[0].params["document"] == "file-disposisi.pdf"
    assert budi[0].params["caption"] == "Kelengkapan langkah 2: disposisi.pdf"
    assert budi[1].params["text"].splitlines() == [
        "Penanganan Surat Masuk · pelaksanaan ke-1",
        "Langkah 2 dari 4",
        "Menelaah surat",
        "",
        "Berkas terlampir: disposisi.pdf",
        "Waktu baku: 1 jam",
        # 5 working minutes on Friday, 55 more from Monday 07:30.
        "Batas waktu: Sen, 23 Nov 2026 08:25 WIB",
        "Diserahkan oleh: Sari",
        "",
        "Belum selesai: Budi, John",
    ]
    john = world.received("John")  # Telegram says en-US: English
    assert [call.method for call in john] == ["sendDocument", "sendMessage"]
    assert john[0].params["caption"] == "Input for step 2: disposisi.pdf"
    assert john[1].params["text"].splitlines() == [
        "Penanganan Surat Masuk · run 1",
        "Step 2 of 4",
        "Menelaah surat",
        "",
        "Attached: disposisi.pdf",
        "Time standard: 1 hour",
        "Due: Mon, 23 Nov 2026 08:25 WIB",
        "Handed over by: Sari",
        "",
        "Still pending: Budi, John",
    ]
    assert buttons(john[1]) == [
        ("Start", TaskButton(TaskAction.START, run_id, 3)),
        ("Done", TaskButton(TaskAction.DONE, run_id, 3)),
    ]


async def _to_parallel_step(world: World) -> str:
    run_id = await _start(world)
    await _done(world, run_id, 1, "Sari", 35, output=output("disposisi.pdf"))
    await world.deliver()
    return run_id


async def test_parallel_step_each_assignee_sees_who_is_still_pending(world: World) -> None:
    run_id = await _to_parallel_step(world)
    await _done(world, run_id, 2, "Budi", MONDAY_0800)
    await world.deliver()
    [john_edit] = world.received("John", "editMessageText")
    assert john_edit.params["message_id"] == card_id(world, "John")
    assert john_edit.params["text"].splitlines()[-2:] == [
        "Still pending: John",
        "Finished: Budi",
    ]
    assert len(buttons(john_edit)) == 2  # John still has his task
    [budi_edit] = world.received("Budi", "editMessageText")
    assert budi_edit.params["text"].splitlines()[-1] == (
        "Selesai · 35 menit (baku 1 jam) · tepat waktu"  # 5 on Friday, 30 on Monday
    )
    assert world.received("Kepala") == []  # the step waits for John

    await _done(world, run_id, 3, "John", MONDAY_0800 + 10)
    await world.deliver()
    [decision] = world.received("Kepala", "sendMessage")
    lines = decision.params["text"].splitlines()
    assert lines[1:4] == ["Langkah 3 dari 4", "Memutuskan disposisi", "Keputusan: Disetujui?"]
    assert buttons(decision) == [
        ("Setujui", TaskButton(TaskAction.APPROVE, run_id, 4)),
        ("Kembalikan", TaskButton(TaskAction.SEND_BACK, run_id, 4)),
    ]


async def test_tasks_no_longer_needed_are_edited_to_say_so(world: World) -> None:
    quorum = {
        **SAMPLE_SOP,
        "kode": "surat-cepat",
        "langkah": [dict(s) for s in SAMPLE_SOP["langkah"]],
    }
    quorum["langkah"][1]["minimal_selesai"] = 1
    await world.publish(quorum)
    run_id = await _start(world, sop_key="surat-cepat")
    await _done(world, run_id, 1, "Sari", 35, output=output("disposisi.pdf"))
    await world.deliver()
    assert (
        "Langkah ini selesai bila 1 dari 2 orang telah menyelesaikannya."
        in (world.received("Budi", "sendMessage")[0].params["text"])
    )
    await _done(world, run_id, 2, "Budi", MONDAY_0800)
    await world.deliver()
    [john_edit] = world.received("John", "editMessageText")
    assert john_edit.params["text"].splitlines()[-1] == (
        "No longer needed: enough others finished this step."
    )
    assert buttons(john_edit) == []


async def test_a_send_back_edits_the_deciders_card_and_returns_the_task_marked_round_2(
    world: World,
) -> None:
    run_id = await _to_parallel_step(world)
    await _done(world, run_id, 2, "Budi", MONDAY_0800)
    await _done(world, run_id, 3, "John", MONDAY_0800 + 10)
    await world.deliver()
    at = world.clock.at(MONDAY_0800 + 40)
    await decide(
        world.uow(),
        run_id=run_id,
        task_no=4,
        by=world.ids["Kepala"],
        at=at,
        approve=False,
        reason="Lampiran kurang",
    )
    await world.deliver()
    [outcome] = world.received("Kepala", "editMessageText")
    assert outcome.params["text"].splitlines()[-1] == (
        "Dikembalikan ke langkah 1: “Lampiran kurang”"
    )
    assert buttons(outcome) == []
    returned = world.received("Sari")[-2:]
    assert [call.method for call in returned] == ["sendDocument", "sendMessage"]
    assert returned[1].params["text"].splitlines()[:7] == [
        "Penanganan Surat Masuk · pelaksanaan ke-1",
        "Langkah 1 dari 4 · putaran 2",
        "Menerima dan mencatat surat masuk",
        "",
        "Dikembalikan oleh Kepala: “Lampiran kurang”",
        "Berkas terlampir: disposisi.pdf",
        "Output: Lembar disposisi",
    ]
    assert buttons(returned[1])[0] == ("Mulai", TaskButton(TaskAction.START, run_id, 5))


async def test_a_finished_run_is_announced_to_everyone_who_took_part(world: World) -> None:
    run_id = await _to_parallel_step(world)
    await _done(world, run_id, 2, "Budi", MONDAY_0800)
    await _done(world, run_id, 3, "John", MONDAY_0800 + 10)
    at = world.clock.at(MONDAY_0800 + 20)
    await decide(world.uow(), run_id=run_id, task_no=4, by=world.ids["Kepala"], at=at, approve=True)
    await _done(world, run_id, 5, "Sari", MONDAY_0800 + 30)
    await world.deliver()
    expected = "Pelaksanaan SOP telah selesai (Sen, 23 Nov 2026 08:30 WIB): 5 tugas diselesaikan."
    for name in ("Admin", "Sari", "Budi", "Kepala"):
        assert world.texts(name)[-1].splitlines() == [
            "Penanganan Surat Masuk · pelaksanaan ke-1",
            expected,
        ]
    assert world.texts("John")[-1].splitlines()[1] == (
        "The run is finished (Mon, 23 Nov 2026 08:30 WIB): 5 tasks done."
    )
    [approved] = world.received("Kepala", "editMessageText")
    assert approved.params["text"].splitlines()[-1] == (
        "Disetujui · 10 menit (baku 1 hari kerja) · tepat waktu"
    )


async def test_cancelling_a_run_closes_the_open_cards(world: World) -> None:
    run_id = await _start(world)
    await world.deliver()
    at = world.clock.at(10)
    await cancel_run(
        world.uow(), run_id=run_id, by=world.ids["Admin"], at=at, reason="Surat ditarik"
    )
    await world.deliver()
    [closed] = world.received("Sari", "editMessageText")
    assert closed.params["text"].splitlines()[-1] == (
        "Tidak diperlukan lagi: pelaksanaan SOP dibatalkan."
    )
    assert buttons(closed) == []
    assert world.texts("Sari")[-1].splitlines()[1:] == [
        "Pelaksanaan SOP dibatalkan oleh Admin (Jum, 20 Nov 2026 16:00 WIB).",
        "Alasan: Surat ditarik",
    ]
    async with world.uow() as uow:
        states = {m.state for m in await uow.outbox.messages(run_id=run_id)}
    assert states == {OutboxState.SENT}


async def test_a_photo_output_is_handed_on_as_a_photo(world: World) -> None:
    run_id = await _start(world)
    await _done(world, run_id, 1, "Sari", 10, output=output("foto.jpg", kind="photo"))
    await world.deliver()
    [photo, card] = world.received("Budi")
    assert photo.method == "sendPhoto" and photo.params["photo"] == "file-foto.jpg"
    assert photo.params["caption"] == "Kelengkapan langkah 2: foto.jpg"
    assert card.method == "sendMessage" and buttons(card)


async def _received_within(world: World, name: str, seconds: float) -> bool:
    for _ in range(int(seconds / 0.05)):
        if world.received(name):
            return True
        await asyncio.sleep(0.05)
    return bool(world.received(name))


async def test_the_dispatcher_runs_with_the_application(world: World) -> None:
    await world.app.start()  # starts the JobQueue, as run_polling does
    try:
        await _start(world)
        assert await _received_within(world, "Sari", 5.0)  # the repeating job found it
        await _done(world, (await _run_ids(world))[0], 1, "Sari", 5, output=output("a.pdf"))
        deliver_soon(world.app)  # (the next tick would deliver it too, a little later)
        assert await _received_within(world, "Budi", 5.0)
    finally:
        await world.app.stop()
    assert len([c for c in world.received("Sari", "sendMessage") if buttons(c)]) == 1


async def _run_ids(world: World) -> list[str]:
    async with world.uow() as uow:
        return sorted({m.run_id for m in await uow.outbox.messages() if m.run_id})
