"""Store-level setup: an office, two people and one SOP version, written by repositories."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.sop.model import Sop
from bot.store import SqlUnitOfWork

T0 = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB


@dataclass(frozen=True)
class Seeded:
    at: datetime
    office_id: int
    alice: int
    bob: int
    sop_version_id: int


@pytest.fixture
async def seeded(new_uow: Callable[[], SqlUnitOfWork], sample_sop: Sop) -> Seeded:
    async with new_uow() as uow:
        office = await uow.offices.add(
            name="Badan Kepegawaian", timezone="Asia/Jakarta", created_at=T0
        )
        alice = await uow.people.add(display_name="Alice", created_at=T0, telegram_user_id=101)
        bob = await uow.people.add(display_name="Bob", created_at=T0, telegram_user_id=102)
        version = await uow.sops.add_version(
            office_id=office.id, sop_key=sample_sop.key, definition=sample_sop.to_data(), at=T0
        )
        await uow.commit()
    return Seeded(at=T0, office_id=office.id, alice=alice.id, bob=bob.id, sop_version_id=version.id)
