"""Each input that once crashed, hung or fooled the loader, as a fixed case.

The files beside this module hold the text cases, each named for its cause (its
first line says what happened before). Byte-level cases (encodings, raw control
characters) and cases too big to keep in git are built here. Every case must end
as clean issues with the right line, never as a traceback.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import use_locale
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.escape import FORBIDDEN_CHARACTER
from bot.sop.files import MAX_LINES
from bot.sop.loader import MAX_ISSUES, load_sop, parse_sop, parse_sop_bytes
from bot.sop.model import MAX_STEPS
from bot.sop.yaml_text import MAX_EVENTS

HOSTILE = Path(__file__).resolve().parent

# file -> (line, fragment of the English message)
CASES: dict[str, tuple[int, str]] = {
    "date_february_30.yaml": (4, "'tanggal_pembuatan' must be a real date written as YYYY-MM-DD"),
    "date_year_zero.yaml": (4, "'tanggal_efektif' must be a real date"),
    "tag_int.yaml": (3, "YAML tags (!!int) are not allowed"),
    "tag_float.yaml": (3, "YAML tags (!!float) are not allowed"),
    "tag_bool.yaml": (11, "YAML tags (!!bool) are not allowed"),
    "tag_omap.yaml": (4, "YAML tags (!!omap) are not allowed"),
    "tag_set.yaml": (4, "YAML tags (!!set) are not allowed"),
    "tag_local.yaml": (7, "YAML tags (!x) are not allowed"),
    "tag_python.yaml": (3, "YAML tags (!!python/object/apply:os.system) are not allowed"),
    "yaml_1_3.yaml": (2, "only YAML 1.2 is read; remove the line '%YAML 1.3'"),
    "yaml_1_1.yaml": (2, "only YAML 1.2 is read; remove the line '%YAML 1.1'"),
    "merge_key_alias.yaml": (2, "anchors (&base) are not allowed"),
    "merge_key_inline.yaml": (3, "merge keys (<<) are not allowed"),
    "alias_recursive.yaml": (4, "anchors (&a) are not allowed"),
    "billion_laughs.yaml": (2, "anchors (&a) are not allowed"),
    "nesting_300.yaml": (4, "the file nests more than 16 levels deep"),
    "number_4301_digits.yaml": (8, "is longer than 20 characters"),
    "waktu_lone_surrogate.yaml": (11, "the control character \\ud800 is not allowed"),
    "terminal_escape.yaml": (3, "the control character \\x1b is not allowed"),
    "escape_beyond_unicode.yaml": (3, "the file is not valid YAML"),
    "decision_ya_itself_tidak_tolak.yaml": (
        8,
        "from step 1 the run can only be rejected, never finished",
    ),
    "decision_ya_loop.yaml": (10, "the run goes round steps 3 → 3 for ever"),
    "waktu_3000000_x_24_jam.yaml": (11, "at most a year (366 hari kalender)"),
    "waktu_1500000_hari.yaml": (11, "at most a year of working time (260 hari kerja)"),
    "waktu_1951_jam.yaml": (11, "at most a year of working time (1950 jam)"),
    "waktu_29_digits.yaml": (11, "the number is far too large"),
    "waktu_comma_thousands.yaml": (11, "a comma before three digits is ambiguous"),
    "waktu_fraction_of_a_minute.yaml": (11, "the number of minutes must be a whole number"),
    "uraian_too_long.yaml": (9, "'uraian' is longer than 1000 characters"),
}

VALID = """\
identitas:
  nama: Contoh
peran:
  kepala: Kepala Badan
  staf: Staf
langkah:
  - nomor: 1
    uraian: Menyusun konsep
    pelaksana: staf
    waktu: 1 jam
  - nomor: 2
    uraian: Memeriksa konsep
    pelaksana: kepala
    waktu: 30 menit
