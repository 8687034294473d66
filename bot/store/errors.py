"""Store failures that callers handle without knowing SQLAlchemy."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's own exceptions."""


class ConcurrentUpdateError(StoreError):
    """Another transaction changed the same data first: reload and try again.

    Raised for a stale optimistic-lock write, a unique-key race, a SQLite writer
    that waited too long, and PostgreSQL deadlocks or serialization failures.
    """


class IntegrityViolationError(StoreError):
    """A write broke a foreign key or a required value: a bug in the caller."""


class UnitOfWorkStateError(StoreError):
    """The unit of work was used outside ``async with`` or entered twice at once."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be reached or opened; ``url`` has its password hidden."""

    def __init__(self, *, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
