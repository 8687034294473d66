"""Admins invite, change roles and rights; every call re-checks who is asking."""

from datetime import timedelta

import pytest

from bot.services import InvalidInviteError, InvalidRequestError, NotAdminError, NotMemberError
from bot.services.administration import (
    LastAdminError,
    admin_roster,
    administered_offices,
    command_line_operator,
    grant_member_role,
    issue_invite,
    join_by_invite,
    remember_bot_username,
    revoke_member_role,
    set_member_admin,
)
from bot.services.bot_settings import BOT_USERNAME, recall
from bot.services.directory import UnknownRoleError, open_office, person_by_telegram, roster
from bot.services.invites import MAX_INVITE_TTL, create_invite


def _roles(found, person_id):
    return next(m for m in found.members if m.person_id == person_id).roles


async def test_invite_then_join_registers_the_person_in_office_and_role(uow, world) -> None:
    issued = await issue_invite(
        uow, office_id=world.office_id, by=world.admin, at=world.t0, role_key="kasubag"
    )
    assert issued.role_title == "Kepala Subbagian" and issued.office.id == world.office_id
    assert issued.invite.expires_at == world.t0 + timedelta(days=7)
    joined = await join_by_invite(
        uow, token=issued.token, telegram_user_id=9001, display_name="Rina", at=world.at(5)
    )
    assert (joined.office.id, joined.role_key, joined.role_title) == (
        world.office_id,
        "kasubag",
        "Kepala Subbagian",
    )
    assert not joined.is_admin and not joined.again
    found = await roster(uow, office_id=world.office_id)
    assert _roles(found, joined.person_id) == ("kasubag",)

    # The same person opening their link again is told where they are; nothing changes.
    again = await join_by_invite(
        uow, token=issued.token, telegram_user_id=9001, display_name="Rina", at=world.at(6)
    )
    assert again.again and again.person_id == joined.person_id
    with pytest.raises(InvalidInviteError) as used:
        await join_by_invite(
            uow, token=issued.token, telegram_user_id=9002, display_name="Budi", at=world.at(7)
        )
    assert used.value.reason == InvalidInviteError.USED
    assert await person_by_telegram(uow, telegram_user_id=9002) is None


async def test_join_refuses_expired_and_unknown_links(uow, world) -> None:
    issued = await issue_invite(
        uow,
        office_id=world.office_id,
        by=world.admin,
        at=world.t0,
        role_key="staf",
        ttl=timedelta(hours=2),
    )
    with pytest.raises(InvalidInviteError) as expired:
        await join_by_invite(
            uow, token=issued.token, telegram_user_id=9001, display_name="R", at=world.at(120)
        )
    assert expired.value.reason == InvalidInviteError.EXPIRED
    with pytest.raises(InvalidInviteError) as unknown:
        await join_by_invite(
            uow, token=issued.token[:-1], telegram_user_id=9001, display_name="R", at=world.t0
        )
    assert unknown.value.reason == InvalidInviteError.UNKNOWN
    found = await roster(uow, office_id=world.office_id)
    assert all(member.telegram_user_id != 9001 for member in found.members)
    # A link that cannot work registers nobody.
    assert await person_by_telegram(uow, telegram_user_id=9001) is None


async def test_admin_invite_without_role_makes_an_admin(uow, world) -> None:
    issued = await issue_invite(
        uow, office_id=world.office_id, by=world.admin, at=world.t0, is_admin=True
    )
    joined = await join_by_invite(
        uow, token=issued.token, telegram_user_id=9001, display_name="Andi", at=world.at(1)
    )
    assert joined.is_admin and joined.role_key is None and joined.role_title is None


async def test_only_admins_invite_and_only_to_roles_of_the_sops(uow, world) -> None:
    with pytest.raises(NotAdminError):
        await issue_invite(
            uow, office_id=world.office_id, by=world.staf, at=world.t0, role_key="staf"
        )
    with pytest.raises(UnknownRoleError):
        await issue_invite(
            uow, office_id=world.office_id, by=world.admin, at=world.t0, role_key="bendahara"
        )
    # A bot admin needs no membership.
    issued = await issue_invite(
        uow,
        office_id=world.office_id,
        by=world.stranger,
        at=world.t0,
        role_key="staf",
        bot_admin=True,
    )
    assert issued.invite.created_by == world.stranger


