"""The limits of what the store keeps, read from the tables themselves.

SQLite stores a too-long text silently, PostgreSQL refuses it; the services check
these limits first so that both databases behave the same.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import BigInteger, String

from bot.store.models import metadata

BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1


@cache
def text_limit(table: str, column: str) -> int | None:
    """The length limit of a text column (None for unbounded text)."""
    kind = metadata.tables[table].columns[column].type
    return kind.length if isinstance(kind, String) else None


def is_bigint(table: str, column: str) -> bool:
    return isinstance(metadata.tables[table].columns[column].type, BigInteger)
