"""Runs and tasks survive a round trip; stale and duplicate writes are refused."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine import OutputRef, RunState, RunStatus, Task, TaskStatus
from bot.sop.waktu import parse_waktu
from bot.store import (
    ConcurrentUpdateError,
    OutputKind,
    OutputMeta,
    SqlUnitOfWork,
    UnitOfWorkStateError,
    make_engine,
)

WIB = ZoneInfo("Asia/Jakarta")


def _first_state(seeded, run_id: str = "run-0000001") -> RunState:
    task = Task(
        no=1,
        step=1,
        iteration=1,
        role="staf",
        assignee=str(seeded.alice),
        # Written in WIB on purpose: it must come back as the same instant, in UTC.
        assigned_at=datetime(2026, 1, 12, 8, 0, tzinfo=WIB),
        standard=parse_waktu("15 menit"),
        due_at=datetime(2026, 1, 12, 8, 15, tzinfo=WIB),
    )
    return RunState(
        run_id=run_id,
        sop_key="surat-masuk",
        started_at=datetime(2026, 1, 12, 8, 0, tzinfo=WIB),
        started_by=str(seeded.alice),
        tasks=(task,),
    )


async def _create(uow: SqlUnitOfWork, seeded, state: RunState) -> None:
    async with uow:
        await uow.runs.create(
            state=state, office_id=seeded.office_id, sop_version_id=seeded.sop_version_id
        )
        await uow.commit()


async def test_run_round_trip_keeps_tasks_times_and_standards(
    new_uow: Callable[[], SqlUnitOfWork], seeded
) -> None:
    state = _first_state(seeded)
    await _create(new_uow(), seeded, state)
    done_at = datetime(2026, 1, 12, 8, 40, tzinfo=WIB)
    async with new_uow() as uow:
        ctx = await uow.runs.get_state(state.run_id)
        assert ctx is not None
        output = await uow.runs.add_output(
            run_id=state.run_id,
            task_no=1,
            meta=OutputMeta(
                telegram_file_id="file-id",
                telegram_file_unique_id="uniq",
                file_name="disposisi.pdf",
                kind=OutputKind.DOCUMENT,
                size=2048,
                mime_type="application/pdf",
            ),
            by=seeded.alice,
            at=done_at,
        )
        ref = OutputRef(ref=str(output.id), name="disposisi.pdf")
        done = replace(
            ctx.state.tasks[0],
            status=TaskStatus.DONE,
            started_at=datetime(2026, 1, 12, 8, 5, tzinfo=WIB),
            completed_at=done_at,
            completed_by=str(seeded.bob),
            output=ref,
            lead_minutes=40,
            processing_minutes=35,
            late_minutes=25,
        )
        review = Task(
            no=2,
            step=2,
            iteration=1,
            role="kasubag",
            assignee=str(seeded.bob),
            assigned_at=done_at,
            standard=parse_waktu("1-2 hari"),
            due_at=done_at + timedelta(days=2),
            inputs=(ref,),
            approved=False,
            reason="Lampiran kurang",
        )
        await uow.runs.save_state(replace(ctx.state.with_task(done), tasks=(done, review)))
        await uow.commit()

    async with new_uow() as uow:
        loaded = await uow.runs.get_state(state.run_id)
    assert loaded is not None
    assert loaded.state.tasks == (done, review)
    assert loaded.state.started_at == state.started_at
    assert loaded.sop.key == "surat-masuk" and loaded.office.timezone == "Asia/Jakarta"
    instants = [loaded.state.started_at, loaded.state.tasks[0].completed_at]
    instants += [loaded.state.tasks[1].due_at, loaded.state.tasks[1].assigned_at]
    assert all(value is not None and value.tzinfo is UTC for value in instants)
    assert loaded.state.tasks[0].completed_at == datetime(2026, 1, 12, 1, 40, tzinfo=UTC)
    assert loaded.state.tasks[1].standard == parse_waktu("1-2 hari")
    assert loaded.state.tasks[1].inputs == (ref,)


async def test_open_tasks_of_a_person(new_uow: Callable[[], SqlUnitOfWork], seeded) -> None:
    await _create(new_uow(), seeded, _first_state(seeded))
    async with new_uow() as uow:
        mine = await uow.runs.open_tasks_of(seeded.alice)
        theirs = await uow.runs.open_tasks_of(seeded.bob)
    assert [(item.run_id, item.task.no) for item in mine] == [("run-0000001", 1)]
    assert mine[0].office_id == seeded.office_id and theirs == []


async def test_stale_version_write_raises_concurrent_update(
    database, new_uow: Callable[[], SqlUnitOfWork], seeded
) -> None:
    state = _first_state(seeded)
    await _create(new_uow(), seeded, state)
    # A reader that does not take SQLite's write lock up front, so the other writer
    # can commit between this read and this write. PostgreSQL refuses the write by the
    # run's version column; SQLite refuses it earlier, as a write on a stale snapshot.
    reader_engine = make_engine(
        database.url, search_path=database.search_path, sqlite_immediate=False
    )
    stale = SqlUnitOfWork.from_engine(reader_engine)
    try:
        with pytest.raises(ConcurrentUpdateError):
            async with stale:
                ctx = await stale.runs.get_state(state.run_id)
                assert ctx is not None
                async with new_uow() as winner:
                    fresh = await winner.runs.get_state(state.run_id)
                    assert fresh is not None
                    await winner.runs.save_state(replace(fresh.state, status=RunStatus.CANCELLED))
                    await winner.commit()
                await stale.runs.save_state(replace(ctx.state, status=RunStatus.FINISHED))
                await stale.commit()
    finally:
        await reader_engine.dispose()
    async with new_uow() as uow:
        after = await uow.runs.get_state(state.run_id)
    assert after is not None and after.state.status is RunStatus.CANCELLED


async def test_every_save_bumps_the_run_version(engine, new_uow, seeded) -> None:
    state = _first_state(seeded)
    await _create(new_uow(), seeded, state)
    for _ in range(2):  # an unchanged state too: the version check must run on every action
        async with new_uow() as uow:
            ctx = await uow.runs.get_state(state.run_id)
            assert ctx is not None
            await uow.runs.save_state(ctx.state)
            await uow.commit()
    async with engine.connect() as connection:
        found = await connection.exec_driver_sql("SELECT version FROM runs")
        assert found.scalar_one() == 3


async def test_save_without_load_is_refused(new_uow: Callable[[], SqlUnitOfWork], seeded) -> None:
    async with new_uow() as uow:
        with pytest.raises(UnitOfWorkStateError):
            await uow.runs.save_state(_first_state(seeded))


async def test_unique_violation_is_a_concurrent_update(
    new_uow: Callable[[], SqlUnitOfWork], seeded
) -> None:
    with pytest.raises(ConcurrentUpdateError):
        async with new_uow() as uow:
            await uow.people.add(display_name="Mallory", created_at=seeded.at, telegram_user_id=101)
            await uow.commit()
    async with new_uow() as uow:
        alice = await uow.people.by_telegram_id(101)
    assert alice is not None and alice.display_name == "Alice"


async def test_unit_of_work_is_not_entered_twice(uow: SqlUnitOfWork) -> None:
    async with uow:
        with pytest.raises(UnitOfWorkStateError):
            await uow.__aenter__()
    with pytest.raises(UnitOfWorkStateError):
        _ = uow.runs