"""


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


def issues_of(call: object, *args: object) -> tuple[SopIssue, ...]:
    """The issues a loader call raises; fails the test when it loads or raises anything else."""
    with pytest.raises(SopValidationError) as raised:
        call(*args)  # type: ignore[operator]
    return raised.value.issues


def assert_printable(issues: tuple[SopIssue, ...]) -> None:
    for issue in issues:
        text = str(issue)
        assert "\n" not in text
        assert FORBIDDEN_CHARACTER.search(text) is None, repr(text)
        assert "\x1b" not in text


@pytest.mark.parametrize("name", sorted(CASES), ids=lambda name: name.removesuffix(".yaml"))
def test_hostile_file_gives_one_clean_issue_at_its_line(name: str) -> None:
    path = HOSTILE / name
    issues = issues_of(load_sop, path)
    line, fragment = CASES[name]
    shown = "\n".join(repr(issue) for issue in issues)
    assert [(issue.source, issue.line) for issue in issues] == [(str(path), line)], shown
    assert fragment in issues[0].message, shown
    assert_printable(issues)


def test_every_hostile_file_has_a_case() -> None:
    assert sorted(path.name for path in HOSTILE.glob("*.yaml")) == sorted(CASES)


def test_the_valid_base_loads() -> None:
    assert [step.number for step in parse_sop(VALID, "contoh.yaml").steps] == [1, 2]


def test_yaml_1_2_directive_is_accepted_and_keeps_no_a_word() -> None:
    text = "%YAML 1.2\n---\n" + VALID.replace(
        "    waktu: 1 jam\n", "    waktu: 1 jam\n    keterangan: no\n", 1
    )
    assert parse_sop(text, "contoh.yaml").steps[0].note == "no"


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x07", "\\x07"),
        ("\x00", "\\x00"),
        ("\x1b", "\\x1b"),
        ("\x85", "\\x85"),
        ("\ufffe", "\\ufffe"),
    ],
)
def test_a_raw_control_character_is_refused_at_its_line(char: str, code: str) -> None:
    text = VALID.replace("Menyusun konsep", f"Menyusun{char} konsep")
    issues = issues_of(parse_sop_bytes, text.encode("utf-8"), "kontrol.yaml")
    assert [(issue.line, issue.message) for issue in issues] == [
        (8, f"the control character {code} is not allowed in an SOP file")
    ]
    assert_printable(issues)


def test_a_lone_surrogate_given_as_text_is_refused() -> None:
    issues = issues_of(parse_sop, VALID.replace("30 menit", "\ud800"), "surrogate.yaml")
    assert [issue.line for issue in issues] == [14]
    assert_printable(issues)


@pytest.mark.parametrize(
    "encoded",
    [
        VALID.encode("utf-8"),
        codecs.BOM_UTF8 + VALID.encode("utf-8"),
        VALID.encode("utf-16"),  # with its byte order mark
        codecs.BOM_UTF16_BE + VALID.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom"],
)
def test_utf8_and_utf16_with_bom_load(encoded: bytes) -> None:
    sop = parse_sop_bytes(encoded, "contoh.yaml")
    assert (sop.key, sop.identity.name, len(sop.steps)) == ("contoh", "Contoh", 2)


@pytest.mark.parametrize(
    ("encoded", "line", "fragment"),
    [
        (VALID.encode("utf-16-le"), 1, "looks like UTF-16 without a byte order mark"),
        (VALID.encode("utf-16-be"), 1, "looks like UTF-16 without a byte order mark"),
        (VALID.encode("utf-32"), 1, "UTF-32"),
        (VALID.replace("Contoh", "Contôh").encode("latin-1"), 2, "not UTF-8 text (byte 0xF4"),
        (
            VALID.replace("Staf", "Staf \u201cTU\u201d").encode("cp1252"),
            5,
            "not UTF-8 text (byte 0x93",
        ),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", 1, "not valid UTF-16"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32", "latin-1", "windows-1252", "broken-utf-16"],
)
def test_other_encodings_are_refused_with_a_line(encoded: bytes, line: int, fragment: str) -> None:
    issues = issues_of(parse_sop_bytes, encoded, "kode.yaml")
    assert [issue.line for issue in issues] == [line]
    assert fragment in issues[0].message


def test_a_waktu_of_400000_digits_is_refused_as_too_long() -> None:
    text = VALID.replace("30 menit", "1" + "0" * 400_000 + " menit")
    issues = issues_of(parse_sop, text, "panjang.yaml")
    assert [(issue.line, issue.step) for issue in issues] == [(14, 2)]
    assert "far too long for a time standard" in issues[0].message
    assert len(issues[0].message) < 300  # the text is quoted cut short


def test_ten_thousand_steps_are_refused_by_size_before_parsing() -> None:
    steps = "".join(
        f"  - {{nomor: {n}, uraian: Langkah, pelaksana: staf, waktu: 1 jam}}\n"
        for n in range(1, 10_001)
    )
    text = VALID.split("langkah:")[0] + "langkah:\n" + steps
    issues = issues_of(parse_sop, text, "panjang.yaml")
    assert [issue.line for issue in issues] == [None]
    assert "the file is larger than 512 KB" in issues[0].message


def test_one_step_more_than_allowed_is_refused() -> None:
    steps = "".join(
        f"  - {{nomor: {n}, uraian: Langkah, pelaksana: staf, waktu: 1 jam}}\n"
        for n in range(1, MAX_STEPS + 2)
    )
    text = VALID.split("langkah:")[0] + "langkah:\n" + steps
    issues = issues_of(parse_sop, text, "panjang.yaml")
    assert [(issue.line, issue.field) for issue in issues] == [(6, "langkah")]
    assert f"'langkah' has more than {MAX_STEPS} entries" in issues[0].message


def test_the_longest_sop_allowed_loads() -> None:
    steps = "".join(
        f"  - {{nomor: {n}, uraian: Langkah, pelaksana: staf, waktu: 1 jam}}\n"
        for n in range(1, MAX_STEPS + 1)
    )
    text = VALID.split("langkah:")[0] + "langkah:\n" + steps
    assert len(parse_sop(text, "panjang.yaml").steps) == MAX_STEPS


def test_a_control_character_in_the_file_name_is_escaped_when_printed() -> None:
    issues = issues_of(parse_sop, "- a\n", "\x1b[2Jjahat.yaml")
    assert str(issues[0]).startswith("\\x1b[2Jjahat.yaml:1: ")
    assert_printable(issues)


def test_a_refusal_is_said_in_indonesian_too() -> None:
    with use_locale("id"):
        (issue,) = issues_of(load_sop, HOSTILE / "tag_int.yaml")
    assert issue.message == (
        "tag YAML (!!int) tidak diperbolehkan; tulis nilainya sebagai teks biasa"
    )


def test_a_file_of_too_many_values_is_refused_before_it_is_built() -> None:
    # 250,000 list items once took 49 s and gave 250,000 issues.
    text = VALID + "dasar_hukum: [" + "1, " * 150_000 + "1]\n"
    issues = issues_of(parse_sop, text, "banyak.yaml")
    assert [(issue.line, issue.message) for issue in issues] == [
        (15, f"the file has more than {MAX_EVENTS} values; an SOP file has far fewer")
    ]


def test_a_file_of_too_many_lines_is_refused_before_parsing() -> None:
    # 250,000 comment lines once took 8 s to read.
    issues = issues_of(parse_sop, VALID + "#\n" * MAX_LINES, "komentar.yaml")
    assert [(issue.line, issue.message) for issue in issues] == [
        (MAX_LINES + 1, f"the file has more than {MAX_LINES} lines; an SOP file has far fewer")
    ]


def test_a_file_of_as_many_lines_as_allowed_loads() -> None:
    text = VALID + "#\n" * (MAX_LINES - VALID.count("\n"))
    assert text.count("\n") == MAX_LINES
    assert parse_sop(text, "komentar.yaml").identity.name == "Contoh"


def test_at_most_fifty_issues_are_listed_then_how_many_more() -> None:
    steps = "".join(
        f"  - {{nomor: {n}, uraian: Langkah, pelaksana: bendahara, waktu: 1 jam}}\n"
        for n in range(1, 81)
    )
    text = VALID.split("langkah:")[0] + "langkah:\n" + steps
    issues = issues_of(parse_sop, text, "banyak.yaml")
    assert len(issues) == MAX_ISSUES + 1
    assert all("'bendahara' is not in the list of roles" in i.message for i in issues[:-1])
    assert (issues[-1].line, issues[-1].message) == (None, "and 30 more problems in this file")


@pytest.mark.parametrize(
    ("name", "step", "field"),
    [
        ("tag_bool.yaml", 1, "waktu"),
        ("number_4301_digits.yaml", 1, "nomor"),
        ("waktu_lone_surrogate.yaml", 1, "waktu"),
        ("tag_int.yaml", None, "nama"),
        ("tag_omap.yaml", None, "peran"),
        ("merge_key_inline.yaml", None, "identitas"),
    ],
)
def test_a_refused_value_names_its_step_and_field(name: str, step: int | None, field: str) -> None:
    (issue,) = issues_of(load_sop, HOSTILE / name)
    assert (issue.step, issue.field) == (step, field)


@pytest.mark.parametrize(
    ("old", "new", "line", "step", "field"),
    [
        ("    uraian: Memeriksa konsep", "    uraian: !!str x", 12, 2, "uraian"),
        (
            "    waktu: 30 menit",
            "    waktu: 30 menit\n    keputusan: {pertanyaan: Benar?, tidak: &a 1}",
            15,
            2,
            "tidak",
        ),
        (
            "    pelaksana: staf",
            "    pelaksana: [staf, {a: [b, *x]}]",
            9,
            1,
            "a",  # the innermost key: pelaksana -> 1 -> a -> 1
        ),
    ],
)
def test_a_refusal_deep_in_a_step_names_that_step(
    old: str, new: str, line: int, step: int, field: str
) -> None:
    (issue,) = issues_of(parse_sop, VALID.replace(old, new), "contoh.yaml")
    assert (issue.line, issue.step, issue.field) == (line, step, field)
    assert str(issue).startswith(f"contoh.yaml:{line} step {step}: ")
