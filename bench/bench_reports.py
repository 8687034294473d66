"""Time the per-SOP report over 10,000 finished runs, the database query included.

Run from the repository root: ``python bench/bench_reports.py [--runs 10000]
[--database-url URL]``. Sets up an office through the services, then writes the
runs and their tasks with bulk Core inserts (one task per step of the 14-step seed
SOP, with spread-out durations and some lateness), and times
``bot.services.reports.sop_reports`` for the whole year. Prints figures and ends with
one JSON line; it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# Run as a script, the repository root is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.reports.facts import Period
from bot.services import add_person, create_office, grant_role, publish_sop
from bot.services.reports import sop_reports
from bot.sop.loader import load_sop
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade
from bot.store.models import Run, TaskRow

SOP_FILE = Path(__file__).resolve().parents[1] / "sops" / "pengukuran-kinerja-bppd-anambas.yaml"
T0 = datetime(2026, 1, 5, 0, 30, tzinfo=UTC)  # Monday 07:30 WIB
YEAR = Period(first=date(2026, 1, 1), last=date(2026, 12, 31))
BATCH = 5_000
SOP = load_sop(SOP_FILE)


async def setup(uow: SqlUnitOfWork) -> tuple[int, int, dict[str, int]]:
    """An office with one holder per role; returns (office id, version id, role -> person)."""
    sop = load_sop(SOP_FILE)
    office = await create_office(uow, name="Bench", at=T0)
    holders = {}
    for role in sop.roles:
        holders[role] = (await add_person(uow, display_name=f"Pegawai {role}", at=T0)).id
        await grant_role(uow, office_id=office.id, person_id=holders[role], role_key=role, at=T0)
    published = await publish_sop(uow, office_id=office.id, sop=sop, at=T0)
    return office.id, published.version.id, holders


def rows_of(
    number: int, office_id: int, version_id: int, holders: dict[str, int], rng: random.Random
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One finished run and its tasks, with plausible times (not calendar-exact)."""
    sop = SOP
    run_id = f"b{number:011d}"
    at = T0 + timedelta(days=(number // 40) % 360, minutes=5 * (number % 40))
    started = at
    tasks = []
    for no, step in enumerate(sop.steps, start=1):
        standard = sop.standard_of(step)
        lead = max(1, int(rng.gauss(standard.amount, standard.amount / 3)))
        late = max(0, lead - standard.amount)
        done = at + timedelta(minutes=lead)
        role = step.actors[0]
        tasks.append(
            {
                "run_id": run_id, "no": no, "step": step.number, "iteration": 1, "role": role,
                "assignee_id": holders[role], "status": "done", "assigned_at": at,
                "started_at": at + timedelta(minutes=1), "completed_at": done,
                "completed_by": holders[role], "due_at": at + timedelta(minutes=standard.amount),
                "standard": standard.to_dict(), "lead_minutes": lead,
                "processing_minutes": lead - 1, "late_minutes": late,
                "approved": True if step.decision else None, "reason": None, "inputs": [],
            }
        )  # fmt: skip
        at = done
    run = {
        "id": run_id, "office_id": office_id, "sop_version_id": version_id,
        "sop_key": sop.key, "status": "finished", "started_by": holders[sop.steps[0].actors[0]],
        "started_at": started, "finished_at": at, "version": 1,
    }  # fmt: skip
    return run, tasks


async def seed(engine: Any, runs: int, office_id: int, version_id: int, holders: dict[str, int]):
    """Bulk-insert the runs and tasks in batches."""
    rng = random.Random(35)
    run_rows: list[dict[str, Any]] = []
    task_rows: list[dict[str, Any]] = []
    async with engine.begin() as connection:
        for number in range(runs):
            run, tasks = rows_of(number, office_id, version_id, holders, rng)
            run_rows.append(run)
            task_rows.extend(tasks)
            if len(run_rows) >= BATCH // len(SOP.steps) or number == runs - 1:
                await connection.execute(insert(Run.__table__), run_rows)
                await connection.execute(insert(TaskRow.__table__), task_rows)
                run_rows, task_rows = [], []
        # A fresh bulk load has no planner statistics yet (autovacuum would gather them
        # later); without them PostgreSQL picks nested loops over 140,000 tasks.
        await connection.exec_driver_sql("ANALYZE")


async def bench(database_url: str, runs: int, search_path: str | None) -> dict[str, float]:
    await upgrade(database_url, search_path=search_path)
    engine = make_engine(database_url, search_path=search_path)
    sessions = session_factory(engine)
    office_id, version_id, holders = await setup(SqlUnitOfWork(sessions))
    began = time.perf_counter()
    await seed(engine, runs, office_id, version_id, holders)
    seeded = time.perf_counter() - began
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        (report,) = await sop_reports(
            SqlUnitOfWork(sessions), office_id=office_id, period=YEAR, sop_key=SOP.key
        )
        timings.append(time.perf_counter() - began)
    await engine.dispose()
    tasks = sum(step.count for step in report.steps)
    print(f"database       {database_url.split('@')[-1]}")
    print(
        f"runs           {report.lead.runs} finished runs, {tasks} tasks (seeded in {seeded:.1f} s)"
    )
    print(f"report         {', '.join(f'{t:.3f}' for t in timings)} s (query + build)")
    print(f"median lead    {report.lead.median_minutes} working minutes")
    return {"report_10k_s": round(min(timings), 3), "runs": report.lead.runs, "tasks": tasks}


async def on_postgres(database_url: str, runs: int) -> dict[str, float]:
    """Bench in a schema of its own, dropped afterwards."""
    schema = f"sopbot_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        return await bench(database_url, runs, schema)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith("sqlite"):
        figures = asyncio.run(on_postgres(args.database_url, args.runs))
    else:
        with tempfile.TemporaryDirectory() as directory:
            url = args.database_url or f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
            figures = asyncio.run(bench(url, args.runs, None))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
