"""Compute the report views from run and task facts: pure, no database, no clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.reports.facts import (
    Period,
    PeriodFacts,
    RunFact,
    TaskFact,
    TaskMeasure,
    WorkingMinutes,
    standard_minutes,
)
from bot.reports.stats import mean, median, p90, share
from bot.reports.views import (
    ActorStat,
    LoopStat,
    RankedStep,
    RunLeadSummary,
    RunTimeline,
    SopReport,
    StepStat,
    TimelineRow,
)
from bot.sop.model import Sop, Step


def _activity(sop: Sop, number: int) -> str:
    """The step's Uraian, or '-' for a step the current version lacks."""
    try:
        return sop.step(number).activity
    except KeyError:  # a step of an older version of the SOP
        return "-"


def standard_sum(sop: Sop) -> int:
    """The sum of every step's standard in minutes (steps without one count nothing)."""
    return sum(standard_minutes(sop.standard_of(step)) or 0 for step in sop.steps)


def _values(
    measures: Iterable[TaskMeasure], value: Callable[[TaskMeasure], int | None]
) -> list[int]:
    """Each group's value repeated once per task of the group; groups without one left out."""
    values: list[int] = []
    for measure in measures:
        found = value(measure)
        if found is not None:
            values.extend([found] * measure.tasks)
    return values


def _late(measures: Iterable[TaskMeasure]) -> list[int]:
    """Minutes late of every measured task, one value per task."""
    return _values(measures, lambda m: m.late_minutes)


def _step_stat(sop: Sop, step: Step, measures: Sequence[TaskMeasure]) -> StepStat:
    """One step's figures over its done tasks."""
    actual = _values(measures, lambda m: m.actual_minutes)
    late = _late(measures)
    standard = sop.standard_of(step)
    return StepStat(
        step=step.number,
        activity=step.activity,
        roles=", ".join(sop.roles.get(role, role) for role in step.actors),
        standard=standard.text,
        standard_minutes=standard_minutes(standard),
        count=sum(m.tasks for m in measures),
        measured=len(late),
        median_minutes=median(actual),
        p90_minutes=p90(actual),
        on_time_share=share(late.count(0), len(late)),
        late_count=len(late) - late.count(0),
        mean_late_minutes=mean(late),
    )


def step_stats(sop: Sop, measures: Sequence[TaskMeasure]) -> tuple[StepStat, ...]:
    """Every step of the SOP, in table order, over the done tasks."""
    by_step: dict[int, list[TaskMeasure]] = defaultdict(list)
    for measure in measures:
        by_step[measure.step].append(measure)
    return tuple(_step_stat(sop, step, by_step.get(step.number, [])) for step in sop.steps)


def ranking(steps: Sequence[StepStat]) -> tuple[RankedStep, ...]:
    """Measured steps, the most delayed first (mean lateness, then how many were late)."""
    measured = [s for s in steps if s.mean_late_minutes is not None]
    ordered = sorted(measured, key=lambda s: (-(s.mean_late_minutes or 0), -s.late_count, s.step))
    return tuple(
        RankedStep(
            rank=index,
            step=s.step,
            activity=s.activity,
            mean_late_minutes=s.mean_late_minutes or 0.0,
            late_count=s.late_count,
            on_time_share=s.on_time_share,
        )
        for index, s in enumerate(ordered, start=1)
    )


def lead_summary(sop: Sop, runs: Sequence[RunFact], working: WorkingMinutes) -> RunLeadSummary:
    """Finished runs' working time from start to finish against the sum of standards."""
    total = standard_sum(sop)
    leads = [
        working(run.started_at, run.finished_at)
        for run in runs
        if run.status == "finished" and run.finished_at is not None
    ]
    counts: dict[str, int] = defaultdict(int)
    for run in runs:
        counts[run.status] += 1
    return RunLeadSummary(
        runs=len(runs),
        finished=counts["finished"],
        rejected=counts["rejected"],
        cancelled=counts["cancelled"],
        active=counts["active"],
        median_minutes=median(leads),
        p90_minutes=p90(leads),
        standard_minutes=total,
        within_standard_share=share(sum(1 for lead in leads if lead <= total), len(leads)),
    )


