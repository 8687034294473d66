"""Every seed SOP plays to the end through the engine, with one send-back loop."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.engine import RunStatus, TaskStatus, Workflow
from bot.engine.simulation import simulate
from bot.sop.loader import load_sop
from bot.worktime import WorkCalendar

SOPS = sorted((Path(__file__).parent.parent / "sops").glob("*.yaml"))
MONDAY_0730_WIB = datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_there_are_four_seeds():
    assert len(SOPS) == 4


@pytest.mark.parametrize("path", SOPS, ids=lambda p: p.stem)
def test_seed_plays_to_the_end_with_a_send_back(path):
    sop = load_sop(path)
    holders = {role: [f"{role}-1", f"{role}-2"] for role in sop.roles}
    workflow = Workflow(sop=sop, calendar=WorkCalendar(), holders=holders)
    decisions = [step.number for step in sop.steps if step.decision]
    assert decisions, "every seed models at least one decision by the head"
    first = decisions[0]
    result = simulate(workflow, start=MONDAY_0730_WIB, send_back_steps={first})

    assert result.state.status is RunStatus.FINISHED
    done_steps = {a.task.step for a in result.actions}
    assert done_steps == {step.number for step in sop.steps}
    sent_back = [e for e in result.events if e.kind == "SentBack"]
    assert len(sent_back) == 1
    target = sop.step(first).decision.no
    assert sent_back[0].to_step == target
    assert max(a.task.iteration for a in result.actions if a.task.step == first) == 2
    # each task took exactly its standard, so nothing is late
    assert all(a.task.late_minutes in (0, None) for a in result.actions)
    assert all(t.status in (TaskStatus.DONE, TaskStatus.SKIPPED) for t in result.state.tasks)
    assert result.state.finished_at > MONDAY_0730_WIB
