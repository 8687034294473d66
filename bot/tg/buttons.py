"""Callback data of the conversation's own buttons (task buttons are in ``callbacks``).

Each kind has its own prefix and a strict pattern; data that does not match decodes
to None. Like task buttons, they only name what was shown: the handler re-checks
everything against the database.

- ``m:v:<sop version id>`` choose an SOP in /mulai, ``m:c:<id>`` confirm, ``m:x`` cancel
- ``r:<run id>`` show a run's timeline (/status)
- ``b:<run id>`` cancel this run (/batal), ``b:x`` keep it
- ``l:<locale>`` choose a language (/bahasa)
- ``u:<run id>:<task no>`` the task an ambiguous upload belongs to
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.tg.callbacks import MAX_CALLBACK_BYTES

_RUN = r"[A-Za-z0-9_-]{1,16}"
_PATTERNS = {
    "m": re.compile(r"^m:([vcx])(?::(\d{1,12}))?$"),
    "r": re.compile(rf"^r:({_RUN})$"),
    "b": re.compile(rf"^b:({_RUN}|x)$"),
    "l": re.compile(r"^l:([a-z]{2})$"),
    "u": re.compile(rf"^u:({_RUN}):(\d{{1,6}})$"),
}

START_PATTERN = r"^m:"
STATUS_PATTERN = r"^r:"
CANCEL_RUN_PATTERN = r"^b:"
LANGUAGE_PATTERN = r"^l:"
UPLOAD_PATTERN = r"^u:"

KEEP_RUN = "x"


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


@dataclass(frozen=True, slots=True)
class StartButton:
    """/mulai: ``step`` is v (chosen), c (confirmed) or x (cancelled)."""

    step: str
    version_id: int | None = None

    def encode(self) -> str:
        tail = "" if self.version_id is None else f":{self.version_id}"
        return _checked(f"m:{self.step}{tail}")


def decode_start(data: str | None) -> StartButton | None:
    found = _PATTERNS["m"].match(data or "")
    if found is None:
        return None
    step, version = found.group(1), found.group(2)
    if (step == "x") != (version is None):
        return None
    return StartButton(step, None if version is None else int(version))


def run_button(prefix: str, run_id: str) -> str:
    """``r:<run>`` or ``b:<run>``."""
    return _checked(f"{prefix}:{run_id}")


def decode_run(prefix: str, data: str | None) -> str | None:
    """The run id of an ``r:`` / ``b:`` button (``b:x`` gives "x"), or None."""
    found = _PATTERNS[prefix].match(data or "")
    return None if found is None else found.group(1)


def language_button(locale: str) -> str:
    return _checked(f"l:{locale}")


def decode_language(data: str | None) -> str | None:
    found = _PATTERNS["l"].match(data or "")
    return None if found is None else found.group(1)


def upload_button(run_id: str, task_no: int) -> str:
    return _checked(f"u:{run_id}:{task_no}")


def decode_upload(data: str | None) -> tuple[str, int] | None:
    found = _PATTERNS["u"].match(data or "")
    return None if found is None else (found.group(1), int(found.group(2)))
