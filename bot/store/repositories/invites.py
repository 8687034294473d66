"""Invitations: only a hash of the secret token is stored, and each is used once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from bot.store.models import Invite
from bot.store.records import InviteInfo
from bot.store.repositories.base import Repository


def _info(row: Invite) -> InviteInfo:
    assert row.id is not None
    return InviteInfo(
        id=row.id,
        office_id=row.office_id,
        role_key=row.role_key,
        is_admin=row.is_admin,
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
    )


class InviteRepository(Repository):
    async def add(
        self,
        *,
        office_id: int,
        token_hash: str,
        role_key: str | None,
        is_admin: bool,
        created_by: int,
        created_at: datetime,
        expires_at: datetime,
    ) -> InviteInfo:
        row = Invite(
            office_id=office_id,
            token_hash=token_hash,
            role_key=role_key,
            is_admin=is_admin,
            created_by=created_by,
            created_at=created_at,
            expires_at=expires_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _info(row)

    async def by_hash(self, token_hash: str) -> InviteInfo | None:
        row = await self.session.scalar(select(Invite).where(Invite.token_hash == token_hash))
        return None if row is None else _info(row)

    async def use(self, *, invite_id: int, person_id: int, at: datetime) -> bool:
        """Mark the invite used, atomically: False if it was used already or has expired."""
        result = await self.session.execute(
            update(Invite)
            .where(
                col(Invite.id) == invite_id,
                col(Invite.used_at).is_(None),
                col(Invite.expires_at) > at,
            )
            .values(used_at=at, used_by=person_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)
