"""Mutations of the seed SOPs and the loader's contract, shared by the fuzz test and the bench.

`mutate` turns a seed file into hostile bytes: lines deleted, repeated, swapped or
re-indented; keys renamed; values replaced by YAML tags, anchors, aliases, merge
keys, deep nesting, huge numbers, impossible dates, odd Waktu; unicode and control
characters inserted; the result encoded as UTF-8, UTF-16, Latin-1 or worse, and
bytes flipped. Choices come from a `Chooser`, so that hypothesis (which shrinks)
and `random.Random` (the bench) drive the same code.

`check_contract` asserts what the loader promises for every input: a valid SOP
that plays to the end, or `SopValidationError` whose issues name the source, point
at a line of the file (or none) and print without a raw control character.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from bot.engine import RunStatus, Workflow
from bot.engine.simulation import simulate
from bot.sop.errors import SopValidationError
from bot.sop.escape import FORBIDDEN_CHARACTER
from bot.sop.loader import parse_sop_bytes
from bot.sop.model import Sop
from bot.worktime import WorkCalendar

REPO = Path(__file__).resolve().parents[3]
SEED_TEXTS = tuple(
    path.read_text(encoding="utf-8") for path in sorted((REPO / "sops").glob("*.yaml"))
)
SOURCE = "fuzz.yaml"
START = datetime(2026, 11, 20, 8, 50, tzinfo=UTC)  # a Friday afternoon in WIB
CALENDAR = WorkCalendar(timezone="Asia/Jakarta")


class Chooser(Protocol):
    """Where the mutations get their choices from."""

    def below(self, n: int) -> int:
        """Return a whole number from 0 to n - 1."""
        ...


T = TypeVar("T")


def pick(choose: Chooser, options: Sequence[T]) -> T:
    """One of ``options``."""
    return options[choose.below(len(options))]


KEYS = (
    "identitas", "nama", "nomor", "kode", "peran", "langkah", "uraian", "pelaksana", "waktu",
    "keputusan", "ya", "tidak", "pertanyaan", "output", "output_wajib", "kelengkapan",
    "masing_masing", "minimal_selesai", "waktu_kalender", "tanggal_pembuatan", "dasar_hukum",
    "keterangan", "<<", "? x", "~", "1", "Nama", "nama ", "",
)  # fmt: skip

VALUES = (
    "!!int x", "!!float x", "!!bool x", "!!omap", "!!set", "!x [1]", "!!str 5", "!", "!<tag:x>",
    "!!python/object/apply:os.system [ls]", "!!binary aGk=", "&a", "*a", "&a [*a]", "*b",
    "&a x", "<<: *a", "{<<: {a: 1}}", "[" * 40, "{" * 40, "[" * 300 + "]" * 300,
    "9" * 4301, "9" * 25, "-" + "9" * 19, "0x" + "f" * 50, "1_000_000_000_000_000_000_000",
    "1e400", "-1e400", ".inf", ".nan", "-1", "0", "1", "2", "99", "3.5",
    "2024-02-30", "0000-01-01", "2026-13-01", "2026-01-05", "2026-01-05T10:00:00+07:00",
    '"\\ud800"', '"\\e[2J"', '"\\U0011FFFF"', '"\\x00"', '"\\u202e"', '"\\x85"', "'a''b'",
    "'unterminated", '"unterminated', "|", ">-", "|+\n  teks", "~", "null", "true", "false",
    "yes", "no", "on", "ya", "tidak", "tolak", "selesai", "[]", "{}", "[1, 2]", "{a: b}",
    "- a", ": a", "? a", "a: b: c", "#", "%", "@x", "`x`", "'?'",
    "15 menit", "1.000 menit", "1,000 menit", "1,5 jam", "1,33 jam", "1 minggu kalender",
    "1-2 hari", "2 x 24 jam", "3000000 x 24 jam", "1500000 hari", "1951 jam", "366 hari kalender",
    "12345678901234567890123456789 menit", "1" + "0" * 2000 + " menit", "0 menit", "-5 jam",
    "2-1 hari", "1 s.d. 3 hari", "1 tahun", "-", "",
)  # fmt: skip

CHARACTERS = (
    "\x00", "\x07", "\x1b", "\t", "\r", "\x7f", "\x85", "\xa0", "\u2028", "\u202e", "\u200b",
    "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "é", "ß", "\u0301", "中", "😀", "\U0010ffff",
    ":", "-", "#", "&", "*", "!", "|", ">", "'", '"', "[", "]", "{", "}", ",", "?", "%", "@", "`",
    "\n", " ", "\\",
)  # fmt: skip


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _delete_line(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    del lines[choose.below(len(lines))]
    return "\n".join(lines)


def _repeat_line(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    index = choose.below(len(lines))
    lines[index:index] = [lines[index]] * (1 + choose.below(3))
    return "\n".join(lines)


def _swap_lines(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    a, b = choose.below(len(lines)), choose.below(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _reindent_line(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    index = choose.below(len(lines))
    line = lines[index]
    lines[index] = pick(choose, ("  " + line, line[2:], "\t" + line, " " + line, line.lstrip()))
    return "\n".join(lines)


def _value_lines(lines: list[str]) -> list[int]:
    return [n for n, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]


def _replace_value(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines) or [0]
    index = pick(choose, candidates)
    key, _sep, _value = lines[index].partition(":")
    lines[index] = f"{key}: {pick(choose, VALUES)}"
    return "\n".join(lines)


def _rename_key(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines) or [0]
    index = pick(choose, candidates)
    key, sep, value = lines[index].partition(":")
    indent = key[: len(key) - len(key.lstrip(" -"))]
    lines[index] = f"{indent}{pick(choose, KEYS)}{sep}{value}"
    return "\n".join(lines)


def _insert_text(text: str, choose: Chooser) -> str:
    at = choose.below(len(text) + 1)
    if choose.below(3) == 0:
        extra = pick(choose, CHARACTERS)
    elif choose.below(2) == 0:
        extra = chr(choose.below(0x110000))
    else:
        extra = pick(choose, VALUES)
    return text[:at] + extra + text[at:]


def _cut_text(text: str, choose: Chooser) -> str:
    at = choose.below(len(text) + 1)
    return text[:at] + text[at + 1 + choose.below(40) :]


def _prefix_document(text: str, choose: Chooser) -> str:
    head = pick(
        choose,
        ("%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%YAML 1.3\n---\n", "%TAG ! tag:x,2000:\n---\n",
         "---\n", "--- |\n", "base: &base {nama: x}\n", "...\n", "%FOO bar\n---\n", "\ufeff"),
    )  # fmt: skip
    return head + text


def _append_document(text: str, choose: Chooser) -> str:
    return text + pick(choose, ("\n---\na: 1\n", "\n...\n", "\n" + "- x\n" * 5, "\n: x\n"))


def _renumber(text: str, choose: Chooser) -> str:
    lines = _lines(text)
    candidates = [
        n for n, line in enumerate(lines) if line.strip().startswith(("- nomor:", "tidak:", "ya:"))
    ] or [0]
    index = pick(choose, candidates)
    key, _sep, _value = lines[index].partition(":")
    number = pick(choose, ("0", "-1", "1", "2", "3", "7", "15", "99", "1.5", "selesai", "tolak"))
    lines[index] = f"{key}: {number}"
    return "\n".join(lines)


TEXT_MUTATIONS: tuple[Callable[[str, Chooser], str], ...] = (
    _delete_line, _repeat_line, _swap_lines, _reindent_line, _replace_value, _replace_value,
    _rename_key, _insert_text, _insert_text, _cut_text, _prefix_document, _append_document,
    _renumber, _renumber,
)  # fmt: skip


def _encode(text: str, choose: Chooser) -> bytes:
    way = choose.below(12)
    if way == 0:
        return text.encode("utf-16", "surrogatepass")
    if way == 1:
        return text.encode("utf-16-le", "surrogatepass")
    if way == 2:
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if way == 3:
        return text.encode("latin-1", "replace")
    if way == 4:
        return text.encode("utf-32", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def _flip_bytes(data: bytes, choose: Chooser) -> bytes:
    if not data:
        return bytes([choose.below(256)])
    buffer = bytearray(data)
    for _ in range(1 + choose.below(4)):
        buffer[choose.below(len(buffer))] = choose.below(256)
    return bytes(buffer)


def mutate(choose: Chooser) -> bytes:
    """A seed SOP with a few random mutations, encoded, maybe with bytes flipped."""
    text = pick(choose, SEED_TEXTS)
    for _ in range(1 + choose.below(4)):
        text = pick(choose, TEXT_MUTATIONS)(text, choose)
    data = _encode(text, choose)
    if choose.below(5) == 0:
        data = _flip_bytes(data, choose)
    return data


def _line_limit(data: bytes) -> int:
    """An upper bound of the line numbers of ``data``, whatever its encoding."""
    breaks = data.count(b"\n") + data.count(b"\r") + data.count(b"\x85")
    return breaks + data.count("\u2028".encode()) + data.count("\u2029".encode()) + 2


def check_contract(data: bytes) -> Sop | None:
    """Assert the loader's contract for one input; return the SOP when it is valid."""
    try:
        sop = parse_sop_bytes(data, SOURCE)
    except SopValidationError as exc:
        assert exc.issues, "an error without issues"
        limit = _line_limit(data)
        for issue in exc.issues:
            assert issue.source == SOURCE, issue
            assert issue.line is None or 1 <= issue.line <= limit, (issue, limit)
            assert issue.message.strip(), issue
            shown = str(issue)
            assert "\n" not in shown and FORBIDDEN_CHARACTER.search(shown) is None, repr(shown)
        return None
    _assert_runs_to_the_end(sop)
    return sop


def _assert_runs_to_the_end(sop: Sop) -> None:
    """A valid SOP plays to its end, with every decision saying 'tidak' once."""
    holders = {role: [f"{role}-1", f"{role}-2"] for role in sop.roles}
    workflow = Workflow(sop=sop, calendar=CALENDAR, holders=holders)
    decisions = {step.number for step in sop.steps if step.decision is not None}
    result = simulate(workflow, start=START, send_back_steps=decisions)
    expected = {RunStatus.FINISHED, RunStatus.REJECTED}
    assert result.state.status in expected, result.state.status
    if not decisions:
        assert result.state.status is RunStatus.FINISHED
