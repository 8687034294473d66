"""Lay out a simulated run for the terminal: who does what, when, and when it ends.

Rows are grouped by the day a task was done: the date is said once, in a heading,
and the rows show times only (a time on another day carries its short date).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.engine.simulation import SimulatedAction, Simulation
from bot.engine.state import RunStatus
from bot.i18n import _, current_locale
from bot.render.durations import hours_minutes
from bot.render.fit import Fitted
from bot.sop.model import Sop
from bot.worktime import WorkCalendar

_EMPTY = "-"


def when(instant: datetime | None, zone: ZoneInfo) -> str:
    """Format an instant in the office's timezone and the user's locale, date and time."""
    if instant is None:
        return _EMPTY
    return format_datetime(instant, "EEE d MMM y HH:mm", tzinfo=zone, locale=current_locale())


def day_heading(day: date) -> str:
    """Say a day in full, e.g. 'Senin, 23 November 2026'."""
    return format_date(day, "EEEE, d MMMM y", locale=current_locale())


def clock(instant: datetime | None, day: date, zone: ZoneInfo) -> str:
    """The time of ``instant``; with its short date when it falls on another day than ``day``."""
    if instant is None:
        return _EMPTY
    local = instant.astimezone(zone)
    pattern = "HH:mm" if local.date() == day else "d MMM HH:mm"
    return format_datetime(local, pattern, tzinfo=zone, locale=current_locale())


def finish_sentence(status: RunStatus) -> str:
    """The sentence that ends the simulation, by how the run ended."""
    sentences = {
        RunStatus.FINISHED: _("Finished on {end}: {total} of working time, {count} tasks."),
        RunStatus.REJECTED: _("Rejected on {end}: {total} of working time, {count} tasks."),
        RunStatus.CANCELLED: _("Cancelled on {end}: {total} of working time, {count} tasks."),
        RunStatus.ACTIVE: _("Still running at {end}: {total} of working time, {count} tasks."),
    }
    return sentences[status]


def _result(action: SimulatedAction) -> str:
    """Say how a task ended."""
    if action.approved is True:
        return _("approved")
    if action.approved is False:
        return _("sent back")
    if action.task.status == "skipped":
        return _("skipped")
    return _("done")


def _done_day(action: SimulatedAction, zone: ZoneInfo) -> date:
    """The office-local day a task was done on."""
    task = action.task
    instant = task.completed_at or task.assigned_at
    return instant.astimezone(zone).date()


def _by_day(simulation: Simulation, zone: ZoneInfo) -> list[tuple[date, list[SimulatedAction]]]:
    """Group the finished tasks by the day they were done, in order."""
    days: list[tuple[date, list[SimulatedAction]]] = []
    for action in simulation.actions:
        day = _done_day(action, zone)
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(action)
    return days


def _cells(sop: Sop, action: SimulatedAction, day: date, zone: ZoneInfo) -> list[str]:
    """The texts of one task's row, times relative to ``day``."""
    task = action.task
    return [
        str(task.step),
        str(task.iteration),
        sop.roles.get(task.role, task.role),
        clock(task.assigned_at, day, zone),
        clock(task.due_at, day, zone),
        clock(task.completed_at, day, zone),
        hours_minutes(task.lead_minutes or 0),
        _result(action),
    ]


def _headers() -> list[str]:
    """The column headers of the task table."""
    return [
        _("Step"),
        _("Lap"),
        _("Actor"),
        _("Assigned"),
        _("Due"),
        _("Done"),
        _("Working time"),
        _("Result"),
    ]


def actions_table(sop: Sop, simulation: Simulation, calendar: WorkCalendar) -> RenderableType:
    """One row per finished task in the order they finished, under a heading per day.

    One table per day, all with the same column widths (each column as wide as its
    longest cell), so the columns line up from day to day.
    """
    days = [
        (day, [_cells(sop, action, day, calendar.zone) for action in actions])
        for day, actions in _by_day(simulation, calendar.zone)
    ]
    headers = _headers()
    widths = [len(header) for header in headers]
    for _day, rows in days:
        for row in rows:
            widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    parts: list[RenderableType] = []
    for index, (day, rows) in enumerate(days):
        table = Table(box=box.SIMPLE_HEAVY, show_header=index == 0, pad_edge=False, padding=(0, 1))
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, width=width, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        parts.extend([Text(day_heading(day), style="bold underline"), table])
    return Group(*parts)


def actions_list(sop: Sop, simulation: Simulation, calendar: WorkCalendar) -> RenderableType:
    """The same tasks one under another, for terminals too narrow for the table."""
    labels = _headers()
    parts: list[RenderableType] = []
    for day, actions in _by_day(simulation, calendar.zone):
        parts.append(Text(day_heading(day), style="bold underline"))
        for action in actions:
            cells = _cells(sop, action, day, calendar.zone)
            line = Text(f"{cells[5]}  ", style="bold")
            line.append(f"{labels[0]} {cells[0]} ({labels[1].lower()} {cells[1]}) · {cells[2]}")
            line.append(f" · {cells[7]}")
            detail = Text(
                f"    {labels[3]} {cells[3]} · {labels[4]} {cells[4]} · {labels[6]} {cells[6]}",
                style="dim",
            )
            parts.extend([line, detail])
        parts.append(Text(""))
    return Group(*parts)


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
        finish_sentence(state.status).format(
            end=when(state.finished_at, calendar.zone),
            total=hours_minutes(total),
            count=len(simulation.actions),
        ),
        style="bold",
    )
    table = Fitted(
        lambda: actions_table(sop, simulation, calendar),
        lambda: actions_list(sop, simulation, calendar),
    )
    return Group(heading, table, finish)
