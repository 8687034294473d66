"""Charts as PNG (matplotlib, Agg, no display): steps against their standard; a run's Gantt."""

from __future__ import annotations

import io
import textwrap

# Figures made directly (never through pyplot) render with the Agg canvas: no display,
# no global state shared between threads.
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot.i18n import _
from bot.reports.views import RunTimeline, SopReport

DPI = 100
STEPS_SIZE = (12.0, 6.0)  # inches: 1200 x 600 pixels
GANTT_WIDTH = 12.0
_STANDARD = "#b0b7c3"
_MEDIAN = "#2f6db5"
_P90 = "#d62728"
_ON_TIME = "#3a9d5d"
_LATE = "#d62728"
_OPEN = "#f2b134"


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes at the charts' resolution."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _hours(minutes: float | None) -> float:
    """Minutes as hours for the axes; zero for none."""
    return 0.0 if minutes is None else minutes / 60


def steps_chart(report: SopReport) -> Figure:
    """Per step: the standard and the median actual time as bars, the 90th percentile marked."""
    figure = Figure(figsize=STEPS_SIZE)
    axes = figure.add_subplot()
    numbers = [s.step for s in report.steps]
    positions = range(len(numbers))
    width = 0.38
    axes.bar(
        [p - width / 2 for p in positions],
        [_hours(s.standard_minutes) for s in report.steps],
        width,
        color=_STANDARD,
        label=_("Standard (Mutu Baku: Waktu)"),
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [_hours(s.median_minutes) for s in report.steps],
        width,
        color=_MEDIAN,
        label=_("Median actual time"),
    )
    measured = [(p, s.p90_minutes) for p, s in zip(positions, report.steps, strict=True)]
    axes.scatter(
        [p + width / 2 for p, value in measured if value is not None],
        [_hours(value) for _p, value in measured if value is not None],
        marker="_",
        s=400,
        linewidths=3,
        color=_P90,
        zorder=3,
        label=_("90th percentile"),
    )
    axes.set_xticks(list(positions), [str(n) for n in numbers])
    axes.set_xlabel(_("Step"))
    axes.set_ylabel(_("Working hours"))
    period = f"{report.period.first.isoformat()} – {report.period.last.isoformat()}"
    axes.set_title(f"{report.sop_name}\n{period}", fontsize=11)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper left", fontsize=9)
    figure.tight_layout()
    return figure


def _label(step: int, iteration: int, person: str) -> str:
    """A Gantt row's label: step, round and person."""
    round_mark = f" ({iteration})" if iteration > 1 else ""
    return textwrap.shorten(f"{step}{round_mark} · {person}", width=32, placeholder="…")


def gantt_chart(timeline: RunTimeline) -> Figure:
    """One bar per task from assignment to completion, in working hours since the start."""
    rows = timeline.rows
    height = max(3.0, 1.2 + 0.35 * len(rows))
    figure = Figure(figsize=(GANTT_WIDTH, height))
    axes = figure.add_subplot()
    end_of_chart = max([r.offset_end or r.offset_start for r in rows] + [1])
    for index, row in enumerate(rows):
        end = row.offset_end if row.offset_end is not None else end_of_chart
        if row.offset_end is None:
            color = _OPEN
        else:
            color = _LATE if (row.late_minutes or 0) > 0 else _ON_TIME
        axes.barh(index, _hours(end - row.offset_start), left=_hours(row.offset_start),
                  color=color, height=0.6)  # fmt: skip
    axes.set_yticks(range(len(rows)), [_label(r.step, r.iteration, r.person) for r in rows])
    axes.invert_yaxis()
    axes.set_xlabel(_("Working hours since the run started"))
    axes.set_title(f"{timeline.sop_name} · {timeline.run_id}", fontsize=11)
    axes.grid(axis="x", alpha=0.3)
    axes.legend(
        handles=[
            Patch(color=_ON_TIME, label=_("on time")),
            Patch(color=_LATE, label=_("late")),
            Patch(color=_OPEN, label=_("open")),
        ],
        loc="lower right",
        fontsize=9,
    )
    figure.tight_layout()
    return figure
