"""The report views as sheets: translated headers, typed columns, one row per item.

A sheet is what every output format shows: the terminal table, the XLSX workbook
(one worksheet per sheet) and CSV. Each column has a kind, so every format can show
minutes as a duration, shares as percentages and instants in the office's time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import N_, _
from bot.reports.views import RunTimeline, SopReport

Value = str | int | float | datetime | None


class Kind(StrEnum):
    """How a column's values are shown."""

    TEXT = "text"
    NUMBER = "number"
    MINUTES = "minutes"
    SHARE = "share"
    INSTANT = "instant"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True, slots=True)
class Sheet:
    """A named table; instants are aware and shown in ``zone``."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    zone: ZoneInfo | None = None


_STATUS = {
    "ready": N_("ready"),
    "started": N_("started"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "cancelled": N_("cancelled"),
    "active": N_("active"),
    "finished": N_("finished"),
    "rejected": N_("rejected"),
}
VIEW_KEYS = ("steps", "ranking", "runs", "people", "roles", "loops")


def status_text(status: str) -> str:
    """A task or run status in the reader's language."""
    return _(_STATUS[status]) if status in _STATUS else status


def _yes_no(value: bool | None) -> str | None:
    """A decision in words: Ya / Tidak."""
    return None if value is None else (_("Yes") if value else _("No"))


def _target(target: str) -> str:
    """Where a decision sends the work back: a step, or rejection."""
    return _("reject") if target == "tolak" else _("step {number}").format(number=target)


def _columns(*pairs: tuple[str, Kind]) -> tuple[Column, ...]:
    """Columns with their headers translated now."""
    return tuple(Column(_(header), kind) for header, kind in pairs)


def _with_sop(
    reports: Sequence[SopReport], rows: Callable[[SopReport], list[tuple[Value, ...]]]
) -> tuple[tuple[Value, ...], ...]:
    """Each report's rows, led by the SOP's code when there are several SOPs."""
    many = len(reports) > 1
    return tuple(
        ((report.sop_key, *row) if many else row) for report in reports for row in rows(report)
    )


def _sheet(
    key: str,
    title: str,
    reports: Sequence[SopReport],
    pairs: Sequence[tuple[str, Kind]],
    rows: Callable[[SopReport], list[tuple[Value, ...]]],
) -> Sheet:
    """A sheet of every report's rows (with an SOP column when there are several)."""
    columns = _columns(*pairs)
    if len(reports) > 1:
        columns = (Column(_("SOP"), Kind.TEXT), *columns)
    return Sheet(key=key, title=_(title), columns=columns, rows=_with_sop(reports, rows))


def steps_sheet(reports: Sequence[SopReport]) -> Sheet:
    """Per step: count, median, p90, share on time, against the standard."""
    pairs = [
        (N_("Step"), Kind.NUMBER),
        (N_("Activity"), Kind.TEXT),
        (N_("Actor"), Kind.TEXT),
        (N_("Standard"), Kind.TEXT),
        (N_("Standard (minutes)"), Kind.MINUTES),
        (N_("Tasks done"), Kind.NUMBER),
        (N_("Median"), Kind.MINUTES),
        (N_("90th percentile"), Kind.MINUTES),
        (N_("On time"), Kind.SHARE),
        (N_("Late tasks"), Kind.NUMBER),
        (N_("Mean delay"), Kind.MINUTES),
    ]

    def rows(report: SopReport) -> list[tuple[Value, ...]]:
        return [
            (s.step, s.activity, s.roles, s.standard, s.standard_minutes, s.count,
             s.median_minutes, s.p90_minutes, s.on_time_share, s.late_count, s.mean_late_minutes)
            for s in report.steps
        ]  # fmt: skip

    return _sheet("steps", N_("Steps"), reports, pairs, rows)


def ranking_sheet(reports: Sequence[SopReport]) -> Sheet:
    """Steps ranked by mean delay."""
    pairs = [
        (N_("Rank"), Kind.NUMBER),
        (N_("Step"), Kind.NUMBER),
        (N_("Activity"), Kind.TEXT),
        (N_("Mean delay"), Kind.MINUTES),
        (N_("Late tasks"), Kind.NUMBER),
        (N_("On time"), Kind.SHARE),
    ]

    def rows(report: SopReport) -> list[tuple[Value, ...]]:
        return [
            (r.rank, r.step, r.activity, r.mean_late_minutes, r.late_count, r.on_time_share)
            for r in report.ranking
        ]

    return _sheet("ranking", N_("Delays"), reports, pairs, rows)


