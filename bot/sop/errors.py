"""Problems found in SOP files, each naming file, line, step and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.i18n import _
from bot.sop.escape import escape_control


@dataclass(frozen=True, slots=True)
class SopIssue:
    """One problem in one SOP file."""

    source: str
    line: int | None
    message: str
    step: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        """``file:line step N: message``, with control characters escaped (safe to print)."""
        source = escape_control(self.source)
        where = source if self.line is None else f"{source}:{self.line}"
        if self.step is not None:
            where = "{where} {step}".format(
                where=where, step=_("step {number}").format(number=self.step)
            )
        return f"{where}: {escape_control(self.message)}"


class SopError(Exception):
    """Base of every error about an SOP definition."""


class SopValidationError(SopError):
    """An SOP file is not valid; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[SopIssue]) -> None:
        super().__init__("\n".join(str(issue) for issue in issues))
        self.issues = tuple(issues)
