"""Publishing creates a version only when the definition changes; runs keep theirs."""

import pytest

from bot.services import (
    InvalidRequestError,
    NotFoundError,
    current_sops,
    get_run,
    publish_sop,
    start_run,
)
from bot.sop.model import Sop


def _changed(sop: Sop, waktu: str) -> Sop:
    data = sop.to_data()
    data["langkah"][3]["waktu"] = waktu
    return Sop.model_validate(data)


async def test_same_definition_keeps_the_version(uow, world, sample_sop) -> None:
    again = await publish_sop(uow, office_id=world.office_id, sop=sample_sop, at=world.at(1))
    assert again.created is False and again.version.version == 1
    copy = Sop.model_validate(sample_sop.to_data())  # equal content, another object
    assert (
        await publish_sop(uow, office_id=world.office_id, sop=copy, at=world.at(2))
    ).version == again.version


async def test_changed_definition_is_a_new_version_and_running_runs_keep_theirs(
    uow, world, sample_sop
) -> None:
    old_run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    changed = await publish_sop(
        uow, office_id=world.office_id, sop=_changed(sample_sop, "45 menit"), at=world.at(1)
    )
    assert changed.created is True and changed.version.version == 2
    assert len(changed.version.sha256) == 64

    old = await get_run(uow, run_id=old_run.state.run_id)
    assert old.sop.step(4).standard.text == "30 menit"
    new_run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.at(2)
    )
    new = await get_run(uow, run_id=new_run.state.run_id)
    assert new.sop.step(4).standard.text == "45 menit"
    assert [v.version for v in await current_sops(uow, office_id=world.office_id)] == [2]


async def test_republishing_an_older_definition_makes_it_current_again(
    uow, world, sample_sop
) -> None:
    await publish_sop(
        uow, office_id=world.office_id, sop=_changed(sample_sop, "1 jam"), at=world.at(1)
    )
    back = await publish_sop(uow, office_id=world.office_id, sop=sample_sop, at=world.at(2))
    assert back.created is False and back.version.version == 1
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.at(3)
    )
    assert (await get_run(uow, run_id=run.state.run_id)).sop == sample_sop


async def test_publish_needs_a_key_and_an_office(uow, world, sample_sop) -> None:
    data = sample_sop.to_data()
    del data["kode"]
    with pytest.raises(InvalidRequestError):
        await publish_sop(uow, office_id=world.office_id, sop=Sop.model_validate(data), at=world.t0)
    with pytest.raises(NotFoundError):
        await publish_sop(uow, office_id=999_999, sop=sample_sop, at=world.t0)
