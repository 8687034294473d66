"""Who may read what in Telegram: reports for the head and admins, flowcharts for members.

The rule for reports (``/laporan``): an office admin, or whoever holds the role of a
decision step of the SOP (the head who approves, e.g. the Kepala Badan), or acts for
such a holder today as Plh./Plt. An SOP without a decision step is reported to its
office admins only. Flowcharts (``/alur``) and a run's progress are shown to every
member of the office, as ``/status`` shows its timelines.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import _
from bot.services.errors import NotFoundError, NotMemberError, ServiceError
from bot.services.reports import RunReport, run_report
from bot.services.transaction import in_transaction
from bot.sop.model import Sop
from bot.store import MemberInfo, OfficeInfo, SqlUnitOfWork


class NotReportReaderError(ServiceError):
    """Only the office's admins and the holders of the SOP's deciding role read its reports."""

    def __init__(self, *, sop_key: str, person_id: int, roles: Collection[str]) -> None:
        super().__init__(_("only the office head and office admins may read this SOP's reports"))
        self.sop_key = sop_key
        self.person_id = person_id
        self.roles = tuple(roles)


def deciding_roles(sop: Sop) -> tuple[str, ...]:
    """The roles of the SOP's decision steps, in table order."""
    return tuple(
        dict.fromkeys(
            role for step in sop.steps if step.decision is not None for role in step.actors
        )
    )


def may_read_reports(
    sop: Sop,
    holders: Mapping[str, tuple[int, ...]],
    *,
    person_id: int,
    is_admin: bool,
    acting_for: Collection[int] = (),
) -> bool:
    """True for an admin, a holder of a deciding role, or their acting official."""
    if is_admin:
        return True
    people = {person_id, *acting_for}
    return any(people & set(holders.get(role, ())) for role in deciding_roles(sop))


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeSop:
    """The current version of an SOP in one of the person's offices."""

    office: OfficeInfo
    version_id: int
    sop: Sop
    may_report: bool


async def _office_sops(uow: SqlUnitOfWork, member: MemberInfo, at: datetime) -> list[OfficeSop]:
    """The office's current SOPs, each with whether the member may read its reports."""
    office = await uow.offices.get(member.office_id)
    if office is None:
        return []
    holders = await uow.memberships.role_holders(office.id)
    acting = await uow.memberships.acting_for(
        office_id=office.id, person_id=member.person_id, at=at
    )
    found = []
    for version in await uow.sops.list_current(office.id):
        sop = await uow.sops.sop_of(version.id)
        if sop is None:
            continue
        allowed = may_read_reports(
            sop, holders, person_id=member.person_id, is_admin=member.is_admin, acting_for=acting
        )
        found.append(OfficeSop(office=office, version_id=version.id, sop=sop, may_report=allowed))
    return found


async def office_sops(uow: SqlUnitOfWork, *, person_id: int, at: datetime) -> list[OfficeSop]:
    """Every current SOP of every office the person belongs to."""

    async def work() -> list[OfficeSop]:
        found: list[OfficeSop] = []
        for member in await uow.memberships.offices_of(person_id):
            found.extend(await _office_sops(uow, member, at))
        return found

    return await in_transaction(uow, work)


async def office_sop(
    uow: SqlUnitOfWork, *, person_id: int, version_id: int, at: datetime
) -> OfficeSop:
    """One SOP version of a pressed button, re-checked: still current, in the person's office."""
    for choice in await office_sops(uow, person_id=person_id, at=at):
        if choice.version_id == version_id:
            return choice
    raise NotFoundError(what="SOP", key=version_id)


async def report_sop(
    uow: SqlUnitOfWork, *, person_id: int, version_id: int, at: datetime
) -> OfficeSop:
    """The SOP of a pressed report button, if the person may still read its reports."""
    choice = await office_sop(uow, person_id=person_id, version_id=version_id, at=at)
    if not choice.may_report:
        raise NotReportReaderError(
            sop_key=choice.sop.key, person_id=person_id, roles=deciding_roles(choice.sop)
        )
    return choice


async def run_progress(uow: SqlUnitOfWork, *, run_id: str, person_id: int) -> RunReport:
    """A run's tasks and SOP for a member of its office (nobody else sees them)."""
    found = await run_report(uow, run_id=run_id)

    async def work() -> None:
        member = await uow.memberships.member(office_id=found.office.id, person_id=person_id)
        if member is None:
            raise NotMemberError(office_id=found.office.id, person_id=person_id)

    await in_transaction(uow, work)
    return found
