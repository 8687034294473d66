"""The clock with the real Application, the fake Bot API and an injected clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.services import complete_task, start_task
from bot.store import OutboxState
from bot.store.repositories.outbox import OutboxRepository
from bot.tg.clock import tick
from tests.tg.clock_world import (
    ONE_STEP,
    group_texts,
    office_with_group,
    overdue_lists,
    reminders,
    start,
    tick_at,
)
from tests.tg.harness import WIB, Harness, bot

__all__ = ["bot"]


def _wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


async def test_three_overdue_tasks_make_one_group_message(bot: Harness) -> None:
    key = await office_with_group(bot)
    for _ in range(3):
        await start(bot, key, at=_wib(2026, 11, 20, 9, 0))  # step 1 (15 min) due 09:15
    await tick_at(bot, _wib(2026, 11, 20, 10, 0))
    overdue = overdue_lists(bot)
    assert len(overdue) == 1
    assert overdue[0].startswith("⚠️ 3 tugas melewati batas waktu")
    assert overdue[0].count("Penanganan Surat Masuk, langkah 1: Admin, terlambat 45 menit") == 3
    assert len(reminders(bot)) == 3
    await tick_at(bot, _wib(2026, 11, 20, 10, 1))
    assert len(overdue_lists(bot)) == 1
    assert len(reminders(bot)) == 3


async def test_nothing_at_night_or_on_sunday_and_friday_late_waits_for_monday(
    bot: Harness,
) -> None:
    key = await office_with_group(bot)
    await start(bot, key, at=_wib(2026, 11, 20, 16, 0))  # due Friday 16:15
    sent = len(bot.api.sent())
    for instant in (
        _wib(2026, 11, 20, 16, 40),  # after Friday's 16:30 close
        _wib(2026, 11, 20, 20, 0),
        _wib(2026, 11, 21, 10, 0),  # Saturday
        _wib(2026, 11, 22, 10, 0),  # Sunday
        _wib(2026, 11, 23, 7, 29),  # Monday before opening
    ):
        await tick_at(bot, instant)
    assert len(bot.api.sent()) == sent
    await tick_at(bot, _wib(2026, 11, 23, 7, 30))
    [reminder] = reminders(bot)
    assert "Langkah 1 Penanganan Surat Masuk" in reminder
    assert "terlambat 15 menit" in reminder  # 16:15 to 16:30 on Friday, none since


async def test_nothing_on_cuti_bersama(bot: Harness) -> None:
    key = await office_with_group(bot)
    await start(bot, key, at=_wib(2026, 3, 17, 10, 0))
    sent = len(bot.api.sent())
    await tick_at(bot, _wib(2026, 3, 20, 10, 0))  # cuti bersama Idul Fitri
    assert len(bot.api.sent()) == sent
    await tick_at(bot, _wib(2026, 3, 25, 7, 30))
    assert len(reminders(bot)) == 1


async def test_a_reminder_comes_shortly_before_the_due_time(bot: Harness) -> None:
    key = await office_with_group(bot, ONE_STEP)
    await start(bot, key, at=_wib(2026, 11, 23, 8, 0))  # due 09:00, lead 30 working minutes
    await tick_at(bot, _wib(2026, 11, 23, 8, 29))
    assert reminders(bot) == []
    await tick_at(bot, _wib(2026, 11, 23, 8, 30))
    [soon] = reminders(bot)
    assert soon.startswith("⏰ Langkah 1 Cek Berkas jatuh tempo")
    await tick_at(bot, _wib(2026, 11, 23, 8, 45))
    await tick_at(bot, _wib(2026, 11, 23, 9, 0))
    assert [text[:1] for text in reminders(bot)] == ["⏰", "⚠"]
    await tick_at(bot, _wib(2026, 11, 23, 15, 0))
    assert len(reminders(bot)) == 2  # one of each kind per working day
    await tick_at(bot, _wib(2026, 11, 24, 7, 30))
    assert len(reminders(bot)) == 3  # the next working day, overdue again


async def test_the_digest_arrives_on_working_days_only(bot: Harness) -> None:
    key = await office_with_group(bot)
    await start(bot, key, at=_wib(2026, 11, 20, 9, 0))
    for instant in (_wib(2026, 11, 21, 8, 0), _wib(2026, 11, 22, 8, 0), _wib(2026, 11, 23, 7, 0)):
        await tick_at(bot, instant)
    assert not [text for text in group_texts(bot) if text.startswith("☀️")]
    await tick_at(bot, _wib(2026, 11, 23, 7, 30))
    await tick_at(bot, _wib(2026, 11, 23, 7, 31))
    [digest] = [text for text in group_texts(bot) if text.startswith("☀️")]
    assert digest == (
        "☀️ Selamat pagi, BPPD Anambas. Tugas terbuka: 1; terlambat: 1; jatuh tempo hari ini: 0."
    )


async def test_a_crash_mid_cycle_loses_nothing_and_a_restart_repeats_nothing(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = await office_with_group(bot)
    for _ in range(2):
        await start(bot, key, at=_wib(2026, 11, 20, 9, 0))
    real_add = OutboxRepository.add

    async def crash(self: OutboxRepository, *, rows: list[dict[str, object]]) -> None:
        raise ConnectionError("the process died mid-cycle")

    monkeypatch.setattr(OutboxRepository, "add", crash)
    with pytest.raises(ConnectionError):
        await tick_at(bot, _wib(2026, 11, 20, 10, 0))
    monkeypatch.setattr(OutboxRepository, "add", real_add)
    await bot.restart()
    bot.clock.now = _wib(2026, 11, 20, 10, 1)
    await tick(bot.app)  # committed; the process stops before delivering
    await bot.restart()
    await tick_at(bot, _wib(2026, 11, 20, 10, 2))
    await tick_at(bot, _wib(2026, 11, 20, 10, 3))
    assert len(reminders(bot)) == 2
    assert len(overdue_lists(bot)) == 1
    async with bot.uow() as uow:
        assert await uow.outbox.pending_count() == 0
        sent = await uow.outbox.messages(state=OutboxState.SENT)
    assert len({m.dedupe_key for m in sent}) == len(sent)


async def test_the_group_hears_when_a_run_starts_and_finishes(bot: Harness) -> None:
    key = await office_with_group(bot, ONE_STEP)
    run_id = await start(bot, key, at=_wib(2026, 11, 23, 8, 0))
    await start_task(
        bot.uow(), run_id=run_id, task_no=1, by=bot.admin.id, at=_wib(2026, 11, 23, 8, 5)
    )
    await complete_task(
        bot.uow(), run_id=run_id, task_no=1, by=bot.admin.id, at=_wib(2026, 11, 23, 8, 30)
    )
    await tick_at(bot, _wib(2026, 11, 23, 8, 31))
    lines = [text for text in group_texts(bot) if "Cek Berkas" in text]
    assert lines == [
        "▶️ Cek Berkas · pelaksanaan ke-1 dimulai oleh Admin.",
        "✅ Cek Berkas · pelaksanaan ke-1 selesai: waktu kerja 30 menit (standar 1 jam).",
    ]
    assert all("Memeriksa berkas" not in text for text in group_texts(bot))
