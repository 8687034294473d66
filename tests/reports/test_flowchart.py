"""The SOP AP flowchart: shapes in their Pelaksana's lane, arrows, pages, and run colours."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.reports.flowchart import DPI, flowchart_pngs, run_states
from bot.reports.flowchart_layout import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STEPS_PER_PAGE,
    Page,
    ShapeKind,
    StepState,
    layout,
)
from bot.services.reports import run_report
from bot.sop.loader import load_sop
from bot.sop.model import Sop
from tests.reports.images import has_colour, inked_share, open_png

SEEDS = sorted((Path(__file__).resolve().parents[2] / "sops").glob("*.yaml"))
GREEN, YELLOW, RED = (0xB9, 0xE4, 0xC2), (0xFF, 0xE2, 0x7A), (0xF4, 0xA3, 0xA3)


def _in(x: float, lane) -> bool:
    return lane.x < x < lane.right


def _check_lanes(sop: Sop, pages: list[Page]) -> None:
    """Every step's shapes sit in the lanes of exactly its actors, rows going down."""
    tops = []
    for page in pages:
        for step in [s for s in sop.steps if page.shapes_of(s.number)]:
            shapes = page.shapes_of(step.number)
            assert sorted(shape.role for shape in shapes) == sorted(step.actors)
            for shape in shapes:
                x, _y = shape.box.center
                assert _in(x, page.lanes[shape.role])
                assert not any(
                    _in(x, lane) for role, lane in page.lanes.items() if role != shape.role
                )
                kind = ShapeKind.DECISION if step.decision else ShapeKind.PROCESS
                assert shape.kind is kind
            tops.append((page.number, shapes[0].box.y))
    assert tops == sorted(tops)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_flowcharts_fit_one_page_with_shapes_in_their_lanes(path: Path) -> None:
    sop = load_sop(path)
    (page,) = layout(sop)
    _check_lanes(sop, [page])
    assert list(page.lanes) == list(sop.roles)
    # Mulai above the first step in its actor's lane; Selesai below the last.
    terminators = [s for s in page.shapes if s.kind is ShapeKind.TERMINATOR]
    start, end = terminators
    assert (start.label, end.label) == ("Mulai", "Selesai")
    first, last = sop.steps[0], sop.steps[-1]
    assert _in(start.box.center[0], page.lanes[first.actors[0]])
    assert start.box.bottom < page.shapes_of(first.number)[0].box.y
    assert _in(end.box.center[0], page.lanes[last.actors[0]])
    assert end.box.y > page.shapes_of(last.number)[0].box.bottom
    # One red Tidak arrow per decision, going back up to its target's row.
    decisions = [s for s in sop.steps if s.decision]
    backs = [a for a in page.arrows if a.back]
    assert len(backs) == len(decisions)
    for step, arrow in zip(decisions, backs, strict=True):
        assert step.decision is not None and isinstance(step.decision.no, int)
        target = page.shapes_of(step.decision.no)[0]
        source = page.shapes_of(step.number)[0]
        assert arrow.label == "Tidak"
        assert arrow.points[0] == (source.box.right, source.box.center[1])
        assert target.box.y < arrow.points[-1][1] < target.box.bottom
        assert _in(arrow.points[-1][0], page.lanes[target.role or ""])
    ya = [a for a in page.arrows if a.label == "Ya"]
    assert len(ya) == len(decisions)
    # The Mutu Baku columns carry each step's Waktu.
    texts = {cell.text.replace("\n", " ") for cell in page.cells}
    assert all(sop.standard_of(step).text in texts for step in sop.steps)
    assert {"Kelengkapan", "Waktu", "Output", "Mutu Baku", "Pelaksana"} <= texts


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_flowchart_pngs(path: Path) -> None:
    (png,) = flowchart_pngs(load_sop(path))
    image = open_png(png)
    assert image.size == (int(PAGE_WIDTH * DPI), int(PAGE_HEIGHT * DPI)) == (1753, 1240)
    assert 0.03 < inked_share(image) < 0.5
    assert not has_colour(image, GREEN)  # no run: nothing coloured


