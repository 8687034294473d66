"""Only genuine races are retried; a duplicate the request itself makes is said plainly."""

from datetime import date

import pytest

from bot.services import ConflictError, DuplicateError, InvalidRequestError, create_office
from bot.services.transaction import ATTEMPTS, in_transaction
from bot.store import ConcurrentUpdateError


class FakeUnitOfWork:
    """Counts transactions and commits; holds nothing."""

    def __init__(self) -> None:
        self.entered = 0
        self.commits = 0

    async def __aenter__(self) -> "FakeUnitOfWork":
        self.entered += 1
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1


def losing(times: int):
    """Work that loses a race ``times`` times, then succeeds."""
    calls = []

    async def work() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise ConcurrentUpdateError("a concurrent write won")
        return "done"

    return work, calls


async def test_a_lost_race_is_retried_until_the_work_succeeds() -> None:
    uow = FakeUnitOfWork()
    work, calls = losing(ATTEMPTS - 1)
    assert await in_transaction(uow, work) == "done"  # type: ignore[arg-type]
    assert len(calls) == ATTEMPTS and uow.entered == ATTEMPTS and uow.commits == 1


async def test_races_lost_every_time_end_in_a_conflict_after_the_last_attempt() -> None:
    uow = FakeUnitOfWork()
    work, calls = losing(ATTEMPTS)
    with pytest.raises(ConflictError) as raised:
        await in_transaction(uow, work)  # type: ignore[arg-type]
    assert raised.value.attempts == ATTEMPTS and len(calls) == ATTEMPTS
    assert uow.commits == 0


async def test_two_holidays_on_one_day_are_refused_naming_the_day(uow, world) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        await create_office(
            uow,
            name="Kantor Kota",
            at=world.t0,
            holidays=[(date(2026, 5, 1), "HUT"), (date(2026, 5, 1), "HUT Kota")],
        )
    assert "2026-05-01" in raised.value.message


async def test_a_unique_key_broken_by_the_request_is_a_duplicate_not_a_conflict(uow, world) -> None:
    attempts = []

    async def add_twice() -> None:
        attempts.append(1)
        await uow.offices.add_holiday(office_id=world.office_id, day=date(2026, 5, 1), name="HUT")
        await uow.offices.add_holiday(office_id=world.office_id, day=date(2026, 5, 1), name="HUT")

    with pytest.raises(DuplicateError) as raised:
        await in_transaction(uow, add_twice)
    assert raised.value.what == "holiday"
    assert raised.value.constraint == "uq_office_holidays_office_id_day"
    assert len(attempts) == 1  # not retried
