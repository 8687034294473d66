"""Linking an office to its Telegram group, and the clock's settings per office and person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.services.errors import NotAdminError, ServiceError
from bot.services.transaction import in_transaction
from bot.store import ClockSettings, OfficeInfo, SqlUnitOfWork

_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_LEAD_MINUTES = 8 * 60


class ReminderMode(StrEnum):
    """How a person wants to hear about their tasks."""

    IMMEDIATELY = "immediately"  # a reminder before the due time and when overdue
    DIGEST = "digest"  # only the morning digest


class GroupError(ServiceError):
    """Base of the refusals about an office group."""


class GroupLinkedElsewhereError(GroupError):
    """The group is already linked to another office."""

    def __init__(self, *, chat_id: int, office_id: int) -> None:
        super().__init__(f"group {chat_id} is linked to office {office_id}")
        self.chat_id = chat_id
        self.office_id = office_id


class ChooseOfficeError(GroupError):
    """The person administers no office, or several: they must name one."""

    def __init__(self, *, person_id: int, office_ids: tuple[int, ...]) -> None:
        super().__init__(f"person {person_id} administers offices {office_ids}")
        self.person_id = person_id
        self.office_ids = office_ids


class SettingError(GroupError):
    """A setting value that cannot be used."""

    def __init__(self, *, name: str, value: object) -> None:
        super().__init__(f"{name} cannot be {value!r}")
        self.name = name
        self.value = value


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedGroup:
    """The office a group now belongs to, and the group it replaced (if any)."""

    office_id: int
    office_name: str
    replaced_chat_id: int | None


async def _office_for(
    uow: SqlUnitOfWork, *, person_id: int, office_id: int | None, bot_admin: bool
) -> int:
    """The office to link: the one named, else the only one the person administers."""
    if office_id is not None:
        if not bot_admin:
            member = await uow.memberships.member(office_id=office_id, person_id=person_id)
            if member is None or not member.is_admin:
                raise NotAdminError(office_id=office_id, person_id=person_id)
        return office_id
    admin_of = tuple(m.office_id for m in await uow.memberships.offices_of(person_id) if m.is_admin)
    if len(admin_of) != 1:
        raise ChooseOfficeError(person_id=person_id, office_ids=admin_of)
    return admin_of[0]


async def link_group(
    uow: SqlUnitOfWork,
    *,
    chat_id: int,
    title: str,
    person_id: int,
    at: datetime,
    office_id: int | None = None,
    bot_admin: bool = False,
) -> LinkedGroup:
    """Link the group ``chat_id`` to an office the person administers."""

    async def work() -> LinkedGroup:
        chosen = await _office_for(
            uow, person_id=person_id, office_id=office_id, bot_admin=bot_admin
        )
        office = await uow.offices.get(chosen)
        if office is None:
            raise ChooseOfficeError(person_id=person_id, office_ids=())
        linked = await uow.clock.office_of_group(chat_id)
        if linked is not None and linked != chosen:
            raise GroupLinkedElsewhereError(chat_id=chat_id, office_id=linked)
        before = (await uow.clock.settings(chosen)).group_chat_id
        await uow.clock.save(office_id=chosen, at=at, group_chat_id=chat_id, group_title=title)
        replaced = before if before not in (None, chat_id) else None
        return LinkedGroup(office_id=chosen, office_name=office.name, replaced_chat_id=replaced)

    return await in_transaction(uow, work)


async def unlink_group(uow: SqlUnitOfWork, *, chat_id: int, at: datetime) -> int | None:
    """The bot left or was removed from a group: forget the link (returns its office)."""
    return await in_transaction(uow, lambda: uow.clock.unlink_group(chat_id=chat_id, at=at))


async def move_group(
    uow: SqlUnitOfWork, *, old_chat_id: int, new_chat_id: int, at: datetime
) -> int | None:
    """A group became a supergroup with a new id: the link follows it."""
    return await in_transaction(
        uow,
        lambda: uow.clock.move_group(old_chat_id=old_chat_id, new_chat_id=new_chat_id, at=at),
    )


async def clock_settings(uow: SqlUnitOfWork, *, office_id: int) -> ClockSettings:
    """The office's group link and clock settings."""
    return await in_transaction(uow, lambda: uow.clock.settings(office_id))


def checked_settings(
    digest_time: str | None, reminder_lead_minutes: int | None
) -> dict[str, object]:
    """The settings to write, each checked (a SettingError names the first bad one)."""
    values: dict[str, object] = {}
    if digest_time is not None:
        if not _CLOCK_TIME.match(digest_time):
            raise SettingError(name="digest_time", value=digest_time)
        values["digest_time"] = digest_time
    if reminder_lead_minutes is not None:
        if not 0 <= reminder_lead_minutes <= MAX_LEAD_MINUTES:
            raise SettingError(name="reminder_lead_minutes", value=reminder_lead_minutes)
        values["reminder_lead_minutes"] = reminder_lead_minutes
    return values


async def set_clock_settings(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    at: datetime,
    digest_time: str | None = None,
    reminder_lead_minutes: int | None = None,
    group_reminders: bool | None = None,
    by: int | None = None,
) -> ClockSettings:
    """Change an office's digest time, reminder lead or group reminders (``by`` an admin)."""
    values = checked_settings(digest_time, reminder_lead_minutes)
    if group_reminders is not None:
        values["group_reminders"] = group_reminders

    async def work() -> ClockSettings:
        if by is not None:
            member = await uow.memberships.member(office_id=office_id, person_id=by)
            if member is None or not member.is_admin:
                raise NotAdminError(office_id=office_id, person_id=by)
        if values:
            await uow.clock.save(office_id=office_id, at=at, **values)
        return await uow.clock.settings(office_id)

    return await in_transaction(uow, work)


async def set_reminder_mode(
    uow: SqlUnitOfWork, *, person_id: int, mode: ReminderMode, at: datetime
) -> None:
    """Remember how the person wants reminders."""
    await in_transaction(
        uow, lambda: uow.clock.set_preference(person_id=person_id, mode=mode.value, at=at)
    )


async def reminder_mode(uow: SqlUnitOfWork, *, person_id: int) -> ReminderMode:
    """How the person wants reminders (immediately unless they chose otherwise)."""
    found = await in_transaction(uow, lambda: uow.clock.preference(person_id))
    return ReminderMode(found) if found else ReminderMode.IMMEDIATELY


async def admin_offices(uow: SqlUnitOfWork, *, person_id: int) -> list[OfficeInfo]:
    """The offices the person administers."""

    async def work() -> list[OfficeInfo]:
        found = []
        for member in await uow.memberships.offices_of(person_id):
            office = await uow.offices.get(member.office_id) if member.is_admin else None
            if office is not None:
                found.append(office)
        return found

    return await in_transaction(uow, work)
