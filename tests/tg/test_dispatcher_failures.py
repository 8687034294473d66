"""When Telegram refuses: blocked users, flood control, network errors, messages given up,
and dispatchers that die or run side by side. Nothing is lost; nothing is sent twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.config import Settings
from bot.services import claim_batch, start_run, start_task
from bot.store import OutboxState
from bot.tg.app import build_application
from bot.tg.dispatcher import MAX_ATTEMPTS, dispatch_pending
from tests.tg.delivery_world import World, world
from tests.tg.fakes import TOKEN

__all__ = ["world"]


async def _start(world: World, by: str = "Admin") -> str:
    started = await start_run(
        world.uow(),
        office_id=world.office_id,
        sop_key="surat-masuk",
        by=world.ids[by],
        at=world.clock.now,
    )
    return started.state.run_id


async def _person(world: World, name: str):
    async with world.uow() as uow:
        return await uow.people.get(world.ids[name])


async def _messages(world: World, run_id: str | None = None):
    async with world.uow() as uow:
        return await uow.outbox.messages(run_id=run_id)


async def test_a_user_who_blocked_the_bot_is_marked_and_the_admin_told(world: World) -> None:
    world.api.block(world.chat("Sari"))
    run_id = await _start(world)
    await world.deliver()

    assert world.received("Sari") == []
    sari = await _person(world, "Sari")
    assert sari.blocked_at == world.clock.now
    [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
    assert card.state is OutboxState.DEAD and "blocked" in (card.last_error or "")
    notices = world.texts("Admin")
    assert notices[-1] == (
        "Sari telah memblokir SOP Bot sehingga kartu tugasnya tidak dapat dikirim. "
        "Mintalah yang bersangkutan membuka bot di Telegram dan menekan Mulai (atau Restart); "
        "tugas yang masih terbuka dapat dilihat dengan /tugas."
    )

    # Still blocked: the next message is refused too, and the admin is not told again.
    world.clock.at(10)
    await _start(world)
    await world.deliver()
    assert [text for text in world.texts("Admin") if "memblokir" in text] == [notices[-1]]
    assert (await _person(world, "Sari")).blocked_at == sari.blocked_at

    # Unblocked (the user pressed Start again): the next card arrives and the mark is gone.
    world.api.unblock(world.chat("Sari"))
    world.clock.at(20)
    await _start(world)
    await world.deliver()
    assert len(world.received("Sari")) == 1
    assert (await _person(world, "Sari")).blocked_at is None


async def test_flood_control_puts_the_message_back_until_telegram_allows(world: World) -> None:
    # Two 429s: the rate limiter retries once in place, the second one comes back to us.
    world.api.flood(world.chat("Sari"), retry_after=1, times=2)
    run_id = await _start(world)
    await world.deliver()
    assert world.received("Sari") == []
    [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
    assert card.state is OutboxState.PENDING and card.attempts == 1
    assert card.available_at == world.clock.now + timedelta(seconds=1)
    assert await world.deliver() == 0  # not before Telegram's retry_after

    world.clock.at(1 / 60)
    assert await world.deliver() == 1
    assert len(world.received("Sari")) == 1  # exactly once


async def test_network_errors_back_off_and_a_message_is_given_up_after_n_attempts(
    world: World,
) -> None:
    world.api.network_down(world.chat("Sari"), times=MAX_ATTEMPTS)
    run_id = await _start(world)
    waited = 0.0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await world.deliver()
        [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
        assert card.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert card.state is OutboxState.PENDING
            delay = (card.available_at - world.clock.now).total_seconds()
            assert delay == 5 * 2 ** (attempt - 1)  # 5 s, 10 s, 20 s …
            waited += delay
            world.clock.at(waited / 60)
    assert card.state is OutboxState.DEAD
    assert world.received("Sari") == []
    assert world.texts("Admin")[-1] == (
        f"Pesan kepada Sari tidak dapat dikirim setelah {MAX_ATTEMPTS} kali percobaan "
        "(connection reset). Pastikan yang bersangkutan masih menggunakan Telegram; "
        "tugas yang masih terbuka dapat dilihat dengan /tugas."
    )


async def test_a_refusal_that_will_not_improve_is_given_up_at_once(world: World) -> None:
    world.api.bad_request(world.chat("Sari"), "chat not found")
    run_id = await _start(world)
    await world.deliver()
    [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
    assert card.state is OutboxState.DEAD and card.attempts == 1
    assert "chat not found" in (card.last_error or "").lower()
    assert (
        "Pesan kepada Sari tidak dapat dikirim setelah 1 kali percobaan"
        in (world.texts("Admin")[-1])
    )


async def test_an_edit_that_changes_nothing_counts_as_delivered(world: World) -> None:
    run_id = await _start(world)
    await world.deliver()
    world.api.bad_request(world.chat("Sari"), "message is not modified")
    at = world.clock.at(5)
    await start_task(world.uow(), run_id=run_id, task_no=1, by=world.ids["Sari"], at=at)
    assert await world.deliver() == 1
    assert {m.state for m in await _messages(world, run_id)} == {OutboxState.SENT}


async def test_a_chats_second_message_waits_until_its_first_was_sent(world: World) -> None:
    from bot.services import complete_task
    from tests.tg.delivery_world import output

    run_id = await _start(world)
    await world.deliver()
    world.api.network_down(world.chat("Budi"), times=1)  # the file to Budi fails once
    at = world.clock.at(10)
    await complete_task(
        world.uow(),
        run_id=run_id,
        task_no=1,
        by=world.ids["Sari"],
        at=at,
        output=output("disposisi.pdf"),
    )
    await world.deliver()
    assert world.received("Budi") == []  # his card waits behind the file
    assert [c.method for c in world.received("John")] == ["sendDocument", "sendMessage"]
    world.clock.at(10 + 5 / 60)
    await world.deliver()
    assert [c.method for c in world.received("Budi")] == ["sendDocument", "sendMessage"]


async def test_a_claim_abandoned_by_a_dead_worker_is_sent_after_its_lease(world: World) -> None:
    await _start(world)
    # A worker claims the messages and dies before sending anything.
    batch = await claim_batch(world.uow(), worker="dead-worker", at=world.clock.now)
    assert batch is not None and len(batch.messages) == 2
    assert await world.deliver() == 0  # still held by the dead worker's claim
    world.clock.at(1)  # the lease (60 s) has run out
    assert await world.deliver() == 2
    assert len(world.received("Sari")) == 1
    assert {m.attempts for m in await _messages(world)} == {2}


async def test_two_dispatchers_at_once_send_every_message_once(world: World) -> None:
    for minute in range(5):
        world.clock.at(minute)
        await _start(world)
    sent = await asyncio.gather(dispatch_pending(world.app), dispatch_pending(world.app))
    assert sum(sent) == 10
    assert len(world.received("Sari")) == 5
    assert len(world.received("Admin")) == 5
    assert {m.state for m in await _messages(world)} == {OutboxState.SENT}


async def test_a_send_without_an_answer_is_given_back_before_its_claim_runs_out(
    world: World,
) -> None:
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, outbox_lease_seconds=0.4)  # type: ignore[call-arg]
    app = build_application(settings, request=world.api, sessions=world.sessions, clock=world.clock)
    await app.initialize()
    try:
        world.api.stall(world.chat("Sari"), seconds=1.0)  # accepted, answered too late
        run_id = await _start(world)
        await dispatch_pending(app)
        [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
        assert card.state is OutboxState.PENDING and card.attempts == 1
        assert card.last_error == "no answer within 0.2 s"
        world.clock.at(5 / 60)
        await dispatch_pending(app)
    finally:
        await app.shutdown()
    [card] = [m for m in await _messages(world, run_id) if m.kind == "task_card"]
    assert card.state is OutboxState.SENT and card.attempts == 2
    # Telegram had taken the first one: this is the one copy too many a timeout may cost.
    assert len(world.received("Sari")) == 2
