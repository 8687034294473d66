"""Time the store through the services: start N runs and complete every task of each.

Run from the repository root: ``python bench/bench_store.py [--runs 200] [--parallel 4]
[--database-url URL]``. Without a URL it uses a fresh SQLite file in a temporary
directory; a PostgreSQL URL gets a schema of its own, dropped at the end. Each run
of the four-step SOP takes six task actions: the start, one completion with an
output, two parallel reviews, one decision and the archive step. Prints figures;
it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a script, the repository root is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.services import (
    OutputMeta,
    add_person,
    complete_task,
    create_office,
    decide,
    grant_role,
    publish_sop,
    start_run,
)
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade

WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 1, 12, 8, 0, tzinfo=WIB)
SOP = Sop.model_validate(
    {
        "kode": "surat-masuk",
        "identitas": {"nama": "Penanganan Surat Masuk"},
        "peran": {"staf": "Staf", "kasubag": "Kasubag", "kepala": "Kepala"},
        "langkah": [
            {"nomor": 1, "uraian": "Mencatat", "pelaksana": "staf", "waktu": "15 menit",
             "output": "Lembar disposisi"},
            {"nomor": 2, "uraian": "Menelaah", "pelaksana": "kasubag", "masing_masing": "ya",
             "waktu": "1 jam"},
            {"nomor": 3, "uraian": "Memutuskan", "pelaksana": "kepala", "waktu": "1 hari",
             "keputusan": {"pertanyaan": "Setuju?", "tidak": 1}},
            {"nomor": 4, "uraian": "Mengarsipkan", "pelaksana": "staf", "waktu": "30 menit"},
        ],
    }
)  # fmt: skip
ACTIONS_PER_RUN = 6


async def setup(uow: SqlUnitOfWork) -> tuple[int, int]:
    """An office with one staf, two kasubag, one kepala; returns (office id, staf id)."""
    office = await create_office(uow, name="Bench", at=T0)
    people = {}
    for name, role in [
        ("staf", "staf"),
        ("k1", "kasubag"),
        ("k2", "kasubag"),
        ("kepala", "kepala"),
    ]:
        people[name] = (await add_person(uow, display_name=name, at=T0)).id
        await grant_role(uow, office_id=office.id, person_id=people[name], role_key=role, at=T0)
    await publish_sop(uow, office_id=office.id, sop=SOP, at=T0)
    return office.id, people["staf"]


async def play_run(uow: SqlUnitOfWork, office_id: int, staf: int, number: int) -> None:
    """Start one run and take every task to the end."""
    at = T0 + timedelta(minutes=number)
    state = (await start_run(uow, office_id=office_id, sop_key=SOP.key, by=staf, at=at)).state
    run_id = state.run_id
    upload = OutputMeta(
        telegram_file_id=f"file-{number}",
        telegram_file_unique_id=f"u-{number}",
        file_name="disposisi.pdf",
    )
    state = (
        await complete_task(uow, run_id=run_id, task_no=1, by=staf, at=at, output=upload)
    ).state
    while state.is_active:
        for task in state.open_tasks():
            person = int(task.assignee)
            if SOP.step(task.step).decision is not None:
                result = await decide(
                    uow, run_id=run_id, task_no=task.no, by=person, at=at, approve=True
                )
            else:
                result = await complete_task(uow, run_id=run_id, task_no=task.no, by=person, at=at)
            state = result.state


async def bench(database_url: str, runs: int, parallel: int, search_path: str | None) -> None:
    await upgrade(database_url, search_path=search_path)
    engine = make_engine(database_url, search_path=search_path)
    sessions = session_factory(engine)
    office_id, staf = await setup(SqlUnitOfWork(sessions))
    numbers = iter(range(runs))

    async def worker() -> None:
        uow = SqlUnitOfWork(sessions)
        for number in numbers:
            await play_run(uow, office_id, staf, number)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(parallel)))
    seconds = time.perf_counter() - began
    await engine.dispose()
    actions = runs * ACTIONS_PER_RUN
    print(f"database       {database_url.split('@')[-1]}")
    print(f"runs           {runs} ({parallel} at a time)")
    print(f"task actions   {actions} in {seconds:.2f} s")
    print(f"tasks/second   {actions / seconds:,.0f}")
    print(f"ms per action  {1000 * seconds / actions:.2f}")


async def on_postgres(database_url: str, runs: int, parallel: int) -> None:
    """Bench in a schema of its own, dropped afterwards: the database is left as it was."""
    schema = f"sopbot_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        await bench(database_url, runs, parallel, schema)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=1, help="runs played concurrently")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith("sqlite"):
        asyncio.run(on_postgres(args.database_url, args.runs, args.parallel))
        return
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        asyncio.run(bench(url, args.runs, args.parallel, None))


if __name__ == "__main__":
    main()
