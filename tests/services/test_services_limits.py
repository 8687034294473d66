"""The same limits on SQLite and PostgreSQL: checked by the services, never a raw DBAPIError."""

import pytest
from sqlalchemy.exc import DataError

from bot.services import (
    InvalidRequestError,
    OutputMeta,
    add_person,
    cancel_run,
    complete_task,
    create_office,
    decide,
    person_for_telegram,
    start_run,
)
from bot.store import ValueRejectedError
from bot.store.uow import translate_error


async def test_an_office_name_longer_than_the_column_is_refused(uow, world) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        await create_office(uow, name="K" * 201, at=world.t0)
    assert "201" in raised.value.message and "200" in raised.value.message


async def test_a_nul_character_in_a_name_is_refused(uow, world) -> None:
    with pytest.raises(InvalidRequestError):
        await add_person(uow, display_name="Sari\x00", at=world.t0)


async def test_a_telegram_id_beyond_64_bits_is_refused(uow, world) -> None:
    with pytest.raises(InvalidRequestError):
        await person_for_telegram(uow, telegram_user_id=2**63, display_name="x", at=world.t0)


async def test_a_long_telegram_name_is_cut_not_refused(uow, world) -> None:
    person = await person_for_telegram(
        uow, telegram_user_id=2**62, display_name="Nama " * 60, at=world.t0
    )
    assert len(person.display_name) == 200 and person.display_name.startswith("Nama Nama")


async def test_a_long_file_name_is_shortened_keeping_its_extension(uow, world) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    name = "laporan-" + "x" * 300 + ".pdf"
    done = await complete_task(
        uow, run_id=run.state.run_id, task_no=1, by=world.staf, at=world.at(5),
        output=OutputMeta(telegram_file_id="f", telegram_file_unique_id="u", file_name=name),
    )  # fmt: skip
    stored = done.state.task(1).output.name
    assert len(stored) == 255 and stored.startswith("laporan-xxx") and stored.endswith(".pdf")
    handed = next(task.inputs for task in done.state.tasks if task.step == 2)
    assert handed[0].name == stored


async def test_a_reason_with_a_nul_or_too_long_is_refused(uow, world) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    for reason in ("salah\x00", "x" * 5000):
        with pytest.raises(InvalidRequestError):
            await cancel_run(uow, run_id=run.state.run_id, by=world.staf, at=world.at(1),
                             reason=reason)  # fmt: skip
        with pytest.raises(InvalidRequestError):
            await decide(uow, run_id=run.state.run_id, task_no=1, by=world.staf,
                         at=world.at(1), approve=False, reason=reason)  # fmt: skip


def test_a_value_the_database_refuses_becomes_a_store_error_not_a_dbapi_error() -> None:
    class Refused(Exception):
        sqlstate = "22001"  # string_data_right_truncation

    error = DataError("INSERT ...", {}, Refused("value too long for type character varying(200)"))
    assert isinstance(translate_error(error), ValueRejectedError)
