"""Linking an office group with /hubungkan; the bot removed; a supergroup migration."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.services import add_member, create_office, person_for_telegram
from tests.tg.group_updates import GROUP, SUPERGROUP, bot_removed, group_command, migrated
from tests.tg.harness import Harness, Person, bot

__all__ = ["bot"]


async def _feed(harness: Harness, data: dict[str, Any]) -> None:
    await harness.app.process_update(Update.de_json(data, harness.app.bot))


async def _link(
    harness: Harness, person: Person, chat_id: int = GROUP, text: str = "/hubungkan"
) -> str:
    await _feed(
        harness, group_command(chat_id=chat_id, user_id=person.tg_id, name=person.name, text=text)
    )
    replies = [c for c in harness.api.sent() if c.params["chat_id"] == chat_id]
    return str(replies[-1].params["text"])


async def _linked_office(harness: Harness, chat_id: int) -> int | None:
    async with harness.uow() as uow:
        return await uow.clock.office_of_group(chat_id)


async def test_an_office_admin_links_the_group(bot: Harness) -> None:
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    reply = await _link(bot, bot.admin)
    assert "BPPD Anambas" in reply
    assert await _linked_office(bot, GROUP) == bot.office_id


async def test_a_member_who_is_not_admin_is_refused(bot: Harness) -> None:
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    staff = Person(20, "Budi")
    person = await person_for_telegram(
        bot.uow(), telegram_user_id=staff.tg_id, display_name=staff.name, at=bot.clock()
    )
    await add_member(
        bot.uow(), office_id=bot.office_id, person_id=person.id, is_admin=False, at=bot.clock()
    )
    reply = await _link(bot, staff, text=f"/hubungkan {bot.office_id}")
    assert "admin" in reply
    assert await _linked_office(bot, GROUP) is None


async def test_a_group_linked_to_another_office_is_refused(bot: Harness) -> None:
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    await _link(bot, bot.admin)
    other_admin = Person(30, "Rina")
    other = await create_office(bot.uow(), name="Inspektorat", at=bot.clock(), timezone="WIB")
    person = await person_for_telegram(
        bot.uow(), telegram_user_id=other_admin.tg_id, display_name=other_admin.name, at=bot.clock()
    )
    await add_member(
        bot.uow(), office_id=other.id, person_id=person.id, is_admin=True, at=bot.clock()
    )
    reply = await _link(bot, other_admin)
    assert "another office" in reply or "kantor lain" in reply
    assert await _linked_office(bot, GROUP) == bot.office_id


async def test_removing_the_bot_from_the_group_unlinks_it(bot: Harness) -> None:
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    await _link(bot, bot.admin)
    await _feed(bot, bot_removed(chat_id=GROUP, by=bot.admin.tg_id))
    assert await _linked_office(bot, GROUP) is None


async def test_a_supergroup_migration_moves_the_link(bot: Harness) -> None:
    await bot.office_with("pengukuran-kinerja-bppd-anambas.yaml")
    await _link(bot, bot.admin)
    await _feed(bot, migrated(old_chat_id=GROUP, new_chat_id=SUPERGROUP))
    assert await _linked_office(bot, GROUP) is None
    assert await _linked_office(bot, SUPERGROUP) == bot.office_id
