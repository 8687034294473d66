"""Where everything goes on an SOP AP flowchart page (Permenpan RB 35/2012): pure geometry.

The page is A4 landscape, measured in inches from its top-left corner (y grows
downwards). Columns: No, Uraian Kegiatan, one lane per Pelaksana, then Mutu Baku
(Kelengkapan, Waktu, Output) and Keterangan. Each step is one row; its shape (a
process box, or a decision diamond) sits in the lane of each of its actors. Flow
arrows run down and across; a decision's *Tidak* arrow goes out to a gutter at the
right of the lanes and back up to the step it returns to. *Mulai* and *Selesai*
terminators open and close the flow; a long SOP continues on the next page through
off-page connectors. The renderer draws exactly this model, so tests can check it.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from enum import StrEnum

from bot.sop.model import END, REJECT, Sop, Step

PAGE_WIDTH, PAGE_HEIGHT = 11.69, 8.27  # A4 landscape
MARGIN = 0.3
TITLE_HEIGHT = 0.45
HEADER_HEIGHT = 0.55
TERMINATOR_HEIGHT = 0.32
ROW_HEIGHT = 0.42
GUTTER = 0.3  # right of the lanes, for send-back arrows
FIXED_COLUMNS = (  # (key, width) of the columns around the lanes
    ("no", 0.35),
    ("activity", 2.4),
    ("inputs", 1.2),
    ("standard", 0.7),
    ("output", 1.1),
    ("note", 0.9),
)
BODY_TOP = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT
STEPS_PER_PAGE = int((PAGE_HEIGHT - BODY_TOP - MARGIN - 2 * TERMINATOR_HEIGHT) // ROW_HEIGHT)
FONT_SIZE = 6.0


class ShapeKind(StrEnum):
    PROCESS = "process"
    DECISION = "decision"
    TERMINATOR = "terminator"
    CONNECTOR = "connector"  # off-page connector


class StepState(StrEnum):
    """How a step stands in a run, for colouring it."""

    PENDING = "pending"
    DONE = "done"
    CURRENT = "current"
    LATE = "late"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: left, top, width, height (inches from the page's top-left)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        """The box's middle point."""
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def right(self) -> float:
        """The x of the box's right side."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The y of the box's bottom side."""
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class Cell:
    """Text in a table cell."""

    box: Box
    text: str
    bold: bool = False
    centered: bool = False
    size: float = FONT_SIZE


@dataclass(frozen=True, slots=True)
class Shape:
    kind: ShapeKind
    box: Box
    step: int | None = None
    role: str | None = None
    label: str = ""
    state: StepState = StepState.PENDING


@dataclass(frozen=True, slots=True)
class Arrow:
    """A polyline ending in an arrowhead; ``back`` marks a send-back (Tidak) arrow."""

    points: tuple[tuple[float, float], ...]
    label: str = ""
    back: bool = False


@dataclass(slots=True)
class Page:
    number: int
    lanes: dict[str, Box]
    cells: list[Cell] = field(default_factory=list)
    grid: list[Box] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)

    def shapes_of(self, step: int) -> list[Shape]:
        """The shapes of one step on this page (one per actor)."""
        return [s for s in self.shapes if s.step == step and s.kind is not ShapeKind.CONNECTOR]


def wrap(text: str, width: float, size: float = FONT_SIZE) -> str:
    """Wrap text to a column ``width`` inches wide at ``size`` points."""
    per_line = max(4, int(width * 72 / (size * 0.6)))
    return textwrap.fill(text, per_line)


