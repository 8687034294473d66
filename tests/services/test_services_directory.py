"""The office directory: unique office names, lookup by number or name, rosters."""

from datetime import date

import pytest

from bot.services import InvalidRequestError, add_person, grant_role
from bot.services.directory import (
    OfficeNameTakenError,
    OfficeNotFoundError,
    UnknownRoleError,
    find_office,
    list_offices,
    open_office,
    person_by_telegram,
    require_role,
    roster,
)
from bot.services.transaction import in_transaction


async def test_open_office_stores_the_calendar_and_refuses_a_taken_name(uow, world) -> None:
    office = await open_office(
        uow,
        name="  Inspektorat   Kabupaten  ",
        at=world.t0,
        timezone="WITA",
        ramadan_ranges=[(date(2026, 2, 19), date(2026, 3, 20))],
        holidays=[(date(2026, 5, 1), "HUT Kabupaten")],
    )
    assert office.name == "Inspektorat Kabupaten"
    assert office.timezone == "Asia/Makassar"
    assert office.ramadan_ranges == ((date(2026, 2, 19), date(2026, 3, 20)),)
    assert office.holidays == ((date(2026, 5, 1), "HUT Kabupaten"),)
    with pytest.raises(OfficeNameTakenError) as taken:
        await open_office(uow, name="inspektorat kabupaten", at=world.t0)
    assert taken.value.office_id == office.id


@pytest.mark.parametrize("name", ["", "   ", "12", "x" * 201])
async def test_open_office_refuses_names_that_cannot_find_it(uow, world, name) -> None:
    with pytest.raises(InvalidRequestError) as refused:
        await open_office(uow, name=name, at=world.t0)
    assert refused.value.field == "name"


async def test_open_office_explains_an_unknown_time_zone(uow, world) -> None:
    with pytest.raises(InvalidRequestError) as refused:
        await open_office(uow, name="Kantor Baru", at=world.t0, timezone="Asia/Bandung")
    assert refused.value.field == "timezone" and "Asia/Bandung" in refused.value.reason
    assert [o.name for o in await list_offices(uow)] == ["Badan Kepegawaian Daerah"]


async def test_find_office_by_number_or_exact_name(uow, world) -> None:
    other = await open_office(uow, name="Bappeda", at=world.t0)
    assert (await find_office(uow, ref=str(world.office_id))).id == world.office_id
    assert (await find_office(uow, ref="bappeda")).id == other.id
    with pytest.raises(OfficeNotFoundError):
        await find_office(uow, ref="Bappe")
    with pytest.raises(OfficeNotFoundError):
        await find_office(uow, ref="999999")


async def test_list_offices_counts_members_and_current_sops(uow, world) -> None:
    empty = await open_office(uow, name="Bappeda", at=world.t0)
    summaries = {office.id: office for office in await list_offices(uow)}
    assert (summaries[world.office_id].members, summaries[world.office_id].sops) == (7, 1)
    assert (summaries[empty.id].members, summaries[empty.id].sops) == (0, 0)
    assert summaries[empty.id].timezone == "Asia/Jakarta"


async def test_roster_lists_members_roles_and_vacant_roles(uow, world) -> None:
    found = await roster(uow, office_id=world.office_id)
    assert found.roles == {
        "kasubag": "Kepala Subbagian",
        "kepala": "Kepala",
        "staf": "Staf Tata Usaha",
    }
    by_name = {member.display_name: member for member in found.members}
    assert list(by_name) == sorted(by_name)
    assert by_name["kasubag1"].roles == ("kasubag",)
    assert by_name["admin"].is_admin and by_name["admin"].roles == ()
    assert by_name["stranger"].roles == ()
    assert found.vacant_roles == []

    # Taking the only Kepala's role away leaves "kepala" vacant.
    async def revoke() -> None:
        await uow.memberships.revoke_role(
            office_id=world.office_id, person_id=world.kepala, role_key="kepala"
        )

    await in_transaction(uow, revoke)
    assert (await roster(uow, office_id=world.office_id)).vacant_roles == ["kepala"]


async def test_a_person_holds_several_roles_in_several_offices(uow, world) -> None:
    other = await open_office(uow, name="Bappeda", at=world.t0)
    await grant_role(
        uow, office_id=world.office_id, person_id=world.staf, role_key="kepala", at=world.t0
    )
    await grant_role(uow, office_id=other.id, person_id=world.staf, role_key="staf", at=world.t0)
    here = {m.person_id: m for m in (await roster(uow, office_id=world.office_id)).members}
    there = {m.person_id: m for m in (await roster(uow, office_id=other.id)).members}
    assert here[world.staf].roles == ("kepala", "staf")
    assert there[world.staf].roles == ("staf",)


async def test_require_role_names_the_roles_that_exist(uow, world) -> None:
    async def check(role: str) -> str:
        return await require_role(uow, office_id=world.office_id, role_key=role)

    assert await in_transaction(uow, lambda: check("kepala")) == "Kepala"
    with pytest.raises(UnknownRoleError) as unknown:
        await in_transaction(uow, lambda: check("bendahara"))
    assert unknown.value.known == ("kasubag", "kepala", "staf")
    assert "kasubag, kepala, staf" in unknown.value.message


async def test_person_by_telegram_finds_without_creating(uow, world) -> None:
    assert await person_by_telegram(uow, telegram_user_id=777) is None
    person = await add_person(uow, display_name="Sari", at=world.t0, telegram_user_id=777)
    assert await person_by_telegram(uow, telegram_user_id=777) == person
