"""Offices, people, roles and acting officials: what the CLI, the admin and tests set up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.i18n import _
from bot.services.errors import (
    AlreadyExistsError,
    InvalidRequestError,
    NotAdminError,
    NotFoundError,
    NotMemberError,
)
from bot.services.limits import checked_telegram_id, checked_text
from bot.services.transaction import in_transaction
from bot.store import ActingInfo, MemberInfo, OfficeInfo, PersonInfo, SqlUnitOfWork
from bot.worktime import UnknownTimezoneError, WorkCalendar


async def require_office(uow: SqlUnitOfWork, office_id: int) -> OfficeInfo:
    office = await uow.offices.get(office_id)
    if office is None:
        raise NotFoundError(what="office", key=office_id)
    return office


async def require_member(uow: SqlUnitOfWork, *, office_id: int, person_id: int) -> MemberInfo:
    member = await uow.memberships.member(office_id=office_id, person_id=person_id)
    if member is None:
        raise NotMemberError(office_id=office_id, person_id=person_id)
    return member


async def require_admin(uow: SqlUnitOfWork, *, office_id: int, person_id: int) -> MemberInfo:
    member = await uow.memberships.member(office_id=office_id, person_id=person_id)
    if member is None or not member.is_admin:
        raise NotAdminError(office_id=office_id, person_id=person_id)
    return member


def checked_calendar(
    *,
    name: str,
    timezone: str,
    ramadan_ranges: Sequence[tuple[date, date]],
    holidays: Sequence[tuple[date, str]],
) -> WorkCalendar:
    """The calendar a new office's settings make, or InvalidRequestError saying what is wrong."""
    checked_text(name, field="name", table="offices", column="name")
    for _day, holiday in holidays:
        checked_text(holiday, field="holidays", table="office_holidays", column="name")
    days = [day for day, _name in holidays]
    twice = sorted({day for day in days if days.count(day) > 1})
    if twice:
        raise InvalidRequestError(
            field="holidays",
            reason=_("{day} is given more than once").format(day=twice[0].isoformat()),
        )
    try:
        # Also turns WIB/WITA/WIT into the IANA name that is stored.
        return WorkCalendar(
            timezone=timezone, ramadan_ranges=ramadan_ranges, extra_holidays=dict(holidays)
        )
    except UnknownTimezoneError as exc:
        reason = _(
            "unknown time zone '{name}': use Asia/Jakarta (WIB), Asia/Makassar (WITA) "
            "or Asia/Jayapura (WIT)"
        ).format(name=timezone)
        raise InvalidRequestError(field="timezone", reason=reason) from exc
    except (ValueError, TypeError) as exc:
        raise InvalidRequestError(field="calendar", reason=str(exc)) from exc


async def create_office(
    uow: SqlUnitOfWork,
    *,
    name: str,
    at: datetime,
    timezone: str = "Asia/Jakarta",
    ramadan_ranges: Sequence[tuple[date, date]] = (),
    holidays: Sequence[tuple[date, str]] = (),
) -> OfficeInfo:
    """Create an office; the calendar settings are checked before anything is stored."""
    calendar = checked_calendar(
        name=name, timezone=timezone, ramadan_ranges=ramadan_ranges, holidays=holidays
    )

    async def work() -> OfficeInfo:
        return await uow.offices.add(
            name=name,
            timezone=calendar.timezone,
            created_at=at,
            ramadan_ranges=ramadan_ranges,
            holidays=holidays,
        )

    return await in_transaction(uow, work)


async def add_person(
    uow: SqlUnitOfWork,
    *,
    display_name: str,
    at: datetime,
    telegram_user_id: int | None = None,
    locale: str | None = None,
) -> PersonInfo:
    """Create a person; a Telegram account can belong to one person only."""
    checked_text(display_name, field="display_name", table="people", column="display_name")
    if telegram_user_id is not None:
        checked_telegram_id(telegram_user_id, field="telegram_user_id")

    async def work() -> PersonInfo:
        if telegram_user_id is not None and await uow.people.by_telegram_id(telegram_user_id):
            raise AlreadyExistsError(what="telegram user", key=telegram_user_id)
        return await uow.people.add(
            display_name=display_name,
            created_at=at,
            telegram_user_id=telegram_user_id,
            locale=locale,
        )

    return await in_transaction(uow, work)


async def person_for_telegram(
    uow: SqlUnitOfWork,
    *,
    telegram_user_id: int,
    display_name: str,
    at: datetime,
    locale: str | None = None,
) -> PersonInfo:
    """The person linked to a Telegram account, created on first contact."""
    checked_telegram_id(telegram_user_id, field="telegram_user_id")
    # Telegram allows 64+64 characters of name; cut rather than refuse a first contact.
    display_name = display_name.replace("\x00", "")[:200]

    async def work() -> PersonInfo:
        person = await uow.people.by_telegram_id(telegram_user_id)
        if person is not None:
            return person
        return await uow.people.add(
            display_name=display_name,
            created_at=at,
            telegram_user_id=telegram_user_id,
            locale=locale,
        )

    # Two first messages at once: the loser's insert fails and the retry finds the winner.
    return await in_transaction(uow, work)


async def add_member(
    uow: SqlUnitOfWork, *, office_id: int, person_id: int, at: datetime, is_admin: bool = False
) -> MemberInfo:
    """Make a person a member (or an admin) of an office."""

    async def work() -> MemberInfo:
        await require_office(uow, office_id)
        if await uow.people.get(person_id) is None:
            raise NotFoundError(what="person", key=person_id)
        return await uow.memberships.add_member(
            office_id=office_id, person_id=person_id, is_admin=is_admin, at=at
        )

    return await in_transaction(uow, work)


async def grant_role(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    person_id: int,
    role_key: str,
    at: datetime,
    rank: int | None = None,
) -> int:
    """Give a person a role in an office (making them a member); returns their rank."""

    async def work() -> int:
        await require_office(uow, office_id)
        if await uow.people.get(person_id) is None:
            raise NotFoundError(what="person", key=person_id)
        await uow.memberships.add_member(
            office_id=office_id, person_id=person_id, is_admin=False, at=at
        )
        return await uow.memberships.grant_role(
            office_id=office_id, person_id=person_id, role_key=role_key, rank=rank
        )

    return await in_transaction(uow, work)


async def set_acting_official(
    uow: SqlUnitOfWork,
    *,
    office_id: int,
    person_id: int,
    for_person_id: int,
    starts_at: datetime,
    ends_at: datetime | None,
    by: int,
    at: datetime,
) -> ActingInfo:
    """An admin appoints a Plh./Plt.: ``person_id`` may act for ``for_person_id``."""
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidRequestError(field="ends_at", reason=_("the period must end after it starts"))
    if person_id == for_person_id:
        raise InvalidRequestError(field="person_id", reason=_("a person cannot act for themselves"))

    async def work() -> ActingInfo:
        await require_admin(uow, office_id=office_id, person_id=by)
        for someone in (person_id, for_person_id):
            await require_member(uow, office_id=office_id, person_id=someone)
        return await uow.memberships.add_acting(
            office_id=office_id,
            person_id=person_id,
            for_person_id=for_person_id,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=by,
            at=at,
        )

    return await in_transaction(uow, work)
