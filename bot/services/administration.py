"""What admins do to an office's people: invite, join by invite, change roles and rights.

Every function re-checks the actor's rights in its own transaction: a bot admin
(``bot_admin=True``: ADMIN_IDS, or the ``sopbot`` command's operator) administers
every office; anyone else must be an admin of the office concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import _
from bot.services.bot_settings import BOT_USERNAME, remember
from bot.services.directory import Roster, load_roles, require_role
from bot.services.errors import InvalidInviteError, ServiceError
from bot.services.invites import (
    DEFAULT_INVITE_TTL,
    CreatedInvite,
    accept_invite,
    create_invite,
    hash_token,
)
from bot.services.offices import (
    person_for_telegram,
    require_admin,
    require_member,
    require_office,
)
from bot.services.transaction import in_transaction
from bot.store import InviteInfo, OfficeInfo, OfficeSummary, SqlUnitOfWork

OPERATOR_KEY = "cli_operator_person_id"
"""Bot setting: the person that stands for whoever runs the ``sopbot`` command."""
OPERATOR_NAME = "sopbot (command line)"


class LastAdminError(ServiceError):
    """Taking these rights away would leave the office without an admin."""

    def __init__(self, *, office_id: int, person_id: int) -> None:
        super().__init__(_("the office needs at least one admin; make someone else admin first"))
        self.office_id = office_id
        self.person_id = person_id


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedInvite:
    """A new invite with what its link message names: the office and the role's jabatan."""

    token: str
    invite: InviteInfo
    office: OfficeInfo
    role_title: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Joined:
    """Someone used an invite: where they are now, as what; ``again`` if it was theirs already."""

    person_id: int
    office: OfficeInfo
    role_key: str | None
    role_title: str | None
    is_admin: bool
    again: bool = False


async def require_rights(
    uow: SqlUnitOfWork, *, office_id: int, by: int, bot_admin: bool
) -> OfficeInfo:
    """Inside a transaction: the office, if ``by`` may administer it (else NotAdminError)."""
    office = await require_office(uow, office_id)
    if not bot_admin:
        await require_admin(uow, office_id=office_id, person_id=by)
    return office


async def administered_offices(
    uow: SqlUnitOfWork, *, person_id: int | None, bot_admin: bool
) -> list[OfficeSummary]:
    """The offices this person may administer: every office for a bot admin."""

    async def work() -> list[OfficeSummary]:
        if bot_admin:
            return await uow.directory.office_summaries()
        if person_id is None:
            return []
        ids = await uow.directory.admin_office_ids(person_id)
        return await uow.directory.office_summaries(office_ids=ids) if ids else []

    return await in_transaction(uow, work)


async def office_roles(
    uow: SqlUnitOfWork, *, office_id: int, by: int, bot_admin: bool
) -> tuple[OfficeInfo, dict[str, str]]:
    """An admin's view of an office's roles (key → jabatan) from its current SOPs."""

    async def work() -> tuple[OfficeInfo, dict[str, str]]:
        office = await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        return office, await load_roles(uow, office_id=office_id)

    return await in_transaction(uow, work)


async def admin_roster(uow: SqlUnitOfWork, *, office_id: int, by: int, bot_admin: bool) -> Roster:
    """An admin's view of the office's people and roles."""

    async def work() -> Roster:
        office = await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        return Roster(
            office=office,
            roles=await load_roles(uow, office_id=office_id),
            members=await uow.directory.members(office_id),
        )

    return await in_transaction(uow, work)


async def issue_invite(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    by: int,
    at: datetime,
    role_key: str | None = None,
    is_admin: bool = False,
    ttl: timedelta = DEFAULT_INVITE_TTL,
    bot_admin: bool = False,
) -> IssuedInvite:
    """Invite someone into one of the office's SOP roles (or as an admin only)."""

    async def check() -> tuple[OfficeInfo, str | None]:
        office = await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        if role_key is None:
            return office, None
        return office, await require_role(uow, office_id=office_id, role_key=role_key)

    office, title = await in_transaction(uow, check)
    created: CreatedInvite = await create_invite(
        uow,
        office_id=office_id,
        by=by,
        at=at,
        role_key=role_key,
        is_admin=is_admin,
        ttl=ttl,
        bot_admin=bot_admin,
    )
    return IssuedInvite(token=created.token, invite=created.invite, office=office, role_title=title)