def _columns(sop: Sop) -> tuple[dict[str, Box], dict[str, Box]]:
    """The fixed columns and the lanes, as full-height strips of the body."""
    fixed = dict(FIXED_COLUMNS)
    lanes_width = PAGE_WIDTH - 2 * MARGIN - sum(fixed.values())
    lane_width = (lanes_width - GUTTER) / len(sop.roles)
    height = PAGE_HEIGHT - MARGIN - BODY_TOP
    strips: dict[str, Box] = {}
    lanes: dict[str, Box] = {}
    x = MARGIN
    for key in ("no", "activity"):
        strips[key] = Box(x, BODY_TOP, fixed[key], height)
        x += fixed[key]
    for role in sop.roles:
        lanes[role] = Box(x, BODY_TOP, lane_width, height)
        x += lane_width
    strips["gutter"] = Box(x, BODY_TOP, GUTTER, height)
    x += GUTTER
    for key in ("inputs", "standard", "output", "note"):
        strips[key] = Box(x, BODY_TOP, fixed[key], height)
        x += fixed[key]
    return strips, lanes


def _header(page: Page, sop: Sop, strips: dict[str, Box]) -> None:
    """The title and the two header rows of the SOP AP table."""
    top, half = MARGIN + TITLE_HEIGHT, HEADER_HEIGHT / 2
    title = sop.identity.name + (f" — {sop.identity.number}" if sop.identity.number else "")
    page.cells.append(Cell(Box(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, TITLE_HEIGHT), title,
                           bold=True, centered=True, size=10))  # fmt: skip

    def cell(x: float, y: float, w: float, h: float, text: str) -> None:
        """Add a bordered header cell with wrapped text."""
        page.grid.append(Box(x, y, w, h))
        page.cells.append(Cell(Box(x, y, w, h), wrap(text, w), bold=True, centered=True))

    for key, text in (("no", "No"), ("activity", "Uraian Kegiatan"), ("note", "Keterangan")):
        cell(strips[key].x, top, strips[key].width, HEADER_HEIGHT, text)
    lanes = list(page.lanes.values())
    lanes_right = strips["gutter"].right
    cell(lanes[0].x, top, lanes_right - lanes[0].x, half, "Pelaksana")
    for role, lane in page.lanes.items():
        cell(lane.x, top + half, lane.width, half, sop.roles[role])  # wrapped to the lane
    page.grid.append(Box(strips["gutter"].x, top + half, GUTTER, half))
    mutu = strips["inputs"]
    cell(mutu.x, top, strips["output"].right - mutu.x, half, "Mutu Baku")
    for key, text in (("inputs", "Kelengkapan"), ("standard", "Waktu"), ("output", "Output")):
        cell(strips[key].x, top + half, strips[key].width, half, text)


def _shape_box(lane: Box, row_top: float, kind: ShapeKind) -> Box:
    """Where a step's shape goes in a lane's row."""
    width = min(lane.width * 0.8, 1.1)
    height = ROW_HEIGHT * (0.78 if kind is ShapeKind.DECISION else 0.6)
    return Box(lane.center[0] - width / 2, row_top + (ROW_HEIGHT - height) / 2, width, height)


def _row(page: Page, sop: Sop, step: Step, top: float, strips: dict[str, Box],
         states: dict[int, StepState]) -> None:  # fmt: skip
    """The step's text cells and its shape in each actor's lane."""
    texts = {
        "no": str(step.number),
        "activity": step.activity,
        "inputs": ", ".join(step.inputs),
        "standard": sop.standard_of(step).text,
        "output": step.output or "",
        "note": step.note or "",
    }
    for key, text in texts.items():
        strip = strips[key]
        box = Box(strip.x, top, strip.width, ROW_HEIGHT)
        page.cells.append(Cell(box, wrap(text, strip.width - 0.06), centered=key != "activity"))
    kind = ShapeKind.DECISION if step.decision else ShapeKind.PROCESS
    state = states.get(step.number, StepState.PENDING)
    for role in step.actors:
        box = _shape_box(page.lanes[role], top, kind)
        page.shapes.append(Shape(kind, box, step=step.number, role=role, state=state))


