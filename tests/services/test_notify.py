"""Every transition writes the messages it causes: one outbox row per recipient message,
in the order each person should read them, with one INSERT per transaction."""

import re
from datetime import UTC

from sqlalchemy import event

from bot.services import OutputMeta, cancel_run, complete_task, decide, start_run
from bot.store import OutboxState


def _file(name: str) -> OutputMeta:
    return OutputMeta(
        telegram_file_id=f"id-{name}", telegram_file_unique_id=f"u-{name}", file_name=name
    )


async def _rows(new_uow, run_id: str) -> list[tuple[str, int | None, int | None]]:
    """(kind, recipient, task no) of the run's rows, in the order they were written."""
    async with new_uow() as uow:
        messages = await uow.outbox.messages(run_id=run_id)
    assert {m.state for m in messages} == {OutboxState.PENDING}
    return [(m.kind, m.person_id, m.payload.get("task_no")) for m in messages]


async def _start(uow, world, by: int) -> str:
    started = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=by, at=world.t0
    )
    return started.state.run_id


async def test_starting_sends_the_first_card_and_tells_a_starter_without_it(
    uow, new_uow, world
) -> None:
    own = await _start(uow, world, by=world.staf)
    assert await _rows(new_uow, own) == [("task_card", world.staf, 1)]
    other = await _start(uow, world, by=world.admin)
    assert await _rows(new_uow, other) == [
        ("run_started", world.admin, None),
        ("task_card", world.staf, 1),
    ]
    async with new_uow() as uow2:
        [first, *_] = await uow2.outbox.messages(run_id=other)
    assert first.created_at == world.t0.astimezone(UTC) == first.available_at
    assert first.office_id == world.office_id and first.queue == f"p{world.admin}"


async def test_completing_edits_the_card_and_hands_the_file_to_each_next_actor(
    uow, new_uow, world
) -> None:
    run_id = await _start(uow, world, by=world.staf)
    await complete_task(
        uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(20), output=_file("d.pdf")
    )
    assert (await _rows(new_uow, run_id))[1:] == [
        ("card_update", world.staf, 1),
        ("task_input", world.kasubag1, 2),
        ("task_card", world.kasubag1, 2),
        ("task_input", world.kasubag2, 3),
        ("task_card", world.kasubag2, 3),
    ]
    async with new_uow() as uow2:
        messages = await uow2.outbox.messages(run_id=run_id)
    keys = [m.dedupe_key for m in messages]
    assert len(set(keys)) == len(keys)
    [handed] = [m for m in messages if m.kind == "task_input" and m.person_id == world.kasubag1]
    outputs = {o.id: o.meta.file_name for o in await _outputs(new_uow, run_id)}
    assert outputs[handed.payload["output_id"]] == "d.pdf"


async def _outputs(new_uow, run_id: str):
    async with new_uow() as uow:
        return await uow.runs.outputs_of(run_id)


async def test_a_parallel_sibling_hears_who_is_pending_and_a_send_back_returns_the_task(
    uow, new_uow, world
) -> None:
    run_id = await _start(uow, world, by=world.staf)
    await complete_task(
        uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(20), output=_file("d.pdf")
    )
    before = len(await _rows(new_uow, run_id))
    await complete_task(uow, run_id=run_id, task_no=2, by=world.kasubag1, at=world.at(30))
    assert (await _rows(new_uow, run_id))[before:] == [
        ("card_update", world.kasubag1, 2),
        ("card_update", world.kasubag2, 3),  # "still pending: kasubag2"
    ]
    await complete_task(uow, run_id=run_id, task_no=3, by=world.kasubag2, at=world.at(40))
    before = len(await _rows(new_uow, run_id))
    await decide(
        uow,
        run_id=run_id,
        task_no=4,
        by=world.kepala,
        at=world.at(60),
        approve=False,
        reason="Lampiran kurang",
    )
    assert (await _rows(new_uow, run_id))[before:] == [
        ("card_update", world.kepala, 4),
        ("task_input", world.staf, 5),
        ("task_card", world.staf, 5),
    ]


async def test_the_end_of_a_run_reaches_everyone_who_took_part(uow, new_uow, world) -> None:
    run_id = await _start(uow, world, by=world.admin)
    await complete_task(
        uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(20), output=_file("d.pdf")
    )
    before = len(await _rows(new_uow, run_id))
    await cancel_run(uow, run_id=run_id, by=world.admin, at=world.at(30), reason="Ditarik")
    assert (await _rows(new_uow, run_id))[before:] == [
        ("card_update", world.kasubag1, 2),
        ("card_update", world.kasubag2, 3),
        ("run_finished", world.admin, None),
        ("run_finished", world.staf, None),
        ("run_finished", world.kasubag1, None),
        ("run_finished", world.kasubag2, None),
    ]
    async with new_uow() as uow2:
        finished = (await uow2.outbox.messages(run_id=run_id))[-1]
    assert finished.payload == {"by": str(world.admin), "reason": "Ditarik"}


async def test_one_insert_writes_all_the_messages_of_a_button_press(uow, world, engine) -> None:
    run_id = await _start(uow, world, by=world.staf)
    inserts: list[str] = []

    def count(_conn, _cursor, statement: str, parameters, _context, executemany) -> None:
        # Comments (the SQLite write-behind mark) are not part of what the statement does.
        if re.sub(r"/\*.*?\*/\s*", "", statement).lstrip().upper().startswith("INSERT INTO OUTBOX"):
            inserts.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await complete_task(
            uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(20), output=_file("d.pdf")
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(inserts) == 1  # five rows, one statement
