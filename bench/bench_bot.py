"""Button presses per second through the whole bot, against a bare PTB handler.

Run from the repository root: ``python bench/bench_bot.py [--presses 300]
[--postgres-url URL | --no-postgres]``. Each press is a *Mulai* on the first task of
its own run (seed 000, pressed by its Kepala), fed to the real PTB ``Application``
with ``process_update`` over a fake Bot API (no network): the handler looks the
presser up, the service locks and loads the run, the engine decides, the task, the
event log and the outbox are written and committed, and the callback is answered.
The same number of presses goes to a bare ``Application`` whose only handler
answers the callback. Presses are fed one at a time, so the latency of each is its
own. SQLite is a fresh file; PostgreSQL a schema of its own, dropped at the end.

Beside them, the same *Mulai* through the ``start_task`` service alone (no Telegram
layer) on other runs of the same database, interleaved press by press, so the Telegram
layer's share is visible.

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
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.config import Settings
from bot.services import (
    add_member,
    create_office,
    grant_role,
    person_for_telegram,
    publish_sop,
    start_run,
    start_task,
)
from bot.services.conversation import find_person
from bot.sop.loader import load_sop
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade
from bot.store.models import OutboxRow
from bot.tg.app import build_application
from bot.tg.callbacks import TaskAction, TaskButton
from tests.tg.fakes import TOKEN, FakeBotApi
from tests.tg.updates import callback_update

WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)
SEED = Path(__file__).resolve().parents[1] / "sops" / "pengukuran-kinerja-bppd-anambas.yaml"
KEPALA_TG = 1001
WARMUP = 20


class QuietBotApi(FakeBotApi):
    """The fake Bot API without a growing call log (a long bench would fill memory)."""

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *a: Any, **k: Any
    ) -> Any:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        return 200, json.dumps({"ok": True, "result": self.result(name, params)}).encode()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _feed(app: Any, data: str) -> float:
    update = Update.de_json(callback_update(user_id=KEPALA_TG, data=data), app.bot)
    began = time.perf_counter()
    await app.process_update(update)
    return time.perf_counter() - began


def _figures(latencies: list[float]) -> dict[str, float]:
    return {
        "per_s": len(latencies) / sum(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * _percentile(latencies, 0.99),
    }


async def _office(sessions: Any, runs: int) -> list[str]:
    """Seed 000's office with its four roles held, and ``runs`` runs started."""
    uow = lambda: SqlUnitOfWork(sessions)  # noqa: E731
    office = await create_office(uow(), name="BPPD Anambas", at=T0, timezone="WIB")
    kepala = await person_for_telegram(
        uow(), telegram_user_id=KEPALA_TG, display_name="Kepala", at=T0
    )
    await add_member(uow(), office_id=office.id, person_id=kepala.id, is_admin=True, at=T0)
    await grant_role(uow(), office_id=office.id, person_id=kepala.id, role_key="kepala", at=T0)
    for number, role in enumerate(("sekretaris", "koordinator_sakip", "anggota_sakip"), 2):
        person = await person_for_telegram(
            uow(), telegram_user_id=1000 + number, display_name=role, at=T0
        )
        await grant_role(uow(), office_id=office.id, person_id=person.id, role_key=role, at=T0)
    sop = load_sop(SEED)
    await publish_sop(uow(), office_id=office.id, sop=sop, at=T0)
    started = []
    for _ in range(runs):
        transition = await start_run(
            uow(), office_id=office.id, sop_key=sop.key, by=kepala.id, at=T0
        )
        started.append(transition.state.run_id)
    return started


