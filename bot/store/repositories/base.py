"""What every repository shares: the session of its unit of work (never committed here)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """Reads and writes one aggregate inside the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
