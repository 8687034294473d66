"""Which SOPs a person may start, and the check that no run starts that would get stuck."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.services.conversation_errors import MissingRolesError, NotStarterError
from bot.services.errors import NotFoundError
from bot.services.offices import require_member
from bot.services.transaction import in_transaction
from bot.sop.model import Sop
from bot.store import SqlUnitOfWork


def used_roles(sop: Sop) -> tuple[str, ...]:
    """Every role key a step of the SOP names, in table order."""
    return tuple(dict.fromkeys(role for step in sop.steps for role in step.actors))


def missing_roles(sop: Sop, holders: Mapping[str, tuple[int, ...]]) -> tuple[str, ...]:
    """The roles the SOP uses that nobody in the office holds."""
    return tuple(role for role in used_roles(sop) if not holders.get(role))


def may_start(sop: Sop, holders: Mapping[str, tuple[int, ...]], *, person_id: int) -> bool:
    """True when the person holds a role of the SOP's first step."""
    return any(person_id in holders.get(role, ()) for role in sop.steps[0].actors)


async def require_startable(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    sop: Sop,
    by: int,
    holders: Mapping[str, tuple[int, ...]],
) -> None:
    """Refuse a start by someone not allowed, or of an SOP with a role nobody holds."""
    member = await require_member(uow, office_id=office_id, person_id=by)
    if not member.is_admin and not may_start(sop, holders, person_id=by):
        raise NotStarterError(sop_key=sop.key, person_id=by, roles=sop.steps[0].actors)
    missing = missing_roles(sop, holders)
    if missing:
        names = [sop.roles.get(role, role) for role in missing]
        raise MissingRolesError(sop_key=sop.key, roles=missing, names=names)


@dataclass(frozen=True, slots=True, kw_only=True)
class StartableSop:
    """An SOP a person may start, with the roles that still lack a holder."""

    office_id: int
    office_name: str
    version_id: int
    sop: Sop
    is_admin: bool
    missing: tuple[str, ...]

    @property
    def missing_names(self) -> tuple[str, ...]:
        return tuple(self.sop.roles.get(role, role) for role in self.missing)


async def startable_sops(uow: SqlUnitOfWork, *, person_id: int) -> list[StartableSop]:
    """The current SOPs of the person's offices that the person may start."""

    async def work() -> list[StartableSop]:
        found: list[StartableSop] = []
        for member in await uow.memberships.offices_of(person_id):
            office = await uow.offices.get(member.office_id)
            holders = await uow.memberships.role_holders(member.office_id)
            for version in await uow.sops.list_current(member.office_id):
                sop = await uow.sops.sop_of(version.id)
                if office is None or sop is None:
                    continue
                if member.is_admin or may_start(sop, holders, person_id=person_id):
                    found.append(
                        StartableSop(
                            office_id=office.id,
                            office_name=office.name,
                            version_id=version.id,
                            sop=sop,
                            is_admin=member.is_admin,
                            missing=missing_roles(sop, holders),
                        )
                    )
        return found

    return await in_transaction(uow, work)


async def startable_sop(uow: SqlUnitOfWork, *, person_id: int, version_id: int) -> StartableSop:
    """One SOP version the person may start (a pressed /mulai button, re-checked)."""
    for choice in await startable_sops(uow, person_id=person_id):
        if choice.version_id == version_id:
            return choice
    raise NotFoundError(what="SOP", key=version_id)
