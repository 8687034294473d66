"""An office's people are cached per process, yet a change made elsewhere is seen at once.

Two engines on one database stand for two bot processes: each has its own caches.
"""

from collections.abc import AsyncIterator

import pytest

from bot.engine.errors import NotAssigneeError
from bot.services import (
    OutputMeta,
    add_person,
    complete_task,
    grant_role,
    set_acting_official,
    start_run,
    start_task,
)
from bot.store import SqlUnitOfWork, make_engine, session_factory


@pytest.fixture
async def other_process(database) -> AsyncIterator[SqlUnitOfWork]:
    """A unit of work on an engine of its own, with caches of its own."""
    engine = make_engine(database.url, search_path=database.search_path)
    yield SqlUnitOfWork(session_factory(engine))
    await engine.dispose()


async def test_a_role_granted_by_another_process_is_used_by_the_next_action(
    uow, world, other_process
) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    # This process has now cached the office with two Kasubag.
    newcomer = (await add_person(other_process, display_name="kasubag3", at=world.t0)).id
    await grant_role(
        other_process, office_id=world.office_id, person_id=newcomer, role_key="kasubag",
        at=world.t0,
    )  # fmt: skip

    done = await complete_task(
        uow, run_id=run.state.run_id, task_no=1, by=world.staf, at=world.at(5),
        output=_file(),
    )  # fmt: skip

    reviewers = {int(task.assignee) for task in done.state.tasks if task.step == 2}
    assert reviewers == {world.kasubag1, world.kasubag2, newcomer}


async def test_an_acting_official_appointed_by_another_process_may_act_at_once(
    uow, world, other_process
) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    with pytest.raises(NotAssigneeError):
        await start_task(uow, run_id=run.state.run_id, task_no=1, by=world.plh, at=world.at(1))

    await set_acting_official(
        other_process, office_id=world.office_id, person_id=world.plh, for_person_id=world.staf,
        starts_at=world.t0, ends_at=None, by=world.admin, at=world.at(2),
    )  # fmt: skip

    started = await start_task(
        uow, run_id=run.state.run_id, task_no=1, by=world.plh, at=world.at(3)
    )
    assert started.state.task(1).started_at == world.at(3)


def _file() -> OutputMeta:
    return OutputMeta(telegram_file_id="f", telegram_file_unique_id="u", file_name="d.pdf")
