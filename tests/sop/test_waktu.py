"""The Waktu parser reads every form the SOP documents use, and quotes what it cannot read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import use_locale
from bot.sop.waktu import NO_STANDARD, Standard, StandardKind, WaktuError, parse_waktu

MIN = StandardKind.WORK_MINUTES
DAYS = StandardKind.WORK_DAYS
CAL = StandardKind.CALENDAR_MINUTES
NONE = StandardKind.NONE
DAY = 24 * 60


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


@pytest.mark.parametrize(
    ("text", "kind", "amount", "lower"),
    [
        ("15 menit", MIN, 15, None),
        ("5jam", MIN, 300, None),
        ("3 Jam", MIN, 180, None),
        ("1jam", MIN, 60, None),
        ("1 hari", DAYS, 1, None),
        ("2 Hari", DAYS, 2, None),
        ("7 Hari", DAYS, 7, None),
        ("1,5 jam", MIN, 90, None),
        ("1.5 jam", MIN, 90, None),
        ("1 minggu", DAYS, 5, None),
        ("3 hari kerja", DAYS, 3, None),
        ("1 x 24 jam", CAL, DAY, None),
        ("2x24 jam", CAL, 2 * DAY, None),
        ("2 X 24 JAM", CAL, 2 * DAY, None),
        ("1-2 hari", DAYS, 2, 1),
        ("1 s.d. 2 hari", DAYS, 2, 1),
        ("1-2 jam", MIN, 120, 60),
        ("2 hari kalender", CAL, 2 * DAY, None),
        ("-", NONE, 0, None),
        ("", NONE, 0, None),
    ],
)
def test_readable_forms(text: str, kind: StandardKind, amount: int, lower: int | None) -> None:
    standard = parse_waktu(text)
    assert standard == Standard(text, kind, amount, lower)
    assert standard.is_range is (lower is not None)
    assert standard.is_none is (kind is NONE)


def test_the_text_is_kept_as_written_without_outer_spaces() -> None:
    assert parse_waktu("  7 Hari ").text == "7 Hari"


def test_none_is_no_standard() -> None:
    assert parse_waktu(None) == NO_STANDARD


def test_a_range_counts_its_upper_bound() -> None:
    standard = parse_waktu("1-2 hari")
    assert standard.is_range
    assert (standard.lower, standard.amount) == (1, 2)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1 hari", DAY), ("7 Hari", 7 * DAY), ("1-2 hari", 2 * DAY), ("15 menit", 15)],
)
def test_as_calendar_turns_days_into_24_hours(text: str, minutes: int) -> None:
    standard = parse_waktu(text).as_calendar()
    assert standard.amount == minutes
    assert standard.kind is (MIN if text.endswith("menit") else CAL)
    assert standard.text == text


@pytest.mark.parametrize("text", ["15 menit", "1-2 hari", "2x24 jam", "-"])
def test_dict_round_trip(text: str) -> None:
    standard = parse_waktu(text)
    assert Standard.from_dict(standard.to_dict()) == standard


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3 tahun", "unknown unit 'tahun'"),
        ("1,5 hari", "the number of days must be a whole number"),
        ("15", "write e.g. '15 menit'"),
        ("abc", "write e.g. '15 menit'"),
        ("2-1 hari", "a range must go up"),
        ("0 menit", "above zero"),
        ("30 menit kerja", "'kerja' applies only to days"),
        ("1,5 x 24 jam", "a multiple of 24 hours must be a whole number"),
    ],
)
def test_unreadable_text_is_quoted(text: str, reason: str) -> None:
    with pytest.raises(WaktuError) as raised:
        parse_waktu(text)
    assert raised.value.text == text
    assert f"'{text}'" in str(raised.value)
    assert reason in str(raised.value)


@pytest.mark.parametrize("number", [15, 1.5])
def test_a_bare_number_asks_for_the_unit(number: float) -> None:
    with pytest.raises(WaktuError, match="the unit is missing") as raised:
        parse_waktu(number)
    assert raised.value.text == str(number)


def test_a_boolean_is_not_a_time() -> None:
    with pytest.raises(WaktuError, match="not a time text"):
        parse_waktu(True)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2 hari  kalender", "2 hari\tkalender"])
def test_kalender_after_any_whitespace(text: str) -> None:
    assert parse_waktu(text).kind is CAL


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("1.000 menit", MIN, 1000),
        ("12.345 menit", MIN, 12345),
        ("1.500 jam", MIN, 90_000),
        ("1.5 jam", MIN, 90),
        ("1,5 jam", MIN, 90),
        ("1.000-1.200 menit", MIN, 1200),
    ],
)
def test_a_dot_between_groups_of_three_digits_separates_thousands(
    text: str, kind: StandardKind, amount: int
) -> None:
    standard = parse_waktu(text)
    assert (standard.kind, standard.amount) == (kind, amount)


@pytest.mark.parametrize("text", ["1,000 menit", "2,500 jam", "1-1,500 menit"])
def test_a_comma_before_three_digits_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(WaktuError, match="a comma before three digits is ambiguous"):
        parse_waktu(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 minggu kalender", 7 * DAY),
        ("2 pekan kalender", 14 * DAY),
        ("1-2 minggu kalender", 14 * DAY),
    ],
)
def test_a_calendar_week_is_seven_days(text: str, amount: int) -> None:
    standard = parse_waktu(text)
    assert (standard.kind, standard.amount) == (CAL, amount)


@pytest.mark.parametrize(("text", "amount"), [("1 minggu", 7 * DAY), ("2 hari", 2 * DAY)])
def test_an_sop_in_calendar_time_counts_a_week_as_seven_days(text: str, amount: int) -> None:
    standard = parse_waktu(text).as_calendar()
    assert (standard.kind, standard.amount, standard.text) == (CAL, amount, text)


def test_a_work_week_is_five_working_days() -> None:
    assert parse_waktu("1 minggu kerja") == Standard("1 minggu kerja", DAYS, 5)


@pytest.mark.parametrize(
    "text",
    ["0,1 menit", "1,33 jam", "1,0001 jam", "0,5 menit", "1.000,5 menit"],
)
def test_an_amount_that_is_not_whole_minutes_is_refused_not_rounded(text: str) -> None:
    with pytest.raises(WaktuError, match="the number of minutes must be a whole number"):
        parse_waktu(text)


def test_29_digits_are_refused_not_rounded() -> None:
    with pytest.raises(WaktuError, match="the number is far too large"):
        parse_waktu("12345678901234567890123456789 menit")


@pytest.mark.parametrize(
    ("longest", "too_long"),
    [
        ("1950 jam", "1951 jam"),
        ("117.000 menit", "117.001 menit"),
        ("260 hari", "261 hari"),
        ("52 minggu", "53 minggu"),
        ("366 hari kalender", "367 hari kalender"),
        ("366 x 24 jam", "367 x 24 jam"),
        ("52 minggu kalender", "53 minggu kalender"),
        ("1-260 hari", "1-261 hari"),
    ],
)
def test_a_standard_is_at_most_a_year(longest: str, too_long: str) -> None:
    assert parse_waktu(longest).amount > 0
    with pytest.raises(WaktuError, match="at most a year"):
        parse_waktu(too_long)


def test_a_year_of_working_days_in_calendar_time_stays_within_the_cap() -> None:
    assert parse_waktu("260 hari").as_calendar().amount == 260 * DAY


def test_a_huge_text_is_quoted_cut_short() -> None:
    with pytest.raises(WaktuError, match="far too long") as raised:
        parse_waktu("1" * 400_000 + " menit")
    assert len(raised.value.text) < 100
