"""Invitations by deep link: the token is shown once, only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import _
from bot.services.errors import InvalidInviteError, InvalidRequestError, NotFoundError
from bot.services.offices import require_admin, require_office
from bot.services.transaction import in_transaction
from bot.store import InviteInfo, MemberInfo, SqlUnitOfWork

DEFAULT_INVITE_TTL = timedelta(days=7)
# A link that lives for months ends up in old chats; ask for a new one instead.
MAX_INVITE_TTL = timedelta(days=90)
# 24 random bytes -> 32 URL-safe characters: fits Telegram's 64-character start parameter.
_TOKEN_BYTES = 24


def hash_token(token: str) -> str:
    """The stored form of a token (the token is random, so a plain SHA-256 suffices)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CreatedInvite:
    """The secret ``token`` (for the deep link; never stored) and the stored invite."""

    token: str
    invite: InviteInfo


async def create_invite(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    by: int,
    at: datetime,
    role_key: str | None = None,
    is_admin: bool = False,
    ttl: timedelta = DEFAULT_INVITE_TTL,
    bot_admin: bool = False,
) -> CreatedInvite:
    """An admin invites someone to the office, optionally into a role or as an admin.

    ``bot_admin`` says that ``by`` administers every office (ADMIN_IDS, or the
    ``sopbot`` command's operator), so office admin rights are not required.
    """
    if not timedelta(0) < ttl <= MAX_INVITE_TTL:
        raise InvalidRequestError(
            field="ttl",
            reason=_("an invitation lasts more than 0 and at most {days} days").format(
                days=MAX_INVITE_TTL.days
            ),
        )

    async def work() -> CreatedInvite:
        # Drawn inside the transaction: a retry after a (vanishingly unlikely) clash of
        # token hashes draws a new token.
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        if bot_admin:
            await require_office(uow, office_id)
        else:
            await require_admin(uow, office_id=office_id, person_id=by)
        invite = await uow.invites.add(
            office_id=office_id,
            token_hash=hash_token(token),
            role_key=role_key,
            is_admin=is_admin,
            created_by=by,
            created_at=at,
            expires_at=at + ttl,
        )
        return CreatedInvite(token=token, invite=invite)

    return await in_transaction(uow, work)


async def accept_invite(
    uow: SqlUnitOfWork, *, token: str, person_id: int, at: datetime
) -> MemberInfo:
    """Use an invite once: the person joins the office (and the role) it names."""

    async def work() -> MemberInfo:
        invite = await uow.invites.by_hash(hash_token(token))
        if invite is None:
            raise InvalidInviteError(reason=InvalidInviteError.UNKNOWN)
        if invite.used_at is not None:
            raise InvalidInviteError(reason=InvalidInviteError.USED)
        if invite.expires_at <= at:
            raise InvalidInviteError(reason=InvalidInviteError.EXPIRED)
        if await uow.people.get(person_id) is None:
            raise NotFoundError(what="person", key=person_id)
        # The conditional update is the real single-use check: two people racing
        # for the same link cannot both pass it.
        if not await uow.invites.use(invite_id=invite.id, person_id=person_id, at=at):
            raise InvalidInviteError(reason=InvalidInviteError.USED)
        member = await uow.memberships.add_member(
            office_id=invite.office_id, person_id=person_id, is_admin=invite.is_admin, at=at
        )
        if invite.role_key is not None:
            await uow.memberships.grant_role(
                office_id=invite.office_id, person_id=person_id, role_key=invite.role_key
            )
        return member

    return await in_transaction(uow, work)
