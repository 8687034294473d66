"""The definitions the reports use: median, nearest-rank 90th percentile, shares."""

from bot.reports.stats import mean, median, p90, share


def test_median_of_odd_and_even_counts() -> None:
    assert median([30, 10, 20]) == 20
    assert median([10, 20, 30, 40]) == 25
    assert median([]) is None


def test_p90_is_the_nearest_rank() -> None:
    # ceil(0.9 n)-th smallest: n=10 -> 9th, n=11 -> 10th, n=2 -> 2nd, n=1 -> 1st.
    assert p90(list(range(1, 11))) == 9
    assert p90(list(range(1, 12))) == 10
    assert p90([5, 1]) == 5
    assert p90([7]) == 7
    assert p90([]) is None


def test_share_and_mean() -> None:
    assert share(3, 4) == 0.75
    assert share(0, 0) is None
    assert mean([1, 2]) == 1.5
    assert mean([]) is None
