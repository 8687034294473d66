"""The clock's reminder scan over 100,000 open tasks, and delivery at Telegram's limits.

Run from the repository root: ``python bench/bench_clock.py [--tasks 100000]
[--due 0.01] [--scans 10] [--scale 0.1] [--postgres-url URL | --no-postgres]``.

Scan: one office, open tasks of which ``--due`` are overdue (the rest due in a month),
bulk-inserted; ``run_cycle`` at a working instant. The first cycle writes a reminder
per overdue task, the group's overdue list and the digest; the following cycles are
the steady state a running bot has every minute (everything due is already logged):
their median is ``scan_ms``. SQLite is a fresh file; PostgreSQL a schema of its own.

Delivery: 1,000 messages (18 to each of 50 private chats, 50 to each of 2 groups)
through the real Application and ``bot.tg.rate_limits.ChatRateLimiter`` against a Bot
API stub that enforces Telegram's limits (tests/tg/limited_api.py) with time scaled by
``--scale``; ``time_over_floor`` is the time taken over the least the limits allow.

It asserts nothing and is not part of the test suite; it ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bot.services import add_person, create_office, grant_role, publish_sop
from bot.services.reminders import run_cycle
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade
from bot.store.models import Run, TaskRow
from tests.conftest import SAMPLE_SOP
from tests.tg.limited_api import run_delivery

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)  # a Monday, working time
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
TASKS_PER_RUN = 100


async def fill(sessions: Any, engine: Any, tasks: int, due_share: float) -> None:
    """An office, 50 staff and ``tasks`` open tasks, ``due_share`` of them overdue."""
    uow = SqlUnitOfWork(sessions)
    office = await create_office(uow, name="Bench", at=NOW - timedelta(days=60))
    people = []
    for i in range(50):
        person = (await add_person(uow, display_name=f"Staf {i}", at=NOW)).id
        for role in ("staf", "kasubag", "kepala"):
            await grant_role(uow, office_id=office.id, person_id=person, role_key=role, at=NOW)
        people.append(person)
    await publish_sop(uow, office_id=office.id, sop=Sop.model_validate(SAMPLE_SOP), at=NOW)
    async with engine.connect() as connection:
        version = (await connection.execute(text("SELECT id FROM sop_versions"))).scalar_one()
    every = round(1 / due_share)
    async with engine.begin() as connection:
        for first in range(0, tasks, 10_000):
            numbers = range(first, min(first + 10_000, tasks))
            run_ids = sorted({n // TASKS_PER_RUN for n in numbers})
            await connection.execute(
                insert(Run),
                [
                    {"id": f"b{r:09d}", "office_id": office.id, "sop_version_id": version,
                     "sop_key": "surat-masuk", "status": "active", "started_by": people[0],
                     "started_at": NOW - timedelta(days=3), "version": 1}
                    for r in run_ids
                ],
            )  # fmt: skip
            await connection.execute(
                insert(TaskRow),
                [
                    {"run_id": f"b{n // TASKS_PER_RUN:09d}", "no": n % TASKS_PER_RUN + 1,
                     "step": 1, "iteration": 1, "role": "staf",
                     "assignee_id": people[n % len(people)], "status": "ready",
                     "assigned_at": NOW - timedelta(days=3),
                     "due_at": NOW - timedelta(hours=2) if n % every == 0
                     else NOW + timedelta(days=30, minutes=n % 997),
                     "standard": {"kind": "work_minutes", "minutes": 15}, "inputs": []}
                    for n in numbers
                ],
            )  # fmt: skip


async def scan(
    url: str, search_path: str | None, tasks: int, due: float, scans: int
) -> dict[str, float]:
    """First cycle and steady-state cycles on one database."""
    await upgrade(url, search_path=search_path)
    engine = make_engine(url, search_path=search_path)
    sessions = session_factory(engine)
    try:
        await fill(sessions, engine, tasks, due)
        began = time.perf_counter()
        first = await run_cycle(SqlUnitOfWork(sessions), at=NOW)
        first_ms = (time.perf_counter() - began) * 1000
        steady = []
        for minute in range(1, scans + 1):
            began = time.perf_counter()
            again = await run_cycle(SqlUnitOfWork(sessions), at=NOW + timedelta(minutes=minute))
            steady.append((time.perf_counter() - began) * 1000)
            assert again.overdue == 0 and again.group_messages == 0, "a reminder was repeated"
        return {
            "first_cycle_ms": first_ms,
            "reminders": float(first.overdue),
            "scanned": float(first.scanned),
            "scan_ms": statistics.median(steady),
        }
    finally:
        await engine.dispose()


async def on_postgres(url: str, tasks: int, due: float, scans: int) -> dict[str, float]:
    schema = f"sopbot_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        return await scan(url, schema, tasks, due, scans)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


async def delivery(directory: str, scale: float) -> dict[str, float]:
    """1,000 messages to 50 chats and 2 groups against the limited stub."""
    url = f"sqlite+aiosqlite:///{Path(directory) / 'delivery.db'}"
    await upgrade(url)
    engine = make_engine(url)
    try:
        figures = await run_delivery(
            session_factory(engine), chats=50, per_chat=18, groups=2, per_group=50, scale=scale
        )
    finally:
        await engine.dispose()
    return {
        "delivered": float(figures.delivered),
        "duplicates": float(figures.duplicates),
        "lost": float(figures.lost),
        "out_of_order": float(figures.out_of_order),
        "delivery_s": figures.seconds,
        "floor_s": figures.floor,
        "time_over_floor": figures.time_over_floor,
        "n429": float(figures.n429),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--due", type=float, default=0.01)
    parser.add_argument("--scans", type=int, default=10)
    parser.add_argument("--scale", type=float, default=0.1, help="stub time per real second")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("SOPBOT_BENCH_POSTGRES_URL", DEFAULT_PG)
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'scan.db'}"
        sqlite = asyncio.run(scan(url, None, args.tasks, args.due, args.scans))
        figures.update({f"sqlite_{k}": v for k, v in sqlite.items()})
        if not args.no_postgres:
            pg = asyncio.run(on_postgres(args.postgres_url, args.tasks, args.due, args.scans))
            figures.update({f"pg_{k}": v for k, v in pg.items()})
        figures["scan_ms"] = max(figures["sqlite_scan_ms"], figures.get("pg_scan_ms", 0.0))
        figures.update(asyncio.run(delivery(directory, args.scale)))
    for name, value in figures.items():
        print(f"{name:24} {value:12,.2f}")
    print(json.dumps({name: round(value, 3) for name, value in figures.items()}))


if __name__ == "__main__":
    main()
