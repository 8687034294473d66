"""The office directory: create and find offices, their roles, and who holds them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.i18n import _
from bot.services.errors import InvalidRequestError, ServiceError
from bot.services.offices import checked_calendar, require_office
from bot.services.transaction import in_transaction
from bot.store import MemberEntry, OfficeInfo, OfficeSummary, PersonInfo, SqlUnitOfWork

MAX_OFFICE_NAME = 200


class OfficeNameTakenError(ServiceError):
    """Another office already has this name (names must find one office)."""

    def __init__(self, *, name: str, office_id: int) -> None:
        super().__init__(
            _("an office named '{name}' already exists (number {id})").format(
                name=name, id=office_id
            )
        )
        self.name = name
        self.office_id = office_id


class OfficeNotFoundError(ServiceError):
    """No office has this number or name."""

    def __init__(self, *, ref: str) -> None:
        super().__init__(
            _("no office has the number or name '{ref}'; 'sopbot office list' shows them").format(
                ref=ref
            )
        )
        self.ref = ref


class UnknownRoleError(ServiceError):
    """The role is not a role (peran) of any SOP published for the office."""

    def __init__(self, *, role_key: str, known: Sequence[str]) -> None:
        if known:
            message = _("the office's SOPs have no role '{role}'; their roles are: {roles}").format(
                role=role_key, roles=", ".join(known)
            )
        else:
            message = _(
                "the office has no published SOPs yet, so it has no roles: publish its "
                "SOPs first ('sopbot office sops')"
            )
        super().__init__(message)
        self.role_key = role_key
        self.known = tuple(known)


@dataclass(frozen=True, slots=True, kw_only=True)
class Roster:
    """An office, the roles its SOPs use (key → jabatan), and its members."""

    office: OfficeInfo
    roles: dict[str, str]
    members: list[MemberEntry] = field(default_factory=list)

    @property
    def vacant_roles(self) -> list[str]:
        """Roles of the office's SOPs that nobody holds yet."""
        held = {role for member in self.members for role in member.roles}
        return [role for role in self.roles if role not in held]


async def open_office(
    uow: SqlUnitOfWork,
    *,
    name: str,
    at: datetime,
    timezone: str = "Asia/Jakarta",
    ramadan_ranges: Sequence[tuple[date, date]] = (),
    holidays: Sequence[tuple[date, str]] = (),
) -> OfficeInfo:
    """Create an office whose name no other office has (so the name can find it)."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_OFFICE_NAME:
        raise InvalidRequestError(
            field="name",
            reason=_("an office name has 1 to {limit} characters").format(limit=MAX_OFFICE_NAME),
        )
    if name.isdigit():
        raise InvalidRequestError(
            field="name", reason=_("an office name cannot be only digits (digits mean a number)")
        )
    calendar = checked_calendar(
        name=name, timezone=timezone, ramadan_ranges=ramadan_ranges, holidays=holidays
    )

    async def work() -> OfficeInfo:
        taken = await uow.directory.offices_named(name)
        if taken:
            raise OfficeNameTakenError(name=name, office_id=taken[0])
        return await uow.offices.add(
            name=name,
            timezone=calendar.timezone,
            created_at=at,
            ramadan_ranges=ramadan_ranges,
            holidays=holidays,
        )

    return await in_transaction(uow, work)


async def list_offices(
    uow: SqlUnitOfWork, *, office_ids: list[int] | None = None
) -> list[OfficeSummary]:
    """Every office (or the given ones) with its member and SOP counts."""

    async def work() -> list[OfficeSummary]:
        return await uow.directory.office_summaries(office_ids=office_ids)

    return await in_transaction(uow, work)


async def find_office(uow: SqlUnitOfWork, *, ref: str) -> OfficeInfo:
    """The office with number ``ref``, else the one named exactly ``ref``."""
    ref = ref.strip()

    async def work() -> OfficeInfo:
        office = await uow.offices.get(int(ref)) if ref.isdigit() else None
        if office is None:
            named = await uow.directory.offices_named(ref)
            office = await uow.offices.get(named[0]) if named else None
        if office is None:
            raise OfficeNotFoundError(ref=ref)
        return office

    return await in_transaction(uow, work)


async def load_roles(uow: SqlUnitOfWork, *, office_id: int) -> dict[str, str]:
    """Inside a transaction: role key → jabatan over the office's current SOPs."""
    roles: dict[str, str] = {}
    for version in await uow.sops.list_current(office_id):
        sop = await uow.sops.sop_of(version.id)
        for key, title in (sop.roles if sop else {}).items():
            roles.setdefault(key, title)
    return dict(sorted(roles.items()))


async def require_role(uow: SqlUnitOfWork, *, office_id: int, role_key: str) -> str:
    """Inside a transaction: the jabatan of ``role_key``, or UnknownRoleError."""
    roles = await load_roles(uow, office_id=office_id)
    if role_key not in roles:
        raise UnknownRoleError(role_key=role_key, known=list(roles))
    return roles[role_key]


async def roster(uow: SqlUnitOfWork, *, office_id: int) -> Roster:
    """The office, the roles its SOPs use, and its members with their roles."""

    async def work() -> Roster:
        office = await require_office(uow, office_id)
        return Roster(
            office=office,
            roles=await load_roles(uow, office_id=office_id),
            members=await uow.directory.members(office_id),
        )

    return await in_transaction(uow, work)


async def person_by_telegram(uow: SqlUnitOfWork, *, telegram_user_id: int) -> PersonInfo | None:
    """The person linked to a Telegram account, or None (nobody is created)."""

    async def work() -> PersonInfo | None:
        return await uow.people.by_telegram_id(telegram_user_id)

    return await in_transaction(uow, work)
