"""Refusals of the conversation services (starting runs, uploads); each carries its data."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _
from bot.services.errors import ServiceError


class MissingRolesError(ServiceError):
    """A role the SOP uses has nobody holding it: the run would get stuck there."""

    def __init__(self, *, sop_key: str, roles: Sequence[str], names: Sequence[str]) -> None:
        super().__init__(_("nobody holds these roles yet: {roles}").format(roles=", ".join(names)))
        self.sop_key = sop_key
        self.roles = tuple(roles)
        self.names = tuple(names)


class NotStarterError(ServiceError):
    """Only holders of the first step's role, or office admins, may start this SOP."""

    def __init__(self, *, sop_key: str, person_id: int, roles: Sequence[str]) -> None:
        super().__init__(_("only the first step's actor or an office admin may start this SOP"))
        self.sop_key = sop_key
        self.person_id = person_id
        self.roles = tuple(roles)


class NoOutputExpectedError(ServiceError):
    """A file was sent for a task whose step produces no document."""

    def __init__(self, *, run_id: str, task_no: int) -> None:
        super().__init__(_("this step does not produce a document"))
        self.run_id = run_id
        self.task_no = task_no
