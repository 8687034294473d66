"""Service-level setup: one office with people in every role of the sample SOP."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services import add_member, add_person, create_office, grant_role, publish_sop
from bot.sop.model import Sop
from bot.store import EventRecord, SqlUnitOfWork

WIB = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class World:
    """Ids of the office and its people; ``t0`` is Monday 12 January 2026, 08:00 WIB."""

    t0: datetime
    office_id: int
    admin: int
    staf: int
    kasubag1: int
    kasubag2: int
    kepala: int
    plh: int
    stranger: int
    sop_key: str

    def at(self, minutes: int) -> datetime:
        return self.t0 + timedelta(minutes=minutes)


@pytest.fixture
async def world(uow: SqlUnitOfWork, sample_sop: Sop) -> World:
    t0 = datetime(2026, 1, 12, 8, 0, tzinfo=WIB)
    office = await create_office(uow, name="Badan Kepegawaian Daerah", at=t0, timezone="WIB")
    names = ("admin", "staf", "kasubag1", "kasubag2", "kepala", "plh", "stranger")
    ids = {name: (await add_person(uow, display_name=name, at=t0)).id for name in names}
    await add_member(uow, office_id=office.id, person_id=ids["admin"], is_admin=True, at=t0)
    for name, role in [
        ("staf", "staf"),
        ("kasubag1", "kasubag"),
        ("kasubag2", "kasubag"),
        ("kepala", "kepala"),
    ]:
        await grant_role(uow, office_id=office.id, person_id=ids[name], role_key=role, at=t0)
    for name in ("plh", "stranger"):
        await add_member(uow, office_id=office.id, person_id=ids[name], at=t0)
    await publish_sop(uow, office_id=office.id, sop=sample_sop, at=t0)
    return World(t0=t0, office_id=office.id, sop_key=sample_sop.key, **ids)


@pytest.fixture
def run_events(
    new_uow: Callable[[], SqlUnitOfWork],
) -> Callable[[str], Awaitable[list[EventRecord]]]:
    """Reads a run's event log (in a transaction of its own)."""

    async def read(run_id: str) -> list[EventRecord]:
        async with new_uow() as uow:
            return await uow.events.for_run(run_id)

    return read
