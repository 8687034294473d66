"""The report commands of ``sopbot``: report, chart, monitor (from the database) and draw.

``register(app)`` adds them to the root command. Each command reads through the
report services in one transaction and hands the views to ``bot.reports`` to show,
write as XLSX/CSV, chart or draw.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from bot.i18n import N_, _

if TYPE_CHECKING:  # the commands import these when they run, not at start-up
    from bot.reports.facts import Period
    from bot.reports.sheets import Sheet
    from bot.reports.views import SopReport
    from bot.store import OfficeInfo, SqlUnitOfWork

T = TypeVar("T")


class Format(StrEnum):
    TABLE = "table"
    XLSX = "xlsx"
    CSV = "csv"


class View(StrEnum):
    STEPS = "steps"
    RANKING = "ranking"
    RUNS = "runs"
    PEOPLE = "people"
    ROLES = "roles"
    LOOPS = "loops"


def _fail(message: str) -> NoReturn:
    """Print ``message`` on stderr and stop with exit 1."""
    Console(stderr=True, highlight=False).print(Text(message, style="red"), soft_wrap=True)
    raise typer.Exit(1)


def _say(message: str) -> None:
    """Print one line on stdout."""
    Console(highlight=False).print(Text(message), soft_wrap=True)


def _day(text: str | None, default: date, option: str) -> date:
    """Read a date option, or stop with how to write it."""
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(
            _("{option}: cannot read the date '{text}'; write it as 2026-07-01.").format(
                option=option, text=text
            )
        )


def _with_store(work: Callable[[SqlUnitOfWork], Awaitable[T]]) -> T:
    """Run ``work(uow)`` against the configured database; stop with a plain message."""
    from bot.cli import settings
    from bot.services import ServiceError
    from bot.store import SqlUnitOfWork, StoreError, make_engine, session_factory

    async def main() -> T:
        engine = make_engine(settings().database_url)
        try:
            return await work(SqlUnitOfWork(session_factory(engine)))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except ServiceError as exc:
        _fail(exc.message)
    except StoreError as exc:
        _fail(_("Cannot read the database: {reason}").format(reason=exc))


OfficeOption = Annotated[
    str | None,
    typer.Option(
        "--office", help=N_("The office: its number or its exact name."), show_default=False
    ),
]
SopOption = Annotated[
    str | None,
    typer.Option("--sop", help=N_("The SOP's code (default: every SOP)."), show_default=False),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=N_("First day of the period, e.g. 2026-07-01 (default: 1 January)."),
        show_default=False,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", help=N_("Last day of the period (default: today)."), show_default=False),
]
RunOption = Annotated[
    str | None, typer.Option("--run", help=N_("A run's id: show that run."), show_default=False)
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help=N_("The file to write."), show_default=False)
]  # fmt: skip


def _period(first: str | None, last: str | None) -> Period:
    """The period of --from and --to (default: 1 January to today)."""
    from bot.reports.facts import Period

    today = date.today()
    return Period(
        first=_day(first, date(today.year, 1, 1), "--from"), last=_day(last, today, "--to")
    )


def _need(value: str | None, option: str) -> str:
    """The option's value, or stop saying it is needed."""
    if not value:
        _fail(_("Give {option}.").format(option=option))
    return value


def report(
    office: OfficeOption = None,
    sop: SopOption = None,
    first: FromOption = None,
    last: ToOption = None,
    run: RunOption = None,
    fmt: Annotated[Format, typer.Option("--format", help=N_("table, xlsx or csv."))] = Format.TABLE,
    view: Annotated[View, typer.Option("--view", help=N_("The view a CSV holds."))] = View.STEPS,
    output: OutputOption = None,
) -> None:
    """Standard against actual per step, per person, per role, send-backs; or one run."""
    from bot.reports.sheets import report_sheets, timeline_sheet
    from bot.services.calendar import office_calendar
    from bot.services.reports import find_office, run_report, sop_reports

    if run:
        found = _with_store(lambda uow: run_report(uow, run_id=run))
        sheets = [timeline_sheet(found.timeline, office_calendar(found.office).zone)]
    else:
        period = _period(first, last)
        ref = _need(office, "--office")

        async def work(uow: SqlUnitOfWork) -> list[SopReport]:
            found = await find_office(uow, ref=ref)
            return await sop_reports(uow, office_id=found.id, period=period, sop_key=sop)

        reports = _with_store(work)
        if not reports:
            _fail(_("No runs in this period."))
        sheets = report_sheets(reports)
    _emit(sheets, fmt, view, output)