async def command_line_operator(uow: SqlUnitOfWork, *, at: datetime) -> int:
    """The person id that invites made with the ``sopbot`` command are recorded under."""

    async def work() -> int | None:
        stored = await uow.bot_settings.get(OPERATOR_KEY)
        if stored and stored.isdigit() and await uow.people.get(int(stored)) is not None:
            return int(stored)
        return None

    found = await in_transaction(uow, work)
    if found is not None:
        return found

    async def create() -> int:
        person = await uow.people.add(display_name=OPERATOR_NAME, created_at=at)
        await uow.bot_settings.put(key=OPERATOR_KEY, value=str(person.id), at=at)
        return person.id

    return await in_transaction(uow, create)


async def join_by_invite(
    uow: SqlUnitOfWork,
    *,
    token: str,
    telegram_user_id: int,
    display_name: str,
    at: datetime,
    locale: str | None = None,
) -> Joined:
    """Register the Telegram user (first contact) and use the invite behind ``token``.

    Opening one's own, already used link again is not an error: it says where they are.
    A link that cannot work is refused before anyone is registered.
    """

    async def precheck() -> None:
        invite = await uow.invites.by_hash(hash_token(token))
        if invite is None:
            raise InvalidInviteError(reason=InvalidInviteError.UNKNOWN)
        if invite.used_by is not None:
            user = await uow.people.get(invite.used_by)
            if user is None or user.telegram_user_id != telegram_user_id:
                raise InvalidInviteError(reason=InvalidInviteError.USED)
        elif invite.expires_at <= at:
            raise InvalidInviteError(reason=InvalidInviteError.EXPIRED)

    await in_transaction(uow, precheck)
    person = await person_for_telegram(
        uow, telegram_user_id=telegram_user_id, display_name=display_name, at=at, locale=locale
    )
    try:
        # Checks again, atomically: the link may have been used since the check above.
        await accept_invite(uow, token=token, person_id=person.id, at=at)
        again = False
    except InvalidInviteError as exc:
        if exc.reason != InvalidInviteError.USED:
            raise
        again = True

    async def describe() -> Joined:
        invite = await uow.invites.by_hash(hash_token(token))
        if invite is None or (again and invite.used_by != person.id):
            raise InvalidInviteError(reason=InvalidInviteError.USED)
        office = await require_office(uow, invite.office_id)
        roles = await load_roles(uow, office_id=office.id)
        member = await require_member(uow, office_id=office.id, person_id=person.id)
        return Joined(
            person_id=person.id,
            office=office,
            role_key=invite.role_key,
            role_title=None if invite.role_key is None else roles.get(invite.role_key),
            is_admin=member.is_admin,
            again=again,
        )

    return await in_transaction(uow, describe)


async def grant_member_role(
    uow: SqlUnitOfWork, *, office_id: int, person_id: int, role_key: str, by: int, bot_admin: bool
) -> bool:
    """Give a member one of the office's roles; False when they held it already."""

    async def work() -> bool:
        await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        await require_member(uow, office_id=office_id, person_id=person_id)
        await require_role(uow, office_id=office_id, role_key=role_key)
        holders = await uow.memberships.role_holders(office_id)
        if person_id in holders.get(role_key, ()):
            return False
        await uow.memberships.grant_role(
            office_id=office_id, person_id=person_id, role_key=role_key
        )
        return True

    return await in_transaction(uow, work)


async def revoke_member_role(
    uow: SqlUnitOfWork, *, office_id: int, person_id: int, role_key: str, by: int, bot_admin: bool
) -> bool:
    """Take a role from a member; False when they did not hold it.

    Tasks already assigned stay with the person; new steps of the role go to others.
    """

    async def work() -> bool:
        await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        await require_member(uow, office_id=office_id, person_id=person_id)
        return await uow.memberships.revoke_role(
            office_id=office_id, person_id=person_id, role_key=role_key
        )

    return await in_transaction(uow, work)


async def set_member_admin(
    uow: SqlUnitOfWork, *, office_id: int, person_id: int, is_admin: bool, by: int, bot_admin: bool
) -> bool:
    """Grant or take away a member's admin rights; False when nothing changed."""

    async def work() -> bool:
        await require_rights(uow, office_id=office_id, by=by, bot_admin=bot_admin)
        member = await require_member(uow, office_id=office_id, person_id=person_id)
        if member.is_admin == is_admin:
            return False
        if not is_admin and await uow.directory.admin_count(office_id) <= 1:
            raise LastAdminError(office_id=office_id, person_id=person_id)
        return await uow.directory.set_admin(
            office_id=office_id, person_id=person_id, is_admin=is_admin
        )

    return await in_transaction(uow, work)


async def remember_bot_username(uow: SqlUnitOfWork, *, username: str, at: datetime) -> None:
    """Store the bot's username (from getMe) so that ``sopbot invite`` can build links."""
    await remember(uow, key=BOT_USERNAME, value=username, at=at)
