"""Time the working-time calendar: working_minutes over a year and 10,000 due() calls.

Run from the repository root: ``python bench/bench_worktime.py``. Prints figures;
it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a script, the repository root is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sop.waktu import parse_waktu
from bot.worktime import WorkCalendar

WIB = ZoneInfo("Asia/Jakarta")
YEAR_START = datetime(2026, 1, 1, tzinfo=WIB)
YEAR_END = datetime(2027, 1, 1, tzinfo=WIB)
WAKTU = ["15 menit", "30 menit", "2 jam", "5 jam", "1 hari", "2-3 hari", "1 minggu", "1 x 24 jam"]
DUE_CALLS = 10_000
YEAR_REPEATS = 100


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Run ``action`` once; return seconds taken and its result."""
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def bench_year() -> dict[str, float]:
    cold_calendar = WorkCalendar()
    cold, minutes = timed(lambda: cold_calendar.working_minutes(YEAR_START, YEAR_END))
    warm_total, _ = timed(
        lambda: [cold_calendar.working_minutes(YEAR_START, YEAR_END) for _ in range(YEAR_REPEATS)]
    )
    print(f"working_minutes over 2026: {minutes} min ({minutes / 60:.1f} h)")
    print(f"  first call (loads holidays, fills day cache): {cold * 1e3:8.3f} ms")
    warm = warm_total / YEAR_REPEATS
    print(f"  warm, mean of {YEAR_REPEATS} calls:{'':22}{warm * 1e3:8.3f} ms")
    return {"year_cold_ms": cold * 1e3, "year_warm_ms": warm * 1e3}


def bench_due() -> dict[str, float]:
    rng = random.Random(2026)
    standards = [parse_waktu(text) for text in WAKTU]
    year_minutes = int((YEAR_END - YEAR_START).total_seconds() // 60)
    starts = [YEAR_START + timedelta(minutes=rng.randrange(year_minutes)) for _ in range(DUE_CALLS)]
    picks = [rng.choice(standards) for _ in range(DUE_CALLS)]
    calendar = WorkCalendar(ramadan_ranges=[(date(2026, 2, 19), date(2026, 3, 19))])
    elapsed, _ = timed(lambda: [calendar.due(s, w) for s, w in zip(starts, picks, strict=True)])
    print(f"{DUE_CALLS:,} due() calls, random starts in 2026, {len(WAKTU)} standards:")
    print(f"  total {elapsed * 1e3:8.1f} ms, {elapsed / DUE_CALLS * 1e6:6.1f} µs per call")
    return {"due_total_ms": elapsed * 1e3, "due_us_per_call": elapsed / DUE_CALLS * 1e6}


def main() -> None:
    figures = {**bench_year(), **bench_due()}
    # One line of every figure, so that a run can be compared with the last.
    print(json.dumps({name: round(value, 3) for name, value in figures.items()}))


if __name__ == "__main__":
    main()