def _terminator(page: Page, lane: Box, top: float, label: str, kind: ShapeKind) -> Shape:
    """Place a terminator or connector in a lane's slot starting at ``top``."""
    width = min(lane.width * 0.7, 0.9)
    height = TERMINATOR_HEIGHT * 0.7
    box = Box(lane.center[0] - width / 2, top + (TERMINATOR_HEIGHT - height) / 2, width, height)
    shape = Shape(kind, box, label=label)
    page.shapes.append(shape)
    return shape


def _down(source: Box, target: Box, label: str = "") -> Arrow:
    """From the bottom of ``source`` to the top of ``target``, square corners."""
    (sx, _sy), (tx, _ty) = source.center, target.center
    if abs(sx - tx) < 1e-6:
        return Arrow(((sx, source.bottom), (tx, target.y)), label)
    middle = (source.bottom + target.y) / 2
    points = ((sx, source.bottom), (sx, middle), (tx, middle), (tx, target.y))
    return Arrow(points, label)


def _back(source: Box, target: Shape, gutter_x: float) -> Arrow:
    """From the right of a diamond out to the gutter, up, and into the target's right side.

    The arrow enters above the target's middle, so that it never runs along the
    target's own Tidak arrow when the target is a decision too.
    """
    sy = source.center[1]
    box = target.box
    ty = box.center[1] - box.height * 0.2
    tx = box.right
    if target.kind is ShapeKind.DECISION:
        tx = box.center[0] + box.width * 0.3  # on the diamond's upper right edge
    points = ((source.right, sy), (gutter_x, sy), (gutter_x, ty), (tx, ty))
    return Arrow(points, "Tidak", back=True)


def _pages_of(sop: Sop) -> list[list[Step]]:
    """The steps of each page, in table order."""
    count = math.ceil(len(sop.steps) / STEPS_PER_PAGE)
    return [list(sop.steps[i * STEPS_PER_PAGE : (i + 1) * STEPS_PER_PAGE]) for i in range(count)]


def layout(sop: Sop, states: dict[int, StepState] | None = None) -> list[Page]:
    """Every page of the SOP's flowchart; ``states`` colours the steps of a run."""
    strips, lanes = _columns(sop)
    chunks = _pages_of(sop)
    pages: list[Page] = []
    for number, steps in enumerate(chunks, start=1):
        page = Page(number=number, lanes=lanes)
        _header(page, sop, strips)
        top = BODY_TOP + TERMINATOR_HEIGHT
        for step in steps:
            _row(page, sop, step, top, strips, states or {})
            top += ROW_HEIGHT
        page.grid.extend(_body_grid(strips, lanes, len(steps)))
        pages.append(page)
    _connect(sop, pages, chunks)
    return pages


def _body_grid(strips: dict[str, Box], lanes: dict[str, Box], rows: int) -> list[Box]:
    """Cell borders of the body: text columns ruled per row; lanes as whole strips."""
    height = 2 * TERMINATOR_HEIGHT + rows * ROW_HEIGHT
    boxes = [Box(lane.x, BODY_TOP, lane.width, height) for lane in lanes.values()]
    boxes.append(Box(strips["gutter"].x, BODY_TOP, GUTTER, height))
    for key in ("no", "activity", "inputs", "standard", "output", "note"):
        strip = strips[key]
        boxes.append(Box(strip.x, BODY_TOP, strip.width, TERMINATOR_HEIGHT))
        for row in range(rows):
            y = BODY_TOP + TERMINATOR_HEIGHT + row * ROW_HEIGHT
            boxes.append(Box(strip.x, y, strip.width, ROW_HEIGHT))
        boxes.append(Box(strip.x, height + BODY_TOP - TERMINATOR_HEIGHT, strip.width,
                         TERMINATOR_HEIGHT))  # fmt: skip
    return boxes


