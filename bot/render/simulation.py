"""Lay out a simulated run for the terminal: who does what, when, and when it ends."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.engine.simulation import SimulatedAction, Simulation
from bot.engine.state import RunStatus
from bot.i18n import _, current_locale
from bot.render.durations import hours_minutes
from bot.sop.model import Sop
from bot.worktime import WorkCalendar

_EMPTY = "-"


def when(instant: datetime | None, zone: ZoneInfo) -> str:
    """Format an instant in the office's timezone and the user's locale."""
    if instant is None:
        return _EMPTY
    return format_datetime(instant, "EEE d MMM y HH:mm", tzinfo=zone, locale=current_locale())


def run_status(status: RunStatus) -> str:
    """Say a run's status in words."""
    words = {
        RunStatus.ACTIVE: _("running"),
        RunStatus.FINISHED: _("finished"),
        RunStatus.REJECTED: _("rejected"),
        RunStatus.CANCELLED: _("cancelled"),
    }
    return words[status]


def _result(action: SimulatedAction) -> str:
    if action.approved is True:
        return _("approved")
    if action.approved is False:
        return _("sent back")
    if action.task.status == "skipped":
        return _("skipped")
    return _("done")


def actions_table(sop: Sop, simulation: Simulation, calendar: WorkCalendar) -> Table:
    """One row per finished task, in the order they finished."""
    table = Table(box=box.SIMPLE_HEAVY, show_lines=False)
    for header in (
        _("Step"),
        _("Lap"),
        _("Actor"),
        _("Assigned"),
        _("Due"),
        _("Done"),
        _("Working time"),
        _("Result"),
    ):
        table.add_column(header)
    for action in simulation.actions:
        task = action.task
        table.add_row(
            str(task.step),
            str(task.iteration),
            Text(f"{sop.roles.get(task.role, task.role)} ({task.assignee})"),
            when(task.assigned_at, calendar.zone),
            when(task.due_at, calendar.zone),
            when(task.completed_at, calendar.zone),
            hours_minutes(task.lead_minutes or 0),
            _result(action),
        )
    return table


def render_simulation(sop: Sop, simulation: Simulation, calendar: WorkCalendar) -> RenderableType:
    """The whole simulation: a heading, the task table and the finish line."""
    state = simulation.state
    heading = Text(
        _("Simulation of '{name}' from {start} ({zone})").format(
            name=sop.identity.name,
            start=when(state.started_at, calendar.zone),
            zone=calendar.timezone,
        ),
        style="bold",
    )
    total = calendar.working_minutes(state.started_at, state.finished_at or state.started_at)
    finish = Text(
        _("Finished ({status}) on {end}: {total} of working time, {count} tasks.").format(
            status=run_status(state.status),
            end=when(state.finished_at, calendar.zone),
            total=hours_minutes(total),
            count=len(simulation.actions),
        ),
        style="bold",
    )
    return Group(heading, actions_table(sop, simulation, calendar), finish)
