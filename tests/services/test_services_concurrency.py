"""Simultaneous button presses, each in its own session: nothing happens twice."""

import asyncio

from bot.engine.errors import TaskNotOpenError
from bot.services import ConflictError, OutputMeta, complete_task, start_run


def _file(name: str) -> OutputMeta:
    return OutputMeta(
        telegram_file_id=f"id-{name}", telegram_file_unique_id=f"u-{name}", file_name=name
    )


async def test_two_simultaneous_completions_of_one_task_complete_it_once(
    uow, new_uow, world, run_events
) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    run_id = run.state.run_id

    results = await asyncio.gather(
        *(
            complete_task(
                new_uow(),
                run_id=run_id,
                task_no=1,
                by=world.staf,
                at=world.at(9),
                output=_file(name),
            )
            for name in ("a.pdf", "b.pdf")
        ),
        return_exceptions=True,
    )

    winners = [result for result in results if not isinstance(result, BaseException)]
    losers = [result for result in results if isinstance(result, BaseException)]
    assert len(winners) == 1, results
    assert len(losers) == 1 and isinstance(losers[0], TaskNotOpenError | ConflictError), losers
    kinds = [event.kind for event in await run_events(run_id)]
    assert kinds.count("TaskCompleted") == 1
    assert kinds.count("TaskAssigned") == 3  # step 1, then one task per Kasubag
    stored = winners[0].state.task(1)
    assert stored.output is not None and stored.output.name in {"a.pdf", "b.pdf"}


async def test_parallel_tasks_completed_at_once_both_count_and_step_moves_on_once(
    uow, new_uow, world, run_events
) -> None:
    run = await start_run(
        uow, office_id=world.office_id, sop_key=world.sop_key, by=world.staf, at=world.t0
    )
    run_id = run.state.run_id
    done = await complete_task(
        uow, run_id=run_id, task_no=1, by=world.staf, at=world.at(5), output=_file("x.pdf")
    )
    reviews = [task for task in done.state.tasks if task.step == 2]

    await asyncio.gather(
        *(
            complete_task(
                new_uow(), run_id=run_id, task_no=task.no, by=int(task.assignee), at=world.at(30)
            )
            for task in reviews
        )
    )

    events = await run_events(run_id)
    assert [event.kind for event in events].count("TaskCompleted") == 3
    step3 = [
        event for event in events if event.kind == "TaskAssigned" and event.payload["step"] == 3
    ]
    assert len(step3) == 1 and step3[0].payload["assignee"] == str(world.kepala)
