"""`show` and `simulate` at 80 and 200 columns: nothing too long, no word or header broken.

Words are checked against the same output at 1,000 columns, where nothing wraps: a
word broken across lines leaves fragments ("Pelaksan", "a") that the wide output
never has. Both layouts (table and stacked list) are in that vocabulary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import REPO, Invoke

SEEDS = sorted((REPO / "sops").glob("*.yaml"))
# Headers (and the labels of the stacked layout) that must appear as whole words.
SHOW_HEADERS = ("Uraian", "Prosedur", "Pelaksana", "Kelengkapan", "Waktu", "Output")
SIMULATE_HEADERS = {
    80: ("Langkah", "Ditugaskan", "Batas", "waktu", "Waktu", "kerja"),
    200: ("Langkah", "Putaran", "Pelaksana", "Ditugaskan", "Batas", "Selesai", "Hasil"),
}
# Box drawing, the marks, and punctuation that sits next to words.
_NOT_WORD = re.compile(r"[\u2500-\u257f│┃━]+")


def _words(output: str) -> set[str]:
    return {
        word.rstrip(":")
        for line in output.splitlines()
        for word in _NOT_WORD.sub(" ", line).split()
    }


def _vocabulary(invoke: Invoke, *args: str) -> set[str]:
    # 1,000 columns: the table layout with nothing wrapped; 60: the stacked one.
    wide = invoke(*args, COLUMNS="1000").output
    narrow_layout = invoke(*args, COLUMNS="60").output
    return _words(wide) | _words(narrow_layout)


def _check(output: str, width: int, vocabulary: set[str], headers: tuple[str, ...]) -> None:
    lines = output.splitlines()
    too_long = [line for line in lines if len(line) > width]
    assert not too_long, too_long[:3]
    broken = sorted(_words(output) - vocabulary)
    assert not broken, broken
    words = _words(output)
    for header in headers:
        assert header in words, header


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_show_fits_the_width_without_breaking_words(invoke: Invoke, seed: Path, width: int) -> None:
    result = invoke("show", str(seed), COLUMNS=str(width))
    assert result.exit_code == 0, result.output
    vocabulary = _vocabulary(invoke, "show", str(seed))
    _check(result.output, width, vocabulary, SHOW_HEADERS + (("No.",) if width == 200 else ()))


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_simulate_fits_the_width_without_breaking_words(
    invoke: Invoke, seed: Path, width: int
) -> None:
    args = ("simulate", str(seed), "--start", "2026-11-20 15:50")
    result = invoke(*args, COLUMNS=str(width))
    assert result.exit_code == 0, result.output
    _check(result.output, width, _vocabulary(invoke, *args), SIMULATE_HEADERS[width])
    # The date is said once per day, in a heading; the rows carry times.
    headings = [
        line for line in result.output.splitlines() if re.fullmatch(r"\w+, \d+ \w+ 2026", line)
    ]
    assert headings, result.output
    assert len(headings) == len(set(headings))
    assert "Jumat, 20 November 2026" in headings


def test_every_uraian_word_is_whole_at_80_columns(invoke: Invoke) -> None:
    seed = REPO / "sops" / "pengukuran-kinerja-bppd-anambas.yaml"
    output = invoke("show", str(seed), COLUMNS="80").output
    words = _words(output)
    for word in ("Memerintahkan", "Perbatasan", "masing-masing", "Kelengkapan", "Pelaksana"):
        assert word in words, word
