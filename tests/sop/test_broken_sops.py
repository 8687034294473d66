"""Broken SOP files: every issue names the file, the line, the step and what is wrong.

Each case is a real file under ``broken/`` named for its defect. The table gives the
issue the loader must report: line, step (None outside the steps), field and a
stable fragment of the English message, and how many issues the file yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.i18n import use_locale
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.loader import load_sop, load_sops, parse_sop

BROKEN = Path(__file__).resolve().parent / "broken"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


@dataclass(frozen=True)
class Expected:
    line: int | None
    step: int | None
    field: str | None
    fragment: str
    count: int = 1

    def matches(self, issue: SopIssue) -> bool:
        return (issue.line, issue.step, issue.field) == (
            self.line,
            self.step,
            self.field,
        ) and self.fragment in issue.message


CASES: dict[str, Expected] = {
    # roles
    "unknown_role.yaml": Expected(14, 2, "pelaksana", "'bendahara' is not in the list of roles"),
    "unknown_role_in_list.yaml": Expected(10, 1, "pelaksana", "'kabid' is not in the list"),
    "bad_actor_key.yaml": Expected(14, 2, "pelaksana", "use the key 'kepala' for 'Kepala Badan'"),
    "bad_role_key_uppercase.yaml": Expected(6, None, "Staf", "must be a short lowercase key"),
    "bad_role_key_space.yaml": Expected(6, None, "kepala badan", "must be a short lowercase key"),
    "empty_peran.yaml": Expected(4, None, "peran", "'peran' must not be empty"),
    # step numbers
    "duplicate_step_number.yaml": Expected(16, 2, "nomor", "step number 2 is used twice"),
    "step_number_gap.yaml": Expected(16, 4, "nomor", "step number 4 is out of order: expected 3"),
    # decisions
    "decision_ya_missing_target.yaml": Expected(18, 2, "ya", "step 9 does not exist"),
    "decision_tidak_missing_target.yaml": Expected(18, 2, "tidak", "step 7 does not exist"),
    "decision_tidak_forward.yaml": Expected(
        18, 2, "tidak", "'tidak' must send back to this or an earlier step, not 3"
    ),
    "decision_tidak_word.yaml": Expected(
        18, 2, "tidak", "'tidak' must be a step number (this or an earlier step) or 'tolak'"
    ),
    "decision_two_actors.yaml": Expected(17, 2, "keputusan", "must be taken by one actor"),
    "decision_each_holder.yaml": Expected(17, 2, "keputusan", "must be taken by one actor"),
    # flow
    "unreachable_step.yaml": Expected(16, 2, "nomor", "step 2 can never be reached"),
    "no_way_to_end.yaml": Expected(16, 3, "nomor", "from step 3 there is no way to the end", 3),
    # parallel steps
    "minimal_selesai_too_large.yaml": Expected(
        12, 1, "minimal_selesai", "3 must finish, but the step has only 2 actors"
    ),
    "minimal_selesai_zero.yaml": Expected(
        12, 1, "minimal_selesai", "'minimal_selesai' must be at least 1"
    ),
    # waktu
    "waktu_unreadable.yaml": Expected(11, 1, "waktu", "'3 tahun' cannot be read"),
    "waktu_bare_number.yaml": Expected(15, 2, "waktu", "'15' cannot be read: the unit is missing"),
    "missing_waktu.yaml": Expected(12, 2, "waktu", "required field 'waktu' is missing"),
    "single_step_error.yaml": Expected(10, 1, "waktu", "'sebentar' cannot be read"),
    # fields
    "empty_uraian.yaml": Expected(13, 2, "uraian", "'uraian' must not be empty"),
    "uraian_null.yaml": Expected(13, 2, "uraian", "'uraian' must not be empty"),
    "missing_nama.yaml": Expected(2, None, "nama", "required field 'nama' is missing"),
    "missing_identitas.yaml": Expected(1, None, "identitas", "required field 'identitas'"),
    "identitas_nomor_number.yaml": Expected(3, None, "nomor", "write it in quotes"),
    "unknown_field_typo.yaml": Expected(14, 2, "pelaksanaa", "unknown field 'pelaksanaa'", 2),
    "output_wajib_mungkin.yaml": Expected(
        13, 1, "output_wajib", "write 'ya' or 'tidak', not 'mungkin'"
    ),
    # the file as a whole
    "yaml_syntax_error.yaml": Expected(11, None, None, "not valid YAML: expected ',' or ']'"),
    "duplicate_yaml_key.yaml": Expected(12, None, None, 'found duplicate key "waktu"'),
    "top_level_list.yaml": Expected(1, None, None, "must be a mapping of SOP AP fields"),
    "empty_file.yaml": Expected(1, None, None, "must be a mapping of SOP AP fields"),
}


def _cases() -> Iterator[object]:
    for name, expected in CASES.items():
        yield pytest.param(name, expected, id=name.removesuffix(".yaml"))


def _issues(path: Path) -> tuple[SopIssue, ...]:
    with pytest.raises(SopValidationError) as raised:
        load_sop(path)
    return raised.value.issues


@pytest.mark.parametrize(("name", "expected"), list(_cases()))
def test_broken_sop(name: str, expected: Expected) -> None:
    path = BROKEN / name
    issues = _issues(path)
    shown = "\n".join(repr(issue) for issue in issues)
    assert all(issue.source == str(path) for issue in issues), shown
    assert any(expected.matches(issue) for issue in issues), shown
    assert len(issues) == expected.count, shown


def test_every_broken_file_has_a_case() -> None:
    assert sorted(path.name for path in BROKEN.glob("*.yaml")) == sorted(CASES)


def test_there_are_at_least_20_cases() -> None:
    assert len(CASES) >= 20


def test_issue_text_is_file_line_step_message() -> None:
    path = BROKEN / "unknown_role.yaml"
    [issue] = _issues(path)
    assert str(issue) == (
        f"{path}:14 step 2: actor 'bendahara' is not in the list of roles (peran)"
    )


def test_issue_text_outside_the_steps_has_no_step() -> None:
    path = BROKEN / "missing_nama.yaml"
    [issue] = _issues(path)
    assert str(issue) == f"{path}:2: required field 'nama' is missing"


def test_a_loop_reports_every_step_that_cannot_finish() -> None:
    issues = _issues(BROKEN / "no_way_to_end.yaml")
    assert [(issue.line, issue.step) for issue in issues] == [(8, 1), (12, 2), (16, 3)]


def test_a_typo_reports_both_the_unknown_and_the_missing_field() -> None:
    issues = _issues(BROKEN / "unknown_field_typo.yaml")
    assert {(issue.field, issue.line) for issue in issues} == {
        ("pelaksanaa", 14),
        ("pelaksana", 12),  # the step's first line: the field is not there
    }


def test_load_sops_reports_every_broken_file_and_loads_none() -> None:
    sops, issues = load_sops([BROKEN])
    assert sops == []
    assert {Path(issue.source).name for issue in issues} == set(CASES)


def test_a_fixed_file_loads() -> None:
    text = (BROKEN / "unknown_role.yaml").read_text(encoding="utf-8")
    sop = parse_sop(text.replace("bendahara", "kepala"), "fixed.yaml")
    assert [step.actors for step in sop.steps] == [("staf",), ("kepala",)]
