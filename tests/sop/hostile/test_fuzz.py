"""Hypothesis mutates the four seed SOPs and checks the loader's contract on every result.

The contract (see `mutations.check_contract`): a valid SOP that plays to its end, or
clean issues at a line of the file, never a traceback. The run is bounded (a fixed
number of examples, no shrinking database) and, in CI, derandomized: the same inputs
on every run. `bench/fuzz_loader.py --seconds N` runs the same mutations for longer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import use_locale
from tests.sop.hostile.mutations import SEED_TEXTS, check_contract, mutate

IN_CI = os.environ.get("CI") == "true"
EXAMPLES = 100


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


class DrawChooser:
    """Choices drawn from hypothesis, so that a failing input shrinks."""

    def __init__(self, data: st.DataObject) -> None:
        self._data = data

    def below(self, n: int) -> int:
        """Return a whole number from 0 to n - 1."""
        return self._data.draw(st.integers(min_value=0, max_value=n - 1))


@settings(
    max_examples=EXAMPLES,
    derandomize=IN_CI,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutated_seeds_keep_the_loader_contract(data: st.DataObject) -> None:
    check_contract(mutate(DrawChooser(data)))


def test_the_seeds_themselves_are_valid_and_run() -> None:
    assert len(SEED_TEXTS) == 4
    for text in SEED_TEXTS:
        assert check_contract(text.encode("utf-8")) is not None


class FixedChooser:
    """Always the same answer: the first option of every choice."""

    def below(self, n: int) -> int:
        """Return 0."""
        return 0


def test_a_mutation_changes_the_seed() -> None:
    assert mutate(FixedChooser()) != SEED_TEXTS[0].encode("utf-8")
