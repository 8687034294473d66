"""Charts, workbooks and flowcharts made off the event loop, so other updates keep flowing."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from bot.reports.charts import png, steps_chart
from bot.reports.sheets import report_sheets
from bot.reports.views import SopReport
from bot.reports.xlsx import write_workbook

T = TypeVar("T")

# matplotlib is not promised to be thread-safe, and the machine has few cores: one
# rendering at a time, in a worker thread; the event loop never waits for it.
_RENDERING = threading.Lock()


def _one_at_a_time(work: Callable[..., T], *args: Any) -> T:
    with _RENDERING:
        return work(*args)


async def off_loop(work: Callable[..., T], *args: Any) -> T:
    """Run ``work(*args)`` in a worker thread (the current locale goes along with it)."""
    return await asyncio.to_thread(_one_at_a_time, work, *args)


def report_files(report: SopReport) -> tuple[bytes, bytes]:
    """The report's steps chart as PNG and its workbook as XLSX, as the CLI writes them."""
    chart = png(steps_chart(report))
    workbook = io.BytesIO()
    write_workbook(report_sheets([report]), workbook)
    return chart, workbook.getvalue()
