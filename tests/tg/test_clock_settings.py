"""/pengingat and /pengaturan through the real Application."""

from __future__ import annotations

from datetime import datetime

from tests.tg.clock_world import office_with_group, reminders, start, tick_at
from tests.tg.harness import WIB, Harness, Person, bot

__all__ = ["bot"]


async def test_digest_only_replaces_reminders_with_a_morning_digest(bot: Harness) -> None:
    key = await office_with_group(bot)
    await bot.send(bot.admin, "/pengingat ringkasan")
    assert bot.last_text(bot.admin) == "Tersimpan. Anda akan menerima hanya ringkasan pagi."
    await start(bot, key, at=datetime(2026, 11, 23, 7, 0, tzinfo=WIB))
    await tick_at(bot, datetime(2026, 11, 23, 9, 0, tzinfo=WIB))
    assert reminders(bot) == []
    digests = [t for t in bot.texts_to(bot.admin) if t.startswith("☀️ Selamat pagi. Tugas")]
    assert digests == [
        "☀️ Selamat pagi. Tugas terbuka Anda: 1; terlambat: 1; jatuh tempo hari ini: 0. "
        "Kirim /tugas untuk melihatnya."
    ]
    await bot.send(bot.admin, "/pengingat segera")
    await tick_at(bot, datetime(2026, 11, 24, 8, 0, tzinfo=WIB))
    assert len(reminders(bot)) == 1


async def test_an_admin_changes_the_clock_settings(bot: Harness) -> None:
    await office_with_group(bot)
    await bot.send(bot.admin, "/pengaturan ringkasan 08:15")
    assert "Ringkasan pagi: 08:15" in bot.last_text(bot.admin)
    await bot.send(bot.admin, "/pengaturan grup off")
    assert "Daftar tugas terlambat di grup: nonaktif" in bot.last_text(bot.admin)
    await bot.send(bot.admin, "/pengaturan ringkasan 31:00")
    assert "tidak dapat dipakai" in bot.last_text(bot.admin)
    async with bot.uow() as uow:
        settings = await uow.clock.settings(bot.office_id)
    assert (settings.digest_time, settings.group_reminders) == ("08:15", False)


async def test_a_member_who_is_not_admin_cannot_change_settings(bot: Harness) -> None:
    await office_with_group(bot)
    staff = Person(41, "Budi")
    await bot.invite_and_join(staff, "staf")
    await bot.send(staff, "/pengaturan pengingat 5")
    assert bot.last_text(staff) == "Hanya admin kantor yang dapat mengubah pengaturan ini."
    async with bot.uow() as uow:
        assert (await uow.clock.settings(bot.office_id)).reminder_lead_minutes == 30
