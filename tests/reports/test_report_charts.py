"""Charts rendered for real: PNGs of the expected size with something drawn on them."""

from __future__ import annotations

from datetime import date

from bot.reports.charts import DPI, GANTT_WIDTH, STEPS_SIZE, gantt_chart, png, steps_chart
from bot.reports.facts import Period
from bot.services.reports import run_report, sop_reports
from tests.reports.images import has_colour, inked_share, open_png

JANUARY = Period(first=date(2026, 1, 1), last=date(2026, 1, 31))


async def test_steps_chart_png(uow, seeded) -> None:
    (report,) = await sop_reports(uow, office_id=seeded.office_id, period=JANUARY)
    figure = steps_chart(report)
    image = open_png(png(figure))
    assert image.size == (STEPS_SIZE[0] * DPI, STEPS_SIZE[1] * DPI) == (1200, 600)
    assert 0.02 < inked_share(image) < 0.6
    axes = figure.axes[0]
    # Two bar series of four steps: the standard and the median, in hours.
    heights = [round(patch.get_height() * 60, 3) for patch in axes.patches]
    assert heights == [15, 60, 450, 30, 12.5, 45, 30, 27.5]
    (p90,) = axes.collections
    assert [round(y * 60) for _x, y in p90.get_offsets()] == [20, 90, 510, 35]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["1", "2", "3", "4"]
    assert has_colour(image, (0x2F, 0x6D, 0xB5))  # the median bars


async def test_gantt_chart_png(uow, seeded) -> None:
    found = await run_report(uow, run_id=seeded.runs["B"])
    figure = gantt_chart(found.timeline)
    image = open_png(png(figure))
    rows = len(found.timeline.rows)
    assert image.size == (GANTT_WIDTH * DPI, round((1.2 + 0.35 * rows) * DPI))
    assert inked_share(image) > 0.02
    bars = figure.axes[0].patches
    # One bar per task, from assignment to completion in working hours since the start.
    spans = [(round(b.get_x() * 60), round((b.get_x() + b.get_width()) * 60)) for b in bars]
    assert spans == [(0, 20), (20, 80), (20, 100), (100, 130), (130, 140), (140, 170),
                     (140, 160), (170, 200), (200, 235)]  # fmt: skip
    red, green = (0xD6 / 255, 0x27 / 255, 0x28 / 255), (0x3A / 255, 0x9D / 255, 0x5D / 255)
    names = {red: "late", green: "on time"}
    colours = [
        next((name for rgb, name in names.items() if _close(bar.get_facecolor()[:3], rgb)), "?")
        for bar in bars
    ]
    # Late: run B's first task (5 min), kasubag2's first review (20 min), the archive (5 min).
    assert colours == ["late", "on time", "late"] + ["on time"] * 5 + ["late"]


def _close(a, b) -> bool:
    return all(abs(x - y) < 0.01 for x, y in zip(a, b, strict=True))
