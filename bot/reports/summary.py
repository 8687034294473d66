"""A short summary of an SOP's report, as a chat message reads it (current locale)."""

from __future__ import annotations

import textwrap
from datetime import date

from babel.dates import format_date
from babel.numbers import format_percent

from bot.i18n import _, current_locale, ngettext
from bot.render.durations import hours_minutes
from bot.reports.views import SopReport


def day(value: date) -> str:
    """A date as the reader writes it, e.g. '1 Nov 2026'."""
    return format_date(value, "d MMM y", locale=current_locale())


def percent(value: float) -> str:
    """A share as a percentage in the reader's locale, e.g. '83%'."""
    return format_percent(value, locale=current_locale())


def period_text(report: SopReport) -> str:
    """The report's period, first to last day."""
    return f"{day(report.period.first)} – {day(report.period.last)}"


def _runs_line(report: SopReport) -> str:
    lead = report.lead
    runs = ngettext("{count} run", "{count} runs", lead.runs).format(count=lead.runs)
    return _(
        "{runs}: {finished} finished, {rejected} rejected, {cancelled} cancelled, {active} running"
    ).format(
        runs=runs,
        finished=lead.finished,
        rejected=lead.rejected,
        cancelled=lead.cancelled,
        active=lead.active,
    )


def _lead_line(report: SopReport) -> str | None:
    lead = report.lead
    if lead.median_minutes is None or lead.within_standard_share is None:
        return None
    return _(
        "Whole run: median {median} against {standard} of standards; "
        "{share} of finished runs within it"
    ).format(
        median=hours_minutes(round(lead.median_minutes)),
        standard=hours_minutes(lead.standard_minutes),
        share=percent(lead.within_standard_share),
    )


def _tasks_line(report: SopReport) -> str | None:
    measured = sum(step.measured for step in report.steps)
    if not measured:
        return None
    on_time = measured - sum(step.late_count for step in report.steps)
    return _("Tasks on time: {on_time} of {count} ({share})").format(
        on_time=on_time, count=measured, share=percent(on_time / measured)
    )


def _worst_line(report: SopReport) -> str | None:
    late = [ranked for ranked in report.ranking if ranked.late_count]
    if not late:
        return None
    worst = late[0]
    return ngettext(
        "Most delayed: step {step} ({activity}): late {count} time, on average {late} late "
        "per task",
        "Most delayed: step {step} ({activity}): late {count} times, on average {late} late "
        "per task",
        worst.late_count,
    ).format(
        step=worst.step,
        activity=textwrap.shorten(worst.activity, width=60, placeholder="…"),
        count=worst.late_count,
        late=hours_minutes(round(worst.mean_late_minutes)),
    )


def summary_text(report: SopReport, office: str) -> str:
    """The report in a few lines: runs, whole-run time, tasks on time, the worst step."""
    lines = [
        _("Report: {sop}").format(sop=report.sop_name),
        _("{office} · runs started in {period}").format(office=office, period=period_text(report)),
        _runs_line(report),
    ]
    lines.extend(
        line
        for line in (_lead_line(report), _tasks_line(report), _worst_line(report))
        if line is not None
    )
    return "\n".join(lines)