def _body(image):
    """The page above its footer (the legend there shows every colour once)."""
    return image.crop((0, 0, image.width, int((PAGE_HEIGHT - MARGIN) * DPI)))


def _long_sop(steps: int) -> Sop:
    """An SOP of ``steps`` steps over three roles; step 20 sends back to step 3."""
    roles = ["staf", "kasubag", "kepala"]
    rows = []
    for number in range(1, steps + 1):
        row = {"nomor": number, "uraian": f"Kegiatan {number}", "pelaksana": roles[number % 3],
               "waktu": "15 menit"}  # fmt: skip
        if number == 20:
            row["keputusan"] = {"pertanyaan": "Benar?", "tidak": 3}
        rows.append(row)
    return Sop.model_validate(
        {"kode": "panjang", "identitas": {"nama": "SOP Panjang"},
         "peran": {r: r.title() for r in roles}, "langkah": rows}
    )  # fmt: skip


def test_long_sop_continues_on_further_pages_with_connectors() -> None:
    sop = _long_sop(30)
    pages = layout(sop)
    assert STEPS_PER_PAGE == 14 and len(pages) == 3
    _check_lanes(sop, pages)
    on_page = [[s.number for s in sop.steps if page.shapes_of(s.number)] for page in pages]
    assert on_page == [list(range(1, 15)), list(range(15, 29)), [29, 30]]
    connectors = [
        sorted((s.label, round(s.box.y, 2)) for s in page.shapes if s.kind is ShapeKind.CONNECTOR)
        for page in pages
    ]
    # Page 1 ends in A; page 2 starts at A, ends in B and names step 3 for the send-back.
    labels = [[label for label, _y in found] for found in connectors]
    assert labels == [["A"], ["3", "A", "B"], ["B"]]
    bottom_a, top_a = connectors[0][0][1], dict(connectors[1])["A"]
    assert bottom_a > top_a  # the exit at the foot of page 1, the entry at the head of page 2
    exit_a = next(s for s in pages[0].shapes if s.label == "A")
    assert _in(exit_a.box.center[0], pages[0].lanes[sop.step(14).actors[0]])
    entry_a = next(s for s in pages[1].shapes if s.label == "A")
    assert _in(entry_a.box.center[0], pages[1].lanes[sop.step(15).actors[0]])
    back = [a for a in pages[1].arrows if a.back]
    assert len(back) == 1 and back[0].label == "Tidak"
    assert [s.label for s in pages[2].shapes if s.kind is ShapeKind.TERMINATOR] == ["Selesai"]
    images = [open_png(png) for png in flowchart_pngs(sop)]
    assert [image.size for image in images] == [(1753, 1240)] * 3
    assert all(inked_share(image) > 0.01 for image in images)


async def test_run_colours_done_current_and_late(uow, seeded, sample_sop) -> None:
    a = await run_report(uow, run_id=seeded.runs["A"])
    c = await run_report(uow, run_id=seeded.runs["C"])
    b = await run_report(uow, run_id=seeded.runs["B"])
    # A: kasubag2 was 30 minutes late on step 2, the decision 60 minutes late.
    assert run_states(a.sop, a.tasks) == {1: StepState.DONE, 2: StepState.LATE,
                                          3: StepState.LATE, 4: StepState.DONE}  # fmt: skip
    # C: step 1 done, step 2 waiting for both kasubag.
    assert run_states(c.sop, c.tasks) == {1: StepState.DONE, 2: StepState.CURRENT}
    # B: step 1 was late in its first round, on time in the second, which counts.
    assert run_states(b.sop, b.tasks)[1] is StepState.DONE
    (page,) = layout(c.sop, run_states(c.sop, c.tasks))
    assert [s.state for s in page.shapes_of(2)] == [StepState.CURRENT] * 1
    (image_a,) = [_body(open_png(png)) for png in flowchart_pngs(a.sop, a.tasks)]
    (image_c,) = [_body(open_png(png)) for png in flowchart_pngs(c.sop, c.tasks)]
    assert has_colour(image_a, GREEN) and has_colour(image_a, RED)
    assert not has_colour(image_a, YELLOW)
    assert has_colour(image_c, GREEN) and has_colour(image_c, YELLOW)