@pytest.mark.parametrize(
    "ttl", [timedelta(0), timedelta(minutes=-5), MAX_INVITE_TTL + timedelta(seconds=1)]
)
async def test_invite_lifetime_is_positive_and_bounded(uow, world, ttl) -> None:
    with pytest.raises(InvalidRequestError) as refused:
        await create_invite(uow, office_id=world.office_id, by=world.admin, at=world.t0, ttl=ttl)
    assert refused.value.field == "ttl"


async def test_command_line_operator_is_one_stored_person(uow, world) -> None:
    first = await command_line_operator(uow, at=world.t0)
    assert await command_line_operator(uow, at=world.at(1)) == first
    issued = await issue_invite(
        uow, office_id=world.office_id, by=first, at=world.t0, role_key="kepala", bot_admin=True
    )
    assert issued.invite.created_by == first


async def test_administered_offices(uow, world) -> None:
    other = await open_office(uow, name="Bappeda", at=world.t0)
    assert [
        o.id for o in await administered_offices(uow, person_id=world.admin, bot_admin=False)
    ] == [world.office_id]
    assert await administered_offices(uow, person_id=world.staf, bot_admin=False) == []
    assert await administered_offices(uow, person_id=None, bot_admin=False) == []
    every = await administered_offices(uow, person_id=None, bot_admin=True)
    assert [o.id for o in every] == [world.office_id, other.id]


async def test_grant_and_revoke_roles_by_an_admin(uow, world) -> None:
    common = {
        "office_id": world.office_id,
        "person_id": world.plh,
        "by": world.admin,
        "bot_admin": False,
    }
    assert await grant_member_role(uow, role_key="kepala", **common) is True
    assert await grant_member_role(uow, role_key="kepala", **common) is False
    found = await admin_roster(uow, office_id=world.office_id, by=world.admin, bot_admin=False)
    assert _roles(found, world.plh) == ("kepala",)
    assert await revoke_member_role(uow, role_key="kepala", **common) is True
    assert await revoke_member_role(uow, role_key="kepala", **common) is False
    assert _roles(await roster(uow, office_id=world.office_id), world.plh) == ()


async def test_non_admins_change_nothing(uow, world) -> None:
    common = {
        "office_id": world.office_id,
        "person_id": world.plh,
        "by": world.staf,
        "bot_admin": False,
    }
    with pytest.raises(NotAdminError):
        await grant_member_role(uow, role_key="kepala", **common)
    with pytest.raises(NotAdminError):
        await revoke_member_role(
            uow,
            office_id=world.office_id,
            person_id=world.kepala,
            role_key="kepala",
            by=world.staf,
            bot_admin=False,
        )
    with pytest.raises(NotAdminError):
        await set_member_admin(uow, is_admin=True, **common)
    with pytest.raises(NotAdminError):
        await admin_roster(uow, office_id=world.office_id, by=world.staf, bot_admin=False)
    found = await roster(uow, office_id=world.office_id)
    assert _roles(found, world.plh) == () and _roles(found, world.kepala) == ("kepala",)
    assert not next(m for m in found.members if m.person_id == world.plh).is_admin


async def test_roles_only_for_members_and_from_the_sops(uow, world) -> None:
    other = await open_office(uow, name="Bappeda", at=world.t0)
    with pytest.raises(NotMemberError):
        await grant_member_role(
            uow,
            office_id=other.id,
            person_id=world.plh,
            role_key="staf",
            by=world.admin,
            bot_admin=True,
        )
    with pytest.raises(UnknownRoleError):
        await grant_member_role(
            uow,
            office_id=world.office_id,
            person_id=world.plh,
            role_key="bendahara",
            by=world.admin,
            bot_admin=False,
        )


async def test_admin_rights_change_but_the_last_admin_stays(uow, world) -> None:
    common = {"office_id": world.office_id, "by": world.admin, "bot_admin": False}
    with pytest.raises(LastAdminError):
        await set_member_admin(uow, person_id=world.admin, is_admin=False, **common)
    assert await set_member_admin(uow, person_id=world.plh, is_admin=True, **common) is True
    assert await set_member_admin(uow, person_id=world.plh, is_admin=True, **common) is False
    # The new admin may now act, and the first admin may step down.
    assert await set_member_admin(
        uow,
        office_id=world.office_id,
        person_id=world.admin,
        is_admin=False,
        by=world.plh,
        bot_admin=False,
    )
    admins = [
        m.person_id for m in (await roster(uow, office_id=world.office_id)).members if m.is_admin
    ]
    assert admins == [world.plh]


async def test_remember_bot_username(uow, world) -> None:
    await remember_bot_username(uow, username="kantor_sop_bot", at=world.t0)
    assert await recall(uow, key=BOT_USERNAME) == "kantor_sop_bot"
