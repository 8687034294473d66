"""Lay out an SOP for the terminal the way the paper SOP AP form looks.

Every text that comes from a YAML file goes into a ``rich.text.Text``, never into a
markup string: SOP texts may hold square brackets that rich would read as markup.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.i18n import _, current_locale
from bot.render.durations import calendar_time, days, hours_minutes, totals
from bot.render.fit import Fitted
from bot.sop.model import END, REJECT, Sop, Step
from bot.sop.waktu import StandardKind

PARALLEL_MARK = "∥"
DECISION_MARK = "◇"
_EMPTY = "-"


def render_sop(sop: Sop) -> RenderableType:
    """Return the whole SOP: identity, the six lists, the step table and the time total."""
    parts: list[RenderableType] = [
        identity_table(sop),
        Fitted(lambda: lists_table(sop), lambda: lists_table(sop, columns=1)),
        Fitted(lambda: steps_table(sop), lambda: steps_list(sop)),
    ]
    if any(is_parallel(step) for step in sop.steps):
        legend = _("{mark} = several actors do this step at the same time")
        parts.append(Text(legend.format(mark=PARALLEL_MARK), style="dim"))
    parts.append(totals_table(sop))
    return Group(*parts)


def _day(value: date | None) -> str:
    return _EMPTY if value is None else format_date(value, format="long", locale=current_locale())


def identity_table(sop: Sop) -> Table:
    """Return the identity block of the SOP AP header."""
    identity = sop.identity
    table = Table(
        title=Text(identity.name, style="bold"), show_header=False, box=box.SQUARE, expand=True
    )
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows = (
        (_("SOP title"), identity.name),
        (_("SOP number"), identity.number),
        (_("Agency"), identity.agency),
        (_("Work unit"), identity.unit),
        (_("Date created"), _day(identity.created)),
        (_("Date revised"), _day(identity.revised)),
        (_("Date effective"), _day(identity.effective)),
        (_("Approved by"), identity.approved_by),
        (_("Code"), sop.key),
    )
    for label, value in rows:
        table.add_row(Text(label), Text(value or _EMPTY))
    return table


def _numbered(label: str, items: tuple[str, ...]) -> Text:
    text = Text(f"{label}:", style="bold")
    for index, item in enumerate(items, start=1):
        text.append(f"\n{index}. ", style="bold")
        text.append(item)
    if not items:
        text.append(f"\n{_EMPTY}")
    return text


def lists_table(sop: Sop, columns: int = 2) -> Table:
    """Return the six identity lists, paired in two columns as on the paper form (or one)."""
    table = Table(show_header=False, box=box.SQUARE, expand=True, show_lines=True)
    for _column in range(columns):
        table.add_column(overflow="fold")
    cells = [
        _numbered(_("Legal basis"), sop.legal_basis),
        _numbered(_("Actor qualifications"), sop.qualifications),
        _numbered(_("Related SOPs"), sop.related),
        _numbered(_("Equipment and supplies"), sop.equipment),
        _numbered(_("Warnings"), sop.warnings),
        _numbered(_("Records and data keeping"), sop.records),
    ]
    for start in range(0, len(cells), columns):
        table.add_row(*cells[start : start + columns])
    return table


def is_parallel(step: Step) -> bool:
    """Tell whether several people do this step at the same time."""
    return step.each_holder or len(step.actors) > 1


def _target(sop: Sop, step: Step, target: int | str | None) -> str:
    """Say where a decision outcome leads: a step number, the end, or a rejection."""
    if target is None:
        following = sop.next_step(step.number)
        target = END if following is None else following.number
    if target == END:
        return _("end")
    if target == REJECT:
        return _("rejected")
    return str(target)


def activity_cell(sop: Sop, step: Step) -> Text:
    """Return the Uraian text, with the decision diamond under it."""
    text = Text(step.activity)
    decision = step.decision
    if decision is not None:
        text.append(f"\n{DECISION_MARK} {decision.question}", style="bold")
        outcomes = _("Yes → {yes} · No → {no}").format(
            yes=_target(sop, step, decision.yes), no=_target(sop, step, decision.no)
        )
        text.append(f"\n{outcomes}")
    return text


def actor_cell(sop: Sop, step: Step) -> Text:
    """Return the jabatan names of the step's actors."""
    names = [sop.roles.get(actor, actor) for actor in step.actors]
    if step.each_holder:
        names = [_("each {role}").format(role=name) for name in names]
    text = Text("\n".join(names))
    if step.required is not None:
        text.append("\n" + _("({count} must finish)").format(count=step.required), style="dim")
    return text


