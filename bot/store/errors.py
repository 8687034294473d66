"""Store failures that callers handle without knowing SQLAlchemy."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's own exceptions."""


class ConcurrentUpdateError(StoreError):
    """Another transaction changed the same data first: reload and try again.

    Raised for a stale optimistic-lock write, a unique key that only a race can
    violate (``bot.store.uow.RACE_CONSTRAINTS``), a SQLite writer that waited too long,
    and PostgreSQL lock timeouts, deadlocks or serialization failures.
    """


class IntegrityViolationError(StoreError):
    """A write broke a constraint that no retry can fix.

    ``constraint`` names it when the database told (e.g. ``uq_office_holidays_office_id_day``);
    ``duplicate`` says what is duplicated in domain words (``"holiday"``) when it is a
    unique key a user's input can break, else None (a foreign key or a required value:
    a bug in the caller).
    """

    def __init__(self, detail: str, *, constraint: str | None = None, duplicate: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.constraint = constraint
        self.duplicate = duplicate


class ValueRejectedError(StoreError):
    """The database refused a value (too long, out of range, a NUL byte).

    The services check limits first (``bot.services.limits``); this is the net below.
    """


class UnitOfWorkStateError(StoreError):
    """The unit of work was used outside ``async with`` or entered twice at once."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be reached or opened; ``url`` has its password hidden."""

    def __init__(self, *, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