async def measure_bot(url: str, search_path: str | None, presses: int) -> dict[str, float]:
    """Presses of Mulai through the whole stack on one database."""
    await upgrade(url, search_path=search_path)
    engine = make_engine(url, search_path=search_path)
    sessions = session_factory(engine)
    try:
        runs = await _office(sessions, 2 * presses + WARMUP)
        bot_runs, service_runs = runs[WARMUP : WARMUP + presses], runs[WARMUP + presses :]
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=url)  # type: ignore[call-arg]
        app = build_application(
            settings, request=QuietBotApi(), sessions=sessions, clock=lambda: T0
        )
        async with app:
            for run_id in runs[:WARMUP]:
                await _feed(app, TaskButton(TaskAction.START, run_id, 1).encode())
            kepala = await find_person(SqlUnitOfWork(sessions), telegram_user_id=KEPALA_TG)
            assert kepala is not None
            latencies, service = [], []
            # Interleaved, so that both see the same machine load and database size.
            for bot_run, service_run in zip(bot_runs, service_runs, strict=True):
                latencies.append(
                    await _feed(app, TaskButton(TaskAction.START, bot_run, 1).encode())
                )
                began = time.perf_counter()
                await start_task(
                    SqlUnitOfWork(sessions), run_id=service_run, task_no=1, by=kepala.id, at=T0
                )
                service.append(time.perf_counter() - began)
        async with sessions() as session:
            outbox = await session.scalar(select(func.count()).select_from(OutboxRow))
        figures = _figures(latencies)
        figures["outbox_rows"] = float(outbox or 0)
        figures["service_per_s"] = len(service) / sum(service)
        return figures
    finally:
        await engine.dispose()


async def measure_bare(presses: int) -> dict[str, float]:
    """The same presses on an Application whose only handler answers the callback."""

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()

    app = Application.builder().token(TOKEN).request(QuietBotApi()).build()
    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        for _ in range(WARMUP):
            await _feed(app, "t:s:bare:1")
        latencies = [await _feed(app, "t:s:bare:1") for _ in range(presses)]
    return _figures(latencies)


async def on_postgres(url: str, presses: int) -> dict[str, float]:
    schema = f"sopbot_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        return await measure_bot(url, schema, presses)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


async def run(presses: int, postgres_url: str | None) -> dict[str, float]:
    bare = await measure_bare(presses)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = await measure_bot(f"sqlite+aiosqlite:///{folder}/bench.db", None, presses)
    figures = {
        "bare_per_s": bare["per_s"],
        "bare_p99_ms": bare["p99_ms"],
        "sqlite_presses_per_s": sqlite["per_s"],
        "sqlite_ratio": sqlite["per_s"] / bare["per_s"],
        "sqlite_p50_ms": sqlite["p50_ms"],
        "sqlite_p99_ms": sqlite["p99_ms"],
        "sqlite_service_per_s": sqlite["service_per_s"],
        "sqlite_of_service": sqlite["per_s"] / sqlite["service_per_s"],
    }
    print(f"presses per backend: {presses} (after {WARMUP} warm-up presses), one at a time")
    print(
        f"bare PTB handler   {bare['per_s']:8.0f}/s  p50 {bare['p50_ms']:6.2f} ms  "
        f"p99 {bare['p99_ms']:6.2f} ms"
    )
    print(
        f"bot on SQLite      {sqlite['per_s']:8.0f}/s  p50 {sqlite['p50_ms']:6.2f} ms  "
        f"p99 {sqlite['p99_ms']:6.2f} ms  ({figures['sqlite_ratio']:.3f} of bare; "
        f"{sqlite['outbox_rows']:.0f} outbox rows)"
    )
    print(
        f"  start_task service alone on SQLite {sqlite['service_per_s']:8.0f}/s "
        f"(the bot reaches {figures['sqlite_of_service']:.2f} of it)"
    )
    if postgres_url is not None:
        pg = await on_postgres(postgres_url, presses)
        figures |= {
            "pg_presses_per_s": pg["per_s"],
            "pg_ratio": pg["per_s"] / bare["per_s"],
            "pg_p50_ms": pg["p50_ms"],
            "pg_p99_ms": pg["p99_ms"],
            "pg_service_per_s": pg["service_per_s"],
            "pg_of_service": pg["per_s"] / pg["service_per_s"],
        }
        print(
            f"bot on PostgreSQL  {pg['per_s']:8.0f}/s  p50 {pg['p50_ms']:6.2f} ms  "
            f"p99 {pg['p99_ms']:6.2f} ms  ({figures['pg_ratio']:.3f} of bare; "
            f"{pg['outbox_rows']:.0f} outbox rows)"
        )
        print(
            f"  start_task service alone on PostgreSQL {pg['service_per_s']:8.0f}/s "
            f"(the bot reaches {figures['pg_of_service']:.2f} of it)"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "SOPBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(run(args.presses, None if args.no_postgres else args.postgres_url))
    print(json.dumps({name: round(value, 3) for name, value in figures.items()}))


if __name__ == "__main__":
    main()
