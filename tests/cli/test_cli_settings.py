"""`sopbot office set`: digest time, reminder lead and group reminders."""

from __future__ import annotations

from tests.cli.test_cli_office import database, sopbot, store

__all__ = ["database", "sopbot", "store"]


def test_office_set_changes_and_shows_the_settings(sopbot, store) -> None:  # type: ignore[no-untyped-def]
    sopbot("office", "create", "BPPD Anambas")
    result = sopbot(
        "office", "set", "1", "--digest", "08:15", "--lead", "45", "--group-reminders", "off"
    )
    assert result.exit_code == 0, result.output
    assert "BPPD Anambas: ringkasan pukul 08:15" in result.output
    assert "45 menit kerja" in result.output

    async def read(uow):  # type: ignore[no-untyped-def]
        async with uow:
            return await uow.clock.settings(1)

    settings = store(read)
    assert (settings.digest_time, settings.reminder_lead_minutes, settings.group_reminders) == (
        "08:15",
        45,
        False,
    )


def test_office_set_refuses_a_bad_time_and_changes_nothing(sopbot, store) -> None:  # type: ignore[no-untyped-def]
    sopbot("office", "create", "BPPD Anambas")
    result = sopbot("office", "set", "1", "--digest", "25:00")
    assert result.exit_code != 0
    assert "digest_time" in result.output

    async def read(uow):  # type: ignore[no-untyped-def]
        async with uow:
            return await uow.clock.settings(1)

    assert store(read).digest_time == "07:30"
