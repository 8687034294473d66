"""Invites keep only a hash of their token and work once."""

import asyncio
import hashlib
from datetime import timedelta

import pytest

from bot.services import (
    InvalidInviteError,
    NotAdminError,
    accept_invite,
    add_person,
    create_invite,
    hash_token,
)


async def test_invite_stores_only_the_hash_and_is_single_use(uow, world) -> None:
    created = await create_invite(
        uow, office_id=world.office_id, by=world.admin, at=world.t0, role_key="kasubag"
    )
    token = created.token
    assert 20 <= len(token) <= 64
    async with uow:
        assert await uow.invites.by_hash(token) is None  # the token itself is nowhere
        stored = await uow.invites.by_hash(hashlib.sha256(token.encode()).hexdigest())
    assert stored is not None and stored.id == created.invite.id and hash_token(token) != token

    newcomer = await add_person(uow, display_name="Newcomer", at=world.t0, telegram_user_id=555)
    member = await accept_invite(uow, token=token, person_id=newcomer.id, at=world.at(1))
    assert member.office_id == world.office_id and not member.is_admin
    async with uow:
        holders = await uow.memberships.role_holders(world.office_id)
    assert holders["kasubag"][-1] == newcomer.id

    with pytest.raises(InvalidInviteError) as used:
        await accept_invite(uow, token=token, person_id=world.stranger, at=world.at(2))
    assert used.value.reason == InvalidInviteError.USED


async def test_expired_unknown_and_non_admin_invites(uow, world) -> None:
    created = await create_invite(
        uow,
        office_id=world.office_id,
        by=world.admin,
        at=world.t0,
        is_admin=True,
        ttl=timedelta(hours=1),
    )
    with pytest.raises(InvalidInviteError) as expired:
        await accept_invite(uow, token=created.token, person_id=world.stranger, at=world.at(61))
    assert expired.value.reason == InvalidInviteError.EXPIRED
    with pytest.raises(InvalidInviteError) as unknown:
        await accept_invite(uow, token="not-a-token", person_id=world.stranger, at=world.t0)
    assert unknown.value.reason == InvalidInviteError.UNKNOWN
    with pytest.raises(NotAdminError):
        await create_invite(uow, office_id=world.office_id, by=world.staf, at=world.t0)


async def test_two_people_racing_for_one_invite_one_wins(uow, new_uow, world) -> None:
    created = await create_invite(
        uow, office_id=world.office_id, by=world.admin, at=world.t0, is_admin=True
    )
    a = await add_person(uow, display_name="A", at=world.t0)
    b = await add_person(uow, display_name="B", at=world.t0)
    results = await asyncio.gather(
        *(
            accept_invite(new_uow(), token=created.token, person_id=p.id, at=world.at(1))
            for p in (a, b)
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(result, BaseException) for result in results) == 1, results
    assert any(isinstance(result, InvalidInviteError) for result in results)
