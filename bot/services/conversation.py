"""What the conversation shows a person: who they are, their runs, timelines, their roles."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import normalize_locale
from bot.services.errors import NotFoundError, NotMemberError
from bot.services.transaction import in_transaction
from bot.sop.model import Sop
from bot.store import PersonInfo, RunContext, RunSummary, SqlUnitOfWork


async def find_person(uow: SqlUnitOfWork, *, telegram_user_id: int) -> PersonInfo | None:
    """The person linked to a Telegram account, or None for a stranger."""

    async def work() -> PersonInfo | None:
        return await uow.people.by_telegram_id(telegram_user_id)

    return await in_transaction(uow, work)


async def note_telegram_language(
    uow: SqlUnitOfWork, *, person_id: int, language_code: str | None
) -> None:
    """Keep the language Telegram reports for the person (used when they chose none)."""

    async def work() -> None:
        await uow.people.set_telegram_language(person_id=person_id, language_code=language_code)

    await in_transaction(uow, work)


async def set_language(uow: SqlUnitOfWork, *, person_id: int, locale: str) -> PersonInfo:
    """Store the language the person chose (/bahasa); it wins over Telegram's."""

    async def work() -> PersonInfo:
        person = await uow.people.update(person_id=person_id, locale=normalize_locale(locale))
        if person is None:
            raise NotFoundError(what="person", key=person_id)
        return person

    return await in_transaction(uow, work)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLine:
    """An active run as /status and /batal list it."""

    summary: RunSummary
    sop: Sop
    names: dict[int, str]
    may_cancel: bool

    @property
    def run_id(self) -> str:
        return self.summary.run_id


async def active_runs(uow: SqlUnitOfWork, *, person_id: int) -> list[RunLine]:
    """The active runs of every office the person belongs to."""

    async def work() -> list[RunLine]:
        members = {m.office_id: m for m in await uow.memberships.offices_of(person_id)}
        summaries = await uow.conversation.active_runs(members)
        people = {step.assignee_id for s in summaries for step in s.open_steps}
        names = await uow.conversation.display_names(people)
        lines = []
        for summary in summaries:
            sop = await uow.sops.sop_of(summary.sop_version_id)
            assert sop is not None  # a run's version is never deleted
            may_cancel = members[summary.office_id].is_admin or summary.started_by == person_id
            lines.append(RunLine(summary=summary, sop=sop, names=names, may_cancel=may_cancel))
        return lines

    return await in_transaction(uow, work)


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """A run with the names of everyone who had one of its tasks."""

    ctx: RunContext
    names: dict[int, str]


async def run_timeline(uow: SqlUnitOfWork, *, run_id: str, person_id: int) -> Timeline:
    """A run's tasks for a member of its office (nobody else sees them)."""

    async def work() -> Timeline:
        ctx = await uow.runs.get_state(run_id)
        if ctx is None:
            raise NotFoundError(what="run", key=run_id)
        if await uow.memberships.member(office_id=ctx.office.id, person_id=person_id) is None:
            raise NotMemberError(office_id=ctx.office.id, person_id=person_id)
        people = {int(task.assignee) for task in ctx.state.tasks}
        people |= {int(task.completed_by) for task in ctx.state.tasks if task.completed_by}
        names = await uow.conversation.display_names(people)
        return Timeline(ctx=ctx, names=names)

    return await in_transaction(uow, work)


@dataclass(frozen=True, slots=True, kw_only=True)
class Membership:
    """One office of a person: its name, the person's roles (jabatan names), admin or not."""

    office_name: str
    roles: tuple[str, ...]
    is_admin: bool


async def memberships(uow: SqlUnitOfWork, *, person_id: int) -> list[Membership]:
    """The person's offices and roles, named as the office's SOPs name them."""

    async def work() -> list[Membership]:
        found = []
        for member in await uow.memberships.offices_of(person_id):
            office = await uow.offices.get(member.office_id)
            holders = await uow.memberships.role_holders(member.office_id)
            names: dict[str, str] = {}
            for version in await uow.sops.list_current(member.office_id):
                sop = await uow.sops.sop_of(version.id)
                if sop is not None:
                    names = sop.roles | names
            roles = tuple(
                names.get(role, role) for role, people in holders.items() if person_id in people
            )
            found.append(
                Membership(
                    office_name=office.name if office else "",
                    roles=roles,
                    is_admin=member.is_admin,
                )
            )
        return found

    return await in_transaction(uow, work)
