"""Regenerate the example pictures in docs/: the four seed flowcharts and one chart.

Run from the repository root: ``python docs/make_examples.py``. The chart comes from
500 runs of the BPPD Anambas SOP with made-up durations (the bench's generator),
written to a temporary SQLite file and read back through the report service.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from bench_reports import SOP, YEAR, seed, setup

from bot.i18n import set_locale
from bot.reports.charts import png, steps_chart
from bot.reports.flowchart import flowchart_pngs
from bot.services.reports import sop_reports
from bot.sop.loader import load_sops
from bot.store import SqlUnitOfWork, make_engine, session_factory, upgrade

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


async def chart(url: str) -> bytes:
    await upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    office_id, version_id, holders = await setup(SqlUnitOfWork(sessions))
    await seed(engine, 500, office_id, version_id, holders)
    (report,) = await sop_reports(
        SqlUnitOfWork(sessions), office_id=office_id, period=YEAR, sop_key=SOP.key
    )
    await engine.dispose()
    return png(steps_chart(report))


def main() -> None:
    set_locale("id")
    sops, _issues = load_sops([ROOT / "sops"])
    for sop in sops:
        (page,) = flowchart_pngs(sop)
        (DOCS / f"flowchart-{sop.key}.png").write_bytes(page)
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'examples.db'}"
        (DOCS / "chart-steps.png").write_bytes(asyncio.run(chart(url)))


if __name__ == "__main__":
    main()
