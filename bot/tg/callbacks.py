"""Callback data of inline buttons: short, versioned, and never trusted.

``t:<action>:<run id>:<task no>`` names the action and the task it was drawn for;
the handler re-checks everything against the database (who presses, whether the
task is still open). Telegram allows 64 bytes; a run id is 12 characters, so the
longest button is well inside that. Data that does not parse decodes to None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_CALLBACK_BYTES = 64


class TaskAction(StrEnum):
    """What a button on a task card asks for."""

    START = "s"  # Mulai
    DONE = "d"  # Selesai (asks for the output file when the step needs one)
    CONFIRM = "c"  # confirm the files sent for Selesai
    APPROVE = "y"  # Setujui (decision Ya)
    SEND_BACK = "n"  # Kembalikan (decision Tidak, asks for the reason)
    REJECT = "r"  # Tolak (decision Tidak that ends the run)
    CANCEL = "x"  # cancel a pending prompt (file or reason)


_TASK = re.compile(r"^t:([a-z]):([A-Za-z0-9_-]{1,16}):(\d{1,6})$")


@dataclass(frozen=True, slots=True)
class TaskButton:
    action: TaskAction
    run_id: str
    task_no: int

    def encode(self) -> str:
        data = f"t:{self.action.value}:{self.run_id}:{self.task_no}"
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
        return data


def decode_task_button(data: str | None) -> TaskButton | None:
    """The task button in ``data``, or None when it is not one of ours."""
    found = _TASK.match(data or "")
    if found is None:
        return None
    try:
        action = TaskAction(found.group(1))
    except ValueError:
        return None
    return TaskButton(action=action, run_id=found.group(2), task_no=int(found.group(3)))


TASK_BUTTON_PATTERN = r"^t:"
"""For ``CallbackQueryHandler(pattern=...)``: every task button starts like this."""
