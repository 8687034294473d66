"""The bot remembers facts between starts, such as its username from getMe."""

from datetime import UTC, datetime

from bot.services.bot_settings import BOT_USERNAME, recall, remember

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


async def test_a_value_is_kept_and_replaced(uow, new_uow) -> None:
    assert await recall(uow, key=BOT_USERNAME) is None
    await remember(uow, key=BOT_USERNAME, value="sop_old_bot", at=T0)
    await remember(uow, key=BOT_USERNAME, value="sop_kab_bot", at=T0)
    assert await recall(new_uow(), key=BOT_USERNAME) == "sop_kab_bot"
