"""Compare a draft SOP with a hand-written one, field by field."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.sop.model import Sop

_LISTS = (
    "legal_basis",
    "qualifications",
    "related",
    "equipment",
    "warnings",
    "records",
)
_IDENTITY = ("name", "number", "agency", "unit", "created", "revised", "approved_by")


@dataclass
class Comparison:
    """How many compared fields match, and which do not."""

    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    unmarked_actor_misses: list[int] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.matched / self.total

    def check(self, where: str, draft: object, expected: object) -> None:
        self.total += 1
        if draft == expected:
            self.matched += 1
        else:
            self.misses.append(f"{where}: {draft!r} != {expected!r}")


def _text(value: object) -> str:
    """Texts compared without case and spacing differences of the extraction."""
    return " ".join(str(value).split()).casefold()


def compare(draft: Sop, expected: Sop) -> Comparison:
    """Identity, the six lists, role names and every step's table fields."""
    result = Comparison()
    for name in _IDENTITY:
        result.check(name, getattr(draft.identity, name), getattr(expected.identity, name))
    # The hand-written files predate tanggal_pengesahan and put it in tanggal_efektif.
    result.check(
        "effective/approved",
        draft.identity.effective or draft.identity.approved,
        expected.identity.effective or expected.identity.approved,
    )
    for name in _LISTS:
        drafted, wanted = getattr(draft, name), getattr(expected, name)
        for index in range(max(len(drafted), len(wanted))):
            result.check(
                f"{name}[{index}]",
                _text(drafted[index]) if index < len(drafted) else None,
                _text(wanted[index]) if index < len(wanted) else None,
            )
    result.check("peran", list(draft.roles.values()), list(expected.roles.values()))
    result.check("steps", len(draft.steps), len(expected.steps))
    for mine, theirs in zip(draft.steps, expected.steps, strict=False):
        _compare_step(result, draft, expected, mine.number, theirs.number)
    return result


def _compare_step(result: Comparison, draft: Sop, expected: Sop, mine: int, theirs: int) -> None:
    a, b = draft.step(mine), expected.step(theirs)
    where = f"step {theirs}"
    result.check(f"{where} nomor", a.number, b.number)
    result.check(f"{where} uraian", _text(a.activity), _text(b.activity))
    result.check(f"{where} kelengkapan", _text(", ".join(a.inputs)), _text(", ".join(b.inputs)))
    result.check(
        f"{where} waktu", (a.standard.kind, a.standard.amount), (b.standard.kind, b.standard.amount)
    )
    result.check(f"{where} output", _text(a.output or ""), _text(b.output or ""))
    result.check(f"{where} keterangan", _text(a.note or ""), _text(b.note or ""))
    actors = [draft.roles[r] for r in a.actors]
    wanted = [expected.roles[r] for r in b.actors]
    result.total += 1
    if actors == wanted or "pelaksana" in a.review:
        result.matched += 1
    if actors != wanted and "pelaksana" not in a.review:
        result.misses.append(f"{where} pelaksana: {actors} != {wanted} (not marked)")
        result.unmarked_actor_misses.append(theirs)
