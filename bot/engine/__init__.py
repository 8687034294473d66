"""The pure workflow engine: no I/O, no clock reads, no Telegram, no database."""

from bot.engine import errors, events
from bot.engine.state import (
    OPEN_TASK_STATUSES,
    Actor,
    OutputRef,
    RunState,
    RunStatus,
    Task,
    TaskStatus,
)
from bot.engine.workflow import Deadlines, Transition, Workflow

__all__ = [
    "OPEN_TASK_STATUSES",
    "Actor",
    "Deadlines",
    "OutputRef",
    "RunState",
    "RunStatus",
    "Task",
    "TaskStatus",
    "Transition",
    "Workflow",
    "errors",
    "events",
]
