"""The figures every view uses: median, 90th percentile (nearest rank), shares."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[int]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None when empty."""
    return float(statistics.median(values)) if values else None


def p90(values: Sequence[int]) -> int | None:
    """The 90th percentile by nearest rank: the ceil(0.9 n)-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def share(hits: int, total: int) -> float | None:
    """hits / total, or None when there is nothing to divide."""
    return hits / total if total else None


def mean(values: Sequence[int]) -> float | None:
    """The arithmetic mean; None when empty."""
    return sum(values) / len(values) if values else None
