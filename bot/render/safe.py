"""SOP text made safe for a terminal before it is drawn.

The loader refuses control characters in files, but definitions also come back from
the database (``Sop.model_validate``), which does not read files: every text is escaped
here as well, so an escape sequence in an SOP never reaches the terminal raw.
"""

from __future__ import annotations

from typing import Any

from bot.sop.escape import escape_control
from bot.sop.model import Sop


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return escape_control(value, keep_newlines=True)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def printable_sop(sop: Sop) -> Sop:
    """The same SOP with every text escaped (structure, keys and numbers unchanged)."""
    return Sop.model_validate(_escaped(sop.to_data()))
