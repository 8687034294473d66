"""An office with runs of known times, played through the real services on a fixed clock.

The sample SOP (tests/conftest.py): 1 staf 15 menit (output), 2 every kasubag 1 jam,
3 kepala 1 hari (decision, Tidak -> 1), 4 staf 30 menit. Office hours Mon-Thu
07:30-12:00 and 13:00-16:00 WIB. All times below are WIB.

Run A, Mon 12 Jan: 1 staf 08:00 start 08:05 done 08:10; 2 kasubag1 done 08:40,
  kasubag2 done 09:40; 3 kepala Ya on Tue 13 Jan 10:40; 4 staf done Tue 11:00.
Run B, Wed 14 Jan: 1 staf start 08:10 done 08:20; 2 kasubag1 09:20, kasubag2 09:40;
  3 kepala Tidak 10:10 ("Lampiran kurang"); 1 staf 10:20; 2 kasubag2 10:40,
  kasubag1 10:50; 3 kepala Ya 11:20; 4 staf 11:55.
Run C, Thu 15 Jan: 1 staf done 08:15; step 2 left open.
Run D, Mon 2 Feb (outside January): 1 staf done 08:30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.engine import RunState
from bot.services import (
    OutputMeta,
    add_member,
    add_person,
    complete_task,
    create_office,
    decide,
    grant_role,
    publish_sop,
    start_run,
    start_task,
)
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork

WIB = ZoneInfo("Asia/Jakarta")


def wib(day: int, hour: int, minute: int, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


@dataclass(frozen=True)
class Seeded:
    office_id: int
    sop_key: str
    people: dict[str, int]
    runs: dict[str, str]


class _Player:
    """Acts on one run as its assignees would, keeping the latest state."""

    def __init__(self, uow: SqlUnitOfWork, people: dict[str, int], state: RunState) -> None:
        self.uow, self.people, self.state = uow, people, state

    def _task(self, step: int, who: str) -> int:
        person = str(self.people[who])
        for task in self.state.open_tasks():
            if task.step == step and task.assignee == person:
                return task.no
        raise AssertionError(f"no open task of step {step} for {who}")

    async def start(self, step: int, who: str, at: datetime) -> None:
        no = self._task(step, who)
        result = await start_task(
            self.uow, run_id=self.state.run_id, task_no=no, by=self.people[who], at=at
        )
        self.state = result.state

    async def done(self, step: int, who: str, at: datetime) -> None:
        no = self._task(step, who)
        upload = None
        if step == 1:
            upload = OutputMeta(
                telegram_file_id=f"f{no}", telegram_file_unique_id=f"u{no}", file_name="a.pdf"
            )
        result = await complete_task(
            self.uow, run_id=self.state.run_id, task_no=no, by=self.people[who], at=at,
            output=upload,
        )  # fmt: skip
        self.state = result.state

    async def decide(self, who: str, at: datetime, *, approve: bool) -> None:
        no = self._task(3, who)
        result = await decide(
            self.uow, run_id=self.state.run_id, task_no=no, by=self.people[who], at=at,
            approve=approve, reason=None if approve else "Lampiran kurang",
        )  # fmt: skip
        self.state = result.state


async def _play(
    uow: SqlUnitOfWork, office_id: int, people: dict[str, int], at: datetime
) -> _Player:
    started = await start_run(
        uow, office_id=office_id, sop_key="surat-masuk", by=people["staf"], at=at
    )
    return _Player(uow, people, started.state)


@pytest.fixture
async def seeded(uow: SqlUnitOfWork, sample_sop: Sop) -> Seeded:
    t0 = wib(5, 8, 0)
    office = await create_office(uow, name="Badan Kepegawaian Daerah", at=t0, timezone="WIB")
    people = {}
    for name, role in [
        ("staf", "staf"),
        ("kasubag1", "kasubag"),
        ("kasubag2", "kasubag"),
        ("kepala", "kepala"),
    ]:
        people[name] = (await add_person(uow, display_name=f"Pak {name}", at=t0)).id
        await grant_role(uow, office_id=office.id, person_id=people[name], role_key=role, at=t0)
    await add_member(uow, office_id=office.id, person_id=people["staf"], is_admin=True, at=t0)
    await publish_sop(uow, office_id=office.id, sop=sample_sop, at=t0)
    runs = {}

    a = await _play(uow, office.id, people, wib(12, 8, 0))
    await a.start(1, "staf", wib(12, 8, 5))
    await a.done(1, "staf", wib(12, 8, 10))
    await a.done(2, "kasubag1", wib(12, 8, 40))
    await a.done(2, "kasubag2", wib(12, 9, 40))
    await a.decide("kepala", wib(13, 10, 40), approve=True)
    await a.done(4, "staf", wib(13, 11, 0))
    runs["A"] = a.state.run_id

    b = await _play(uow, office.id, people, wib(14, 8, 0))
    await b.start(1, "staf", wib(14, 8, 10))
    await b.done(1, "staf", wib(14, 8, 20))
    await b.done(2, "kasubag1", wib(14, 9, 20))
    await b.done(2, "kasubag2", wib(14, 9, 40))
    await b.decide("kepala", wib(14, 10, 10), approve=False)
    await b.done(1, "staf", wib(14, 10, 20))
    await b.done(2, "kasubag2", wib(14, 10, 40))
    await b.done(2, "kasubag1", wib(14, 10, 50))
    await b.decide("kepala", wib(14, 11, 20), approve=True)
    await b.done(4, "staf", wib(14, 11, 55))
    runs["B"] = b.state.run_id

    c = await _play(uow, office.id, people, wib(15, 8, 0))
    await c.done(1, "staf", wib(15, 8, 15))
    runs["C"] = c.state.run_id

    d = await _play(uow, office.id, people, wib(2, 8, 0, month=2))
    await d.done(1, "staf", wib(2, 8, 30, month=2))
    runs["D"] = d.state.run_id
    return Seeded(office_id=office.id, sop_key=sample_sop.key, people=people, runs=runs)