def time_cell(sop: Sop, step: Step) -> Text:
    """Return the Waktu as written, marked when the SOP counts it in calendar time."""
    standard = sop.standard_of(step)
    if standard.is_none:
        return Text(_EMPTY)
    text = Text(step.standard.text)
    if standard.kind is not step.standard.kind:
        text.append("\n" + _("(calendar time)"), style="dim")
    return text


def output_cell(step: Step) -> Text:
    """Return the output document, marked when uploading it is optional."""
    if not step.output:
        return Text(_EMPTY)
    text = Text(step.output)
    if not step.needs_output:
        text.append("\n" + _("(optional)"), style="dim")
    return text


def _step_number(step: Step) -> str:
    """The step's number, marked when several people do it at once."""
    return f"{step.number} {PARALLEL_MARK}" if is_parallel(step) else str(step.number)


def _step_cells(sop: Sop, step: Step) -> list[tuple[str, Text]]:
    """The cells of one step after the Uraian, with their column headers."""
    return [
        (_("Actor"), actor_cell(sop, step)),
        (_("Requirements"), Text("\n".join(step.inputs) or _EMPTY)),
        (_("Time"), time_cell(sop, step)),
        (_("Output"), output_cell(step)),
        (_("Notes"), Text(step.note or "")),
    ]


def steps_table(sop: Sop) -> Table:
    """Return the Uraian Prosedur table: one row per step, columns sized to their words."""
    table = Table(box=box.SQUARE, show_lines=True, expand=True)
    table.add_column(_("No."), justify="right", no_wrap=True)
    table.add_column(_("Activity"), overflow="fold")
    for header, _cell in _step_cells(sop, sop.steps[0]):
        table.add_column(header, overflow="fold")
    for step in sop.steps:
        cells = [cell for _header, cell in _step_cells(sop, step)]
        table.add_row(Text(_step_number(step)), activity_cell(sop, step), *cells)
    return table


def steps_list(sop: Sop) -> RenderableType:
    """Return the steps one under another, for terminals too narrow for the table."""
    parts: list[RenderableType] = [Text(_("Activity"), style="bold underline")]
    for step in sop.steps:
        details = Table.grid(padding=(0, 1))
        details.add_column(no_wrap=True, style="bold")
        details.add_column(overflow="fold")
        for header, cell in _step_cells(sop, step):
            if cell.plain:
                details.add_row(Text(f"{header}:"), cell)
        # The number in a column of its own: wrapped lines of the Uraian stay indented.
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True, style="bold")
        row.add_column(overflow="fold")
        row.add_row(Text(f"{_step_number(step)}."), Group(activity_cell(sop, step), details))
        parts.extend([Text(""), row])
    return Group(*parts)


def totals_table(sop: Sop) -> RenderableType:
    """Return the total standard time, summed separately for each way of counting."""
    standards = [sop.standard_of(step) for step in sop.steps]
    summed = totals(standards)
    title = Text(_("Total standard time (one pass, without send-backs)"), style="bold")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    rows = (
        (_("In office hours"), summed[StandardKind.WORK_MINUTES], hours_minutes),
        (_("In working days"), summed[StandardKind.WORK_DAYS], days),
        (_("In calendar time"), summed[StandardKind.CALENDAR_MINUTES], calendar_time),
    )
    for label, amount, say in rows:
        if amount:
            table.add_row(Text(f"  {label}"), Text(say(amount)))
    if not summed:
        table.add_row(Text("  " + _("No step has a time standard.")), Text(""))
    parts: list[RenderableType] = [title, table]
    if any(standard.is_range for standard in standards):
        parts.append(Text(_("Ranges count with their upper bound."), style="dim"))
    return Group(*parts)
