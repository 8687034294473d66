"""Draw the SOP AP flowchart pages of ``flowchart_layout`` as PNG (matplotlib, Agg)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

from bot.i18n import _
from bot.reports.facts import TaskFact
from bot.reports.flowchart_layout import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Arrow,
    Box,
    Page,
    Shape,
    ShapeKind,
    StepState,
    layout,
)
from bot.sop.model import Sop

DPI = 150  # A4 landscape: 1753 x 1240 pixels
_FILL = {
    StepState.PENDING: "white",
    StepState.DONE: "#b9e4c2",
    StepState.CURRENT: "#ffe27a",
    StepState.LATE: "#f4a3a3",
}
_LINE = "#222222"
_BACK = "#b03030"


def run_states(sop: Sop, tasks: Sequence[TaskFact]) -> dict[int, StepState]:
    """Each step's state in a run, by its latest round: open, late, or done."""
    states: dict[int, StepState] = {}
    for step in sop.steps:
        mine = [t for t in tasks if t.step == step.number]
        if not mine:
            continue
        latest = max(t.iteration for t in mine)
        current = [t for t in mine if t.iteration == latest]
        if any(t.is_open for t in current):
            states[step.number] = StepState.CURRENT
        elif any((t.late_minutes or 0) > 0 for t in current if t.is_done):
            states[step.number] = StepState.LATE
        elif any(t.is_done for t in current):
            states[step.number] = StepState.DONE
    return states


def _diamond(box: Box) -> list[tuple[float, float]]:
    """The four corners of a decision diamond inside ``box``."""
    cx, cy = box.center
    return [(cx, box.y), (box.right, cy), (cx, box.bottom), (box.x, cy)]


def _pentagon(box: Box) -> list[tuple[float, float]]:
    """The off-page connector: a box whose bottom comes to a point."""
    tip = box.y + box.height * 0.65
    cx = box.center[0]
    return [(box.x, box.y), (box.right, box.y), (box.right, tip), (cx, box.bottom), (box.x, tip)]


def _draw_shape(axes: Axes, shape: Shape) -> None:
    """Draw one shape, filled by its step's state in the run."""
    box, fill = shape.box, _FILL[shape.state]
    width = 2.0 if shape.state is StepState.CURRENT else 0.8
    style: dict[str, Any] = {"facecolor": fill, "edgecolor": _LINE, "linewidth": width, "zorder": 3}
    if shape.kind is ShapeKind.PROCESS:
        axes.add_patch(Rectangle((box.x, box.y), box.width, box.height, **style))
    elif shape.kind is ShapeKind.DECISION:
        axes.add_patch(Polygon(_diamond(box), closed=True, **style))
    elif shape.kind is ShapeKind.TERMINATOR:
        rounding = f"round,pad=0,rounding_size={box.height / 2:.3f}"
        axes.add_patch(FancyBboxPatch((box.x, box.y), box.width, box.height, rounding, **style))
    else:
        axes.add_patch(Polygon(_pentagon(box), closed=True, **style))
    if shape.label:
        cx, cy = box.center
        if shape.kind is ShapeKind.CONNECTOR:
            cy = box.y + box.height * 0.35
        axes.text(cx, cy, shape.label, ha="center", va="center", fontsize=6.5, zorder=4)


def _draw_arrow(axes: Axes, arrow: Arrow) -> None:
    """Draw a polyline with its arrowhead and its Ya/Tidak label."""
    color = _BACK if arrow.back else _LINE
    xs, ys = zip(*arrow.points, strict=True)
    axes.plot(xs, ys, color=color, linewidth=0.8, zorder=2)
    axes.annotate(
        "",
        xy=arrow.points[-1],
        xytext=arrow.points[-2],
        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 0.8, "shrinkA": 0, "shrinkB": 0},
        zorder=2,
    )
    if arrow.label:
        (x0, y0), (_x1, y1) = arrow.points[0], arrow.points[1]
        horizontal = abs(y1 - y0) < 1e-6
        x, y = (x0 + 0.05, y0 - 0.04) if horizontal else (x0 + 0.04, y0 + 0.06)
        axes.text(x, y, arrow.label, fontsize=5.5, color=color, ha="left", va="center", zorder=4)


def draw_page(page: Page, pages: int, *, legend: bool) -> Figure:
    """One page as a figure with the page's own inch coordinates (y grows downwards)."""
    figure = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, PAGE_WIDTH)
    axes.set_ylim(PAGE_HEIGHT, 0)
    axes.axis("off")
    for box in page.grid:
        axes.add_patch(Rectangle((box.x, box.y), box.width, box.height, fill=False,
                                 edgecolor="#555555", linewidth=0.5))  # fmt: skip
    for cell in page.cells:
        x, y = cell.box.center if cell.centered else (cell.box.x + 0.04, cell.box.center[1])
        weight = "bold" if cell.bold else "normal"
        axes.text(x, y, cell.text, fontsize=cell.size, ha="center" if cell.centered else "left",
                  va="center", fontweight=weight, linespacing=1.1)  # fmt: skip
    for arrow in page.arrows:
        _draw_arrow(axes, arrow)
    for shape in page.shapes:
        _draw_shape(axes, shape)
    footer = PAGE_HEIGHT - MARGIN / 2
    if pages > 1:
        text = _("Page {page} of {pages}").format(page=page.number, pages=pages)
        axes.text(PAGE_WIDTH - MARGIN, footer, text, fontsize=7, ha="right", va="center")
    if legend:
        _legend(axes, footer)
    return figure


def _legend(axes: Axes, y: float) -> None:
    """Explain the run colours in the footer."""
    x = MARGIN
    for state, text in (
        (StepState.DONE, _("done")),
        (StepState.CURRENT, _("in progress")),
        (StepState.LATE, _("late")),
    ):
        axes.add_patch(Rectangle((x, y - 0.06), 0.18, 0.12, facecolor=_FILL[state],
                                 edgecolor=_LINE, linewidth=0.6))  # fmt: skip
        axes.text(x + 0.24, y, text, fontsize=7, va="center")
        x += 1.3


def flowchart_pngs(sop: Sop, tasks: Sequence[TaskFact] | None = None) -> list[bytes]:
    """Every page of the SOP's flowchart as PNG; with a run's tasks, coloured by progress."""
    states = None if tasks is None else run_states(sop, tasks)
    pages = layout(sop, states)
    images = []
    for page in pages:
        buffer = io.BytesIO()
        draw_page(page, len(pages), legend=tasks is not None).savefig(buffer, format="png", dpi=DPI)
        images.append(buffer.getvalue())
    return images
