"""Refusals of the services; each carries the data a caller needs to explain it.

Engine errors (``bot.engine.errors``) pass through the services unchanged.
"""

from __future__ import annotations

from bot.i18n import _


class ServiceError(Exception):
    """Base of every refusal by a service."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ServiceError):
    """An office, person, run, SOP or invite that does not exist."""

    def __init__(self, *, what: str, key: object) -> None:
        super().__init__(_("{what} '{key}' was not found").format(what=what, key=key))
        self.what = what
        self.key = key


class NotMemberError(ServiceError):
    def __init__(self, *, office_id: int, person_id: int) -> None:
        super().__init__(_("this person is not a member of the office"))
        self.office_id = office_id
        self.person_id = person_id


class NotAdminError(ServiceError):
    def __init__(self, *, office_id: int, person_id: int) -> None:
        super().__init__(_("only an office admin may do this"))
        self.office_id = office_id
        self.person_id = person_id


class NotAllowedError(ServiceError):
    """The person may not take this action on this run (e.g. cancel someone else's run)."""

    def __init__(self, *, action: str, person_id: int, run_id: str) -> None:
        super().__init__(_("you may not {action} this run").format(action=action))
        self.action = action
        self.person_id = person_id
        self.run_id = run_id


class InvalidRequestError(ServiceError):
    """Input that cannot be stored as given: an unknown timezone, a period that ends early."""

    def __init__(self, *, field: str, reason: str) -> None:
        super().__init__(_("{field}: {reason}").format(field=field, reason=reason))
        self.field = field
        self.reason = reason


class AlreadyExistsError(ServiceError):
    def __init__(self, *, what: str, key: object) -> None:
        super().__init__(_("{what} '{key}' already exists").format(what=what, key=key))
        self.what = what
        self.key = key


class InvalidInviteError(ServiceError):
    """The invite token is unknown, already used or expired (``reason`` says which)."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"

    def __init__(self, *, reason: str) -> None:
        messages = {
            self.UNKNOWN: _("this invitation link is not valid"),
            self.USED: _("this invitation link has already been used"),
            self.EXPIRED: _("this invitation link has expired"),
        }
        super().__init__(messages[reason])
        self.reason = reason


class ConflictError(ServiceError):
    """Concurrent writers kept winning; nothing was changed by this request."""

    def __init__(self, *, attempts: int) -> None:
        super().__init__(_("too many people changed this at the same time; try again"))
        self.attempts = attempts