def _emit(sheets: list[Sheet], fmt: Format, view: View, output: Path | None) -> None:
    """Show the sheets as a table, or write them as XLSX or CSV."""
    from bot.reports.text import render_sheets, write_csv
    from bot.reports.xlsx import write_workbook

    if fmt is Format.TABLE:
        Console(highlight=False).print(render_sheets(sheets))
    elif fmt is Format.XLSX:
        target = output or _fail(_("Give -o FILE.xlsx for the workbook."))
        write_workbook(sheets, target)
        _say(_("Written: {path}").format(path=target))
    else:
        chosen = next((s for s in sheets if s.key == view.value), sheets[0])
        if output is None:
            write_csv(chosen, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as out:
            write_csv(chosen, out)
        _say(_("Written: {path}").format(path=output))


def chart(
    office: OfficeOption = None,
    sop: SopOption = None,
    first: FromOption = None,
    last: ToOption = None,
    run: RunOption = None,
    output: OutputOption = None,
) -> None:
    """A PNG chart: per step, standard against median and 90th percentile; or a run's Gantt."""
    from bot.reports.charts import gantt_chart, png, steps_chart
    from bot.services.reports import find_office, run_report, sop_reports

    target = output or _fail(_("Give -o FILE.png for the chart."))
    if run:
        found = _with_store(lambda uow: run_report(uow, run_id=run))
        figure = gantt_chart(found.timeline)
    else:
        period, ref, key = _period(first, last), _need(office, "--office"), _need(sop, "--sop")

        async def work(uow: SqlUnitOfWork) -> list[SopReport]:
            office_info = await find_office(uow, ref=ref)
            return await sop_reports(uow, office_id=office_info.id, period=period, sop_key=key)

        figure = steps_chart(_with_store(work)[0])
    target.write_bytes(png(figure))
    _say(_("Written: {path}").format(path=target))


def monitor(
    office: OfficeOption = None,
    sop: SopOption = None,
    first: FromOption = None,
    last: ToOption = None,
    threshold: Annotated[
        float,
        typer.Option(help=N_("Share of tasks on time below which a step does not run well.")),
    ] = 0.8,
    output: OutputOption = None,
) -> None:
    """The "Monitoring Pelaksanaan SOP AP" form as XLSX, filled in from the period's data."""
    from bot.reports.monitoring import monitoring_rows, write_monitoring
    from bot.services.reports import find_office, sop_reports

    target = output or _fail(_("Give -o FILE.xlsx for the form."))
    if not 0 <= threshold <= 1:
        _fail(_("--threshold is a share between 0 and 1, e.g. 0.8."))
    period, ref, key = _period(first, last), _need(office, "--office"), _need(sop, "--sop")

    async def work(uow: SqlUnitOfWork) -> tuple[OfficeInfo, SopReport]:
        office_info = await find_office(uow, ref=ref)
        reports = await sop_reports(uow, office_id=office_info.id, period=period, sop_key=key)
        return office_info, reports[0]

    office_info, found = _with_store(work)
    rows = monitoring_rows(found, threshold=threshold)
    write_monitoring(found, rows, office=office_info.name, threshold=threshold, target=target)
    _say(_("Written: {path}").format(path=target))


def draw(
    sop: Annotated[
        str,
        typer.Argument(
            help=N_("An SOP file, or the code of an SOP in the SOP folder."),
            metavar="SOP",
            show_default=False,
        ),
    ],
    output: OutputOption = None,
    run: Annotated[
        str | None,
        typer.Option(
            "--run",
            help=N_("A run's id: colour its steps done, current or late."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Draw the SOP AP flowchart as PNG (a long SOP goes on to FILE-2.png, ...)."""
    from bot.cli import settings, sop_or_fail
    from bot.reports.flowchart import flowchart_pngs
    from bot.services.reports import run_report

    if run:
        found = _with_store(lambda uow: run_report(uow, run_id=run))
        if sop not in (found.sop.key, found.run.sop_key):
            _fail(
                _("Run {run} is a run of SOP '{key}', not '{sop}'.").format(
                    run=run, key=found.run.sop_key, sop=sop
                )
            )
        pages = flowchart_pngs(found.sop, found.tasks)
        name = found.sop.key
    else:
        definition = sop_or_fail(sop, settings().sops_dir)
        pages = flowchart_pngs(definition)
        name = definition.key or Path(sop).stem
    target = output or Path(f"{name}.png")
    for number, image in enumerate(pages, start=1):
        path = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        path.write_bytes(image)
        _say(_("Written: {path}").format(path=path))


def register(app: typer.Typer) -> None:
    """Add the report commands to the ``sopbot`` command."""
    app.command(
        help=N_("Reports: each step's time against its standard, as a table, XLSX or CSV.")
    )(report)
    app.command(help=N_("Charts as PNG: steps against their standard, or a run's Gantt chart."))(
        chart
    )
    app.command(help=N_("The SOP AP monitoring form as XLSX, filled in from measured data."))(
        monitor
    )
    app.command(help=N_("Draw an SOP's flowchart as PNG, as the SOP AP form does."))(draw)