def runs_sheet(reports: Sequence[SopReport]) -> Sheet:
    """Whole runs: counts by status, lead time against the sum of standards."""
    pairs = [
        (N_("SOP name"), Kind.TEXT),
        (N_("Runs"), Kind.NUMBER),
        (N_("Finished"), Kind.NUMBER),
        (N_("Rejected"), Kind.NUMBER),
        (N_("Cancelled"), Kind.NUMBER),
        (N_("Still running"), Kind.NUMBER),
        (N_("Median lead time"), Kind.MINUTES),
        (N_("90th percentile lead time"), Kind.MINUTES),
        (N_("Sum of standards"), Kind.MINUTES),
        (N_("Within the sum of standards"), Kind.SHARE),
    ]

    def rows(report: SopReport) -> list[tuple[Value, ...]]:
        lead = report.lead
        return [
            (report.sop_name, lead.runs, lead.finished, lead.rejected, lead.cancelled,
             lead.active, lead.median_minutes, lead.p90_minutes, lead.standard_minutes,
             lead.within_standard_share)
        ]  # fmt: skip

    return _sheet("runs", N_("Whole runs"), reports, pairs, rows)


def _actor_sheet(key: str, title: str, first: str, reports: Sequence[SopReport]) -> Sheet:
    """People or roles: tasks done, on-time share, median delay."""
    pairs = [
        (first, Kind.TEXT),
        (N_("Tasks done"), Kind.NUMBER),
        (N_("On time"), Kind.SHARE),
        (N_("Median delay"), Kind.MINUTES),
    ]

    def rows(report: SopReport) -> list[tuple[Value, ...]]:
        stats = report.people if key == "people" else report.roles
        return [(a.name, a.tasks, a.on_time_share, a.median_late_minutes) for a in stats]

    return _sheet(key, title, reports, pairs, rows)


def loops_sheet(reports: Sequence[SopReport]) -> Sheet:
    """Decisions: how often each sent the work back."""
    pairs = [
        (N_("Step"), Kind.NUMBER),
        (N_("Question"), Kind.TEXT),
        (N_("Sends back to"), Kind.TEXT),
        (N_("Decisions"), Kind.NUMBER),
        (N_("Sent back"), Kind.NUMBER),
        (N_("Share sent back"), Kind.SHARE),
        (N_("Runs sent back"), Kind.NUMBER),
    ]

    def rows(report: SopReport) -> list[tuple[Value, ...]]:
        return [
            (loop.step, loop.question, _target(loop.target), loop.decisions, loop.sent_back,
             loop.share, loop.runs_with_send_back)
            for loop in report.loops
        ]  # fmt: skip

    return _sheet("loops", N_("Send-backs"), reports, pairs, rows)


def report_sheets(reports: Sequence[SopReport]) -> list[Sheet]:
    """Every per-SOP view, one sheet each, in the order of ``VIEW_KEYS``."""
    return [
        steps_sheet(reports),
        ranking_sheet(reports),
        runs_sheet(reports),
        _actor_sheet("people", N_("People"), N_("Person"), reports),
        _actor_sheet("roles", N_("Roles"), N_("Role"), reports),
        loops_sheet(reports),
    ]


def timeline_sheet(timeline: RunTimeline, zone: ZoneInfo) -> Sheet:
    """One run's tasks in order, with their instants in the office's time."""
    pairs = [
        (N_("Task"), Kind.NUMBER),
        (N_("Step"), Kind.NUMBER),
        (N_("Round"), Kind.NUMBER),
        (N_("Activity"), Kind.TEXT),
        (N_("Actor"), Kind.TEXT),
        (N_("Person"), Kind.TEXT),
        (N_("Status"), Kind.TEXT),
        (N_("Assigned"), Kind.INSTANT),
        (N_("Started"), Kind.INSTANT),
        (N_("Completed"), Kind.INSTANT),
        (N_("Due"), Kind.INSTANT),
        (N_("Standard"), Kind.TEXT),
        (N_("Lead time"), Kind.MINUTES),
        (N_("Processing time"), Kind.MINUTES),
        (N_("Delay"), Kind.MINUTES),
        (N_("Decision"), Kind.TEXT),
        (N_("Reason"), Kind.TEXT),
    ]
    rows: list[tuple[Any, ...]] = [
        (r.no, r.step, r.iteration, r.activity, r.role, r.person, status_text(r.status),
         r.assigned_at, r.started_at, r.completed_at, r.due_at, r.standard, r.lead_minutes,
         r.processing_minutes, r.late_minutes, _yes_no(r.decision), r.reason)
        for r in timeline.rows
    ]  # fmt: skip
    return Sheet(
        key="timeline",
        title=_("Timeline"),
        columns=_columns(*pairs),
        rows=tuple(rows),
        zone=zone,
    )
