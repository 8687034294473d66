"""Callback data of /laporan and /alur buttons: short, strict, and never trusted.

- ``rp:s:<sop version id>`` choose the SOP of a report; ``rp:p:<version id>:<period>``
  the period (a ``PeriodChoice`` value), which sends the report
- ``al:s:<sop version id>`` an SOP's flowchart; ``al:r:<run id>`` a run's, with progress

The handlers re-check every press against the database: the version must still be
current in one of the presser's offices, the presser must still be allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.reports.periods import PeriodChoice
from bot.tg.callbacks import MAX_CALLBACK_BYTES

REPORT_PATTERN = r"^rp:"
FLOWCHART_PATTERN = r"^al:"

_PERIODS = "|".join(choice.value for choice in PeriodChoice)
_REPORT = re.compile(rf"^rp:(?:s:(\d{{1,12}})|p:(\d{{1,12}}):({_PERIODS}))$")
_FLOWCHART = re.compile(r"^al:(?:s:(\d{1,12})|r:([A-Za-z0-9_-]{1,16}))$")


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


@dataclass(frozen=True, slots=True)
class ReportButton:
    """/laporan: the SOP version chosen and, once chosen, the period."""

    version_id: int
    period: PeriodChoice | None = None

    def encode(self) -> str:
        if self.period is None:
            return _checked(f"rp:s:{self.version_id}")
        return _checked(f"rp:p:{self.version_id}:{self.period.value}")


def decode_report(data: str | None) -> ReportButton | None:
    """The report button in ``data``, or None when it is not a well-formed one."""
    found = _REPORT.match(data or "")
    if found is None:
        return None
    chosen, version, period = found.groups()
    if chosen is not None:
        return ReportButton(int(chosen))
    return ReportButton(int(version), PeriodChoice(period))


@dataclass(frozen=True, slots=True)
class FlowchartButton:
    """/alur: an SOP version's flowchart, or a run's."""

    version_id: int | None = None
    run_id: str | None = None

    def encode(self) -> str:
        if self.run_id is not None:
            return _checked(f"al:r:{self.run_id}")
        return _checked(f"al:s:{self.version_id}")


def decode_flowchart(data: str | None) -> FlowchartButton | None:
    """The flowchart button in ``data``, or None when it is not a well-formed one."""
    found = _FLOWCHART.match(data or "")
    if found is None:
        return None
    version, run_id = found.groups()
    if version is not None:
        return FlowchartButton(version_id=int(version))
    return FlowchartButton(run_id=run_id)