def actor_stats(
    measures: Sequence[TaskMeasure], key: Callable[[TaskMeasure], str], names: Mapping[str, str]
) -> tuple[ActorStat, ...]:
    """Tasks done, on-time share and median lateness per key (a person or a role)."""
    groups: dict[str, list[TaskMeasure]] = defaultdict(list)
    for measure in measures:
        groups[key(measure)].append(measure)
    stats = []
    for group_key, grouped in groups.items():
        late = _late(grouped)
        stats.append(
            ActorStat(
                key=group_key,
                name=names.get(group_key, group_key),
                tasks=sum(m.tasks for m in grouped),
                on_time_share=share(late.count(0), len(late)),
                median_late_minutes=median(late),
            )
        )
    return tuple(sorted(stats, key=lambda s: (s.name, s.key)))


def loop_stats(sop: Sop, facts: PeriodFacts) -> tuple[LoopStat, ...]:
    """Per decision step: decisions taken, how many said Tidak, in how many runs."""
    loops = []
    for step in sop.steps:
        if step.decision is None:
            continue
        decided = [m for m in facts.measures if m.step == step.number and m.approved is not None]
        decisions = sum(m.tasks for m in decided)
        back = sum(m.tasks for m in decided if m.approved is False)
        runs = {s.run_id for s in facts.send_backs if s.step == step.number}
        loops.append(
            LoopStat(
                step=step.number,
                question=step.decision.question,
                target=str(step.decision.no),
                decisions=decisions,
                sent_back=back,
                share=share(back, decisions),
                runs_with_send_back=len(runs),
            )
        )
    return tuple(loops)


def sop_report(
    *,
    sop: Sop,
    facts: PeriodFacts,
    people: Mapping[int, str],
    working: WorkingMinutes,
    period: Period,
) -> SopReport:
    """Every per-SOP view over the runs of one period."""
    measures = facts.measures
    steps = step_stats(sop, measures)
    person_names = {str(pid): name for pid, name in people.items()}
    return SopReport(
        sop_key=sop.key,
        sop_name=sop.identity.name,
        period=period,
        steps=steps,
        ranking=ranking(steps),
        lead=lead_summary(sop, facts.runs, working),
        people=actor_stats(measures, lambda m: str(m.assignee_id), person_names),
        roles=actor_stats(measures, lambda m: m.role, dict(sop.roles)),
        loops=loop_stats(sop, facts),
    )


def _send_backs(sop: Sop, tasks: Sequence[TaskFact]) -> int:
    """Decisions that said Tidak and sent the work back to a step (not rejections)."""
    count = 0
    for task in tasks:
        if task.approved is False:
            step = next((s for s in sop.steps if s.number == task.step), None)
            if step is not None and step.decision and isinstance(step.decision.no, int):
                count += 1
    return count


def _timeline_row(
    sop: Sop, run: RunFact, task: TaskFact, people: Mapping[int, str], working: WorkingMinutes
) -> TimelineRow:
    """One task as its run's timeline shows it."""
    return TimelineRow(
        no=task.no,
        step=task.step,
        iteration=task.iteration,
        activity=_activity(sop, task.step),
        role=sop.roles.get(task.role, task.role),
        person=people.get(task.assignee_id, str(task.assignee_id)),
        status=task.status,
        assigned_at=task.assigned_at,
        started_at=task.started_at,
        completed_at=task.completed_at,
        due_at=task.due_at,
        standard=task.standard.text,
        lead_minutes=task.lead_minutes,
        processing_minutes=task.processing_minutes,
        late_minutes=task.late_minutes,
        decision=task.approved,
        reason=task.reason,
        offset_start=working(run.started_at, task.assigned_at),
        offset_end=None
        if task.completed_at is None
        else working(run.started_at, task.completed_at),
    )


def run_timeline(
    *,
    sop: Sop,
    run: RunFact,
    tasks: Sequence[TaskFact],
    people: Mapping[int, str],
    working: WorkingMinutes,
) -> RunTimeline:
    """Every task of one run, with its measures and its place in the run's working time."""
    rows = tuple(_timeline_row(sop, run, task, people, working) for task in tasks)
    lead = None if run.finished_at is None else working(run.started_at, run.finished_at)
    return RunTimeline(
        run_id=run.id,
        sop_key=run.sop_key,
        sop_name=sop.identity.name,
        status=run.status,
        started_at=run.started_at,
        finished_at=run.finished_at,
        lead_minutes=lead,
        standard_minutes=standard_sum(sop),
        send_backs=_send_backs(sop, tasks),
        rows=rows,
    )