def _connect(sop: Sop, pages: list[Page], chunks: list[list[Step]]) -> None:
    """Terminators, connectors and every arrow of the flow."""
    page_of = {step.number: index for index, steps in enumerate(chunks) for step in steps}
    first, last = chunks[0][0], chunks[-1][-1]
    start = _terminator(pages[0], pages[0].lanes[first.actors[0]], BODY_TOP, "Mulai",
                        ShapeKind.TERMINATOR)  # fmt: skip
    for shape in pages[0].shapes_of(first.number):
        pages[0].arrows.append(_down(start.box, shape.box))
    end_page = pages[-1]
    end_top = BODY_TOP + TERMINATOR_HEIGHT + len(chunks[-1]) * ROW_HEIGHT
    end = _terminator(end_page, end_page.lanes[last.actors[0]], end_top, "Selesai",
                      ShapeKind.TERMINATOR)  # fmt: skip
    gutter_right = max(lane.right for lane in pages[0].lanes.values()) + GUTTER
    backs = 0
    for index, steps in enumerate(chunks):
        page = pages[index]
        for step in steps:
            for target, label in _targets(sop, step):
                if target == "end":
                    if index == len(pages) - 1:
                        for shape in page.shapes_of(step.number):
                            page.arrows.append(_down(shape.box, end.box, label))
                    continue
                assert isinstance(target, int)
                back = target <= step.number
                if back:
                    backs += 1
                    x = gutter_right - GUTTER * (0.25 + 0.2 * ((backs - 1) % 4))
                    _send_back(page, pages, page_of, step, target, x)
                else:
                    _forward(page, pages, page_of, step, target, label, index)


def _targets(sop: Sop, step: Step) -> list[tuple[int | str, str]]:
    """Where a step leads: (step number or 'end', label) pairs."""
    following = sop.next_step(step.number)
    after: int | str = "end" if following is None else following.number
    if step.decision is None:
        return [(after, "")]
    yes = step.decision.yes
    yes_target: int | str = after if yes is None else ("end" if yes == END else yes)
    no = step.decision.no
    no_target: int | str = "end" if no == REJECT else no
    return [(yes_target, "Ya"), (no_target, "Tidak")]


def _forward(page: Page, pages: list[Page], page_of: dict[int, int], step: Step, target: int,
             label: str, index: int) -> None:  # fmt: skip
    """A downward arrow to a later step, through connectors when it is on a later page."""
    sources = page.shapes_of(step.number)
    if page_of[target] == index:
        for source in sources:
            for shape in page.shapes_of(target):
                page.arrows.append(_down(source.box, shape.box, label))
        return
    other = pages[page_of[target]]
    mark = chr(ord("A") + index)
    lane = page.lanes[sources[0].role or ""]
    rows = len({s.step for s in page.shapes if s.step is not None})
    bottom = BODY_TOP + TERMINATOR_HEIGHT + rows * ROW_HEIGHT
    out = _terminator(page, lane, bottom, mark, ShapeKind.CONNECTOR)
    for source in sources:
        page.arrows.append(_down(source.box, out.box, label))
    targets = other.shapes_of(target)
    entry = _terminator(other, other.lanes[targets[0].role or ""], BODY_TOP, mark,
                        ShapeKind.CONNECTOR)  # fmt: skip
    for shape in targets:
        other.arrows.append(_down(entry.box, shape.box))


def _send_back(page: Page, pages: list[Page], page_of: dict[int, int], step: Step, target: int,
               x: float) -> None:  # fmt: skip
    """A Tidak arrow back up to an earlier step (or to a connector naming it)."""
    source = page.shapes_of(step.number)[0]
    if pages[page_of[target]] is page:
        for shape in page.shapes_of(target)[:1]:
            page.arrows.append(_back(source.box, shape, x))
        return
    width = GUTTER * 0.9
    note = Box(x - width / 2, source.box.y - 0.3, width, 0.22)
    page.shapes.append(Shape(ShapeKind.CONNECTOR, note, label=str(target)))
    sy = source.box.center[1]
    points = ((source.box.right, sy), (x, sy), (x, note.bottom))
    page.arrows.append(Arrow(points, "Tidak", back=True))
