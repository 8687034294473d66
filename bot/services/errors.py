"""Refusals of the services; each carries the data a caller needs to explain it.

Engine errors (``bot.engine.errors``) pass through the services unchanged.
"""

from __future__ import annotations

from bot.i18n import N_, _

# One whole sentence per kind of thing, so that a translation never mixes languages.
_NOT_FOUND = {
    "office": N_("office '{key}' was not found"),
    "person": N_("person '{key}' was not found"),
    "run": N_("run '{key}' was not found"),
    "SOP": N_("SOP '{key}' was not found"),
}
_EXISTS = {"telegram user": N_("Telegram user '{key}' is already registered")}
_NOT_ALLOWED = {"cancel": N_("you may not cancel this run")}


class ServiceError(Exception):
    """Base of every refusal by a service."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ServiceError):
    """An office, person, run, SOP or invite that does not exist."""

    def __init__(self, *, what: str, key: object) -> None:
        super().__init__(_(_NOT_FOUND[what]).format(key=key))
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
        super().__init__(_(_NOT_ALLOWED[action]))
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
        super().__init__(_(_EXISTS[what]).format(key=key))
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


_DUPLICATE = {"holiday": N_("this office already has a holiday on that day")}


class DuplicateError(ServiceError):
    """The request would store something twice that must be unique (``what`` says what)."""

    def __init__(self, *, what: str, constraint: str | None = None) -> None:
        text = _DUPLICATE.get(what)
        super().__init__(_(text) if text else _("this already exists ({what})").format(what=what))
        self.what = what
        self.constraint = constraint


class ConflictError(ServiceError):
    """Concurrent writers kept winning; nothing was changed by this request."""

    def __init__(self, *, attempts: int) -> None:
        super().__init__(_("too many people changed this at the same time; try again"))
        self.attempts = attempts
