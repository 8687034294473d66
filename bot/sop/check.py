"""Checks that need the whole SOP: step numbers, roles, decision targets, the flow graph.

Each check returns (location, message) pairs; the location is a path of YAML keys
and list indexes, which the loader turns into a line number.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.i18n import _
from bot.sop.hints import actor_hint
from bot.sop.model import END, REJECT, Sop, Step

Location = tuple[str | int, ...]
Finding = tuple[Location, str]

_END_NODE = 0  # step numbers start at 1, so 0 can stand for "the run ends"
_REJECT_NODE = -1  # the run ends as rejected: not a way to finish it


def check_sop(sop: Sop) -> list[Finding]:
    """Return every problem found in a parsed SOP (empty when it is valid)."""
    findings = [*_check_numbers(sop), *_check_actors(sop), *_check_decisions(sop)]
    if not findings:
        findings.extend(_check_flow(sop))
    if not findings:
        findings.extend(_check_approval_loops(sop))
    return findings


def _check_numbers(sop: Sop) -> Iterator[Finding]:
    seen: set[int] = set()
    for index, step in enumerate(sop.steps):
        loc: Location = ("langkah", index, "nomor")
        expected = index + 1
        if step.number in seen:
            yield loc, _("step number {number} is used twice").format(number=step.number)
        elif step.number != expected:
            yield (
                loc,
                _("step number {number} is out of order: expected {expected}").format(
                    number=step.number, expected=expected
                ),
            )
        seen.add(step.number)


def _check_actors(sop: Sop) -> Iterator[Finding]:
    for index, step in enumerate(sop.steps):
        loc: Location = ("langkah", index, "pelaksana")
        for position, actor in enumerate(step.actors):
            if actor not in sop.roles:
                message = _("actor '{role}' is not in the list of roles (peran)").format(role=actor)
                hint = actor_hint(actor, sop.roles)
                yield (*loc, position), message if hint is None else f"{message}; {hint}"
        if len(set(step.actors)) != len(step.actors):
            yield loc, _("an actor is listed twice")
        if step.required is not None and not step.each_holder and step.required > len(step.actors):
            yield (
                ("langkah", index, "minimal_selesai"),
                _("{required} must finish, but the step has only {count} actors").format(
                    required=step.required, count=len(step.actors)
                ),
            )


def _check_decisions(sop: Sop) -> Iterator[Finding]:
    numbers = {step.number for step in sop.steps}
    for index, step in enumerate(sop.steps):
        decision = step.decision
        if decision is None:
            continue
        loc: Location = ("langkah", index, "keputusan")
        if len(step.actors) > 1 or step.each_holder:
            yield loc, _("a decision must be taken by one actor")
        if isinstance(decision.yes, int) and decision.yes not in numbers:
            yield (
                (*loc, "ya"),
                _("decision target step {target} does not exist").format(target=decision.yes),
            )
        if isinstance(decision.no, int):
            if decision.no not in numbers:
                yield (
                    (*loc, "tidak"),
                    _("decision target step {target} does not exist").format(target=decision.no),
                )
            elif decision.no > step.number:
                yield (
                    (*loc, "tidak"),
                    _("'tidak' must send back to this or an earlier step, not {target}").format(
                        target=decision.no
                    ),
                )


def _targets(sop: Sop, step: Step) -> tuple[int, int | None]:
    """Where finishing (or 'ya') leads, and where 'tidak' leads (None: not a decision)."""
    following = sop.next_step(step.number)
    default = following.number if following else _END_NODE
    if step.decision is None:
        return default, None
    yes = step.decision.yes
    yes_node = default if yes is None else _END_NODE if yes == END else int(yes)
    no = step.decision.no
    return yes_node, _REJECT_NODE if no == REJECT else int(no)


def successors(sop: Sop, step: Step) -> set[int]:
    """Steps (or _END_NODE, for finishing or rejecting) that can follow ``step``."""
    yes, no = _targets(sop, step)
    if no is None:
        return {yes}
    return {yes, _END_NODE if no == _REJECT_NODE else no}


def _check_flow(sop: Sop) -> Iterator[Finding]:
    """Every step is reachable, and from each one the run can finish (not only be rejected)."""
    graph = {
        step.number: {node for node in _targets(sop, step) if node is not None}
        for step in sop.steps
    }
    reachable = _reach(graph, sop.steps[0].number)
    reverse: dict[int, set[int]] = {_END_NODE: set(), _REJECT_NODE: set()}
    for source, targets in graph.items():
        for target in targets:
            reverse.setdefault(target, set()).add(source)
    finishing = _reach(reverse, _END_NODE)
    rejecting = _reach(reverse, _REJECT_NODE)
    for index, step in enumerate(sop.steps):
        loc: Location = ("langkah", index, "nomor")
        if step.number not in reachable:
            yield loc, _("step {number} can never be reached").format(number=step.number)
        elif step.number in rejecting and step.number not in finishing:
            yield (
                loc,
                _("from step {number} the run can only be rejected, never finished").format(
                    number=step.number
                ),
            )
        elif step.number not in finishing:
            yield loc, _("from step {number} there is no way to the end").format(number=step.number)


def _check_approval_loops(sop: Sop) -> Iterator[Finding]:
    """A run where every decision says 'ya' must end: no loop made of 'ya' alone."""
    yes_of = {step.number: _targets(sop, step)[0] for step in sop.steps}
    settled: set[int] = set()
    for start in yes_of:
        path: list[int] = []
        node = start
        while node in yes_of and node not in settled and node not in path:
            path.append(node)
            node = yes_of[node]
        if node in path:
            yield _approval_loop(sop, path[path.index(node) :])
        settled.update(path)


def _approval_loop(sop: Sop, cycle: list[int]) -> Finding:
    """Name the loop at the decision whose 'ya' jumps back."""
    jumper = next(
        number
        for number in cycle
        if (decision := sop.step(number).decision) is not None
        and isinstance(decision.yes, int)
        and decision.yes <= number
    )
    index = sop.steps.index(sop.step(jumper))
    steps = " → ".join(str(number) for number in (*cycle, cycle[0]))
    message = _(
        "if every decision says 'ya', the run goes round steps {steps} for ever; "
        "let 'ya' of step {number} go on to a later step or to 'selesai'"
    ).format(steps=steps, number=jumper)
    return ("langkah", index, "keputusan", "ya"), message


def _reach(graph: dict[int, set[int]], start: int) -> set[int]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.get(stack.pop(), set()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
