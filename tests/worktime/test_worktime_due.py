"""Due times: working minutes, working days and calendar standards (2026 dates).

Every expected instant below is worked out by hand from the office hours:
Mon–Thu 07:30–12:00, 13:00–16:00; Fri 07:30–11:30, 13:00–16:30; Ramadan
Mon–Thu 08:00–12:00, 12:30–15:00; Fri 08:00–11:30, 12:30–15:30.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.sop.waktu import Standard, StandardKind, parse_waktu
from bot.worktime import WorkCalendar
from tests.worktime.conftest import utc, wib

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")


def due(calendar: WorkCalendar, start: datetime, waktu: str | None) -> datetime | None:
    return calendar.due(start, parse_waktu(waktu))


# --- working minutes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "waktu", "expected"),
    [
        # Friday closes at 16:30: all 30 minutes fit.
        (wib(2026, 11, 20, 15, 50), "30 menit", wib(2026, 11, 20, 16, 20)),
        # Thursday closes at 16:00: 10 minutes Thursday, 20 Friday from 07:30.
        (wib(2026, 11, 19, 15, 50), "30 menit", wib(2026, 11, 20, 7, 50)),
        # Friday break 11:30–13:00: 30 before, 30 after.
        (wib(2026, 11, 20, 11), "60 menit", wib(2026, 11, 20, 13, 30)),
        # Mon–Thu break 12:00–13:00.
        (wib(2026, 11, 18, 11, 30), "60 menit", wib(2026, 11, 18, 13, 30)),
        (wib(2026, 11, 16, 11), "2 jam", wib(2026, 11, 16, 14)),
        (wib(2026, 11, 16, 8), "15 menit", wib(2026, 11, 16, 8, 15)),
        # Time running out at a close is due at that close, not the next opening.
        (wib(2026, 11, 16, 11), "1 jam", wib(2026, 11, 16, 12)),
        (wib(2026, 11, 19, 15), "1 jam", wib(2026, 11, 19, 16)),
        (wib(2026, 11, 20, 15), "90 menit", wib(2026, 11, 20, 16, 30)),
        (wib(2026, 11, 16, 7, 30), "7,5 jam", wib(2026, 11, 16, 16)),
        # Friday 16:00: 30 minutes Friday, 30 Monday.
        (wib(2026, 11, 20, 16), "1 jam", wib(2026, 11, 23, 8)),
        # 1000 minutes from Monday opening: 450 Mon, 450 Tue, 100 Wed.
        (wib(2026, 11, 16, 7, 30), "1000 menit", wib(2026, 11, 18, 9, 10)),
    ],
)
def test_working_minutes_due(cal, start, waktu, expected):
    assert due(cal, start, waktu) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (wib(2026, 11, 16, 18), wib(2026, 11, 17, 8)),  # evening
        (wib(2026, 11, 16, 6), wib(2026, 11, 16, 8)),  # before opening
        (wib(2026, 11, 16, 12, 30), wib(2026, 11, 16, 13, 30)),  # in the break
        (wib(2026, 11, 21, 10), wib(2026, 11, 23, 8)),  # Saturday
        (wib(2026, 11, 22, 23, 59), wib(2026, 11, 23, 8)),  # Sunday night
        (wib(2026, 8, 17, 9), wib(2026, 8, 18, 8)),  # Hari Kemerdekaan
        (wib(2026, 3, 20, 9), wib(2026, 3, 25, 8)),  # Idul Fitri block
    ],
)
def test_start_outside_working_time_counts_from_next_opening(cal, start, expected):
    assert due(cal, start, "30 menit") == expected


def test_minutes_across_idul_fitri_and_cuti_bersama(cal):
    # 10 minutes Tue 03-17; 03-18..03-24 are Nyepi, Idul Fitri and cuti bersama.
    assert due(cal, wib(2026, 3, 17, 15, 50), "30 menit") == wib(2026, 3, 25, 7, 50)


def test_minutes_across_christmas_and_new_year(cal):
    assert due(cal, wib(2026, 12, 23, 15, 50), "30 menit") == wib(2026, 12, 28, 7, 50)
    # 2027-01-01 (Friday) is Tahun Baru: the holidays of the next year are loaded too.
    assert due(cal, wib(2026, 12, 31, 15, 50), "30 menit") == wib(2027, 1, 4, 7, 50)


def test_minutes_with_office_holiday():
    office = WorkCalendar(extra_holidays={date(2026, 11, 17): "HUT Kabupaten"})
    assert due(office, wib(2026, 11, 16, 15, 50), "30 menit") == wib(2026, 11, 18, 7, 50)


def test_zero_minutes_is_the_next_working_instant(cal):
    assert cal.add_working_minutes(wib(2026, 11, 21, 10), 0) == wib(2026, 11, 23, 7, 30)
    assert cal.add_working_minutes(wib(2026, 11, 16, 10), 0) == wib(2026, 11, 16, 10)


def test_negative_minutes_rejected(cal):
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_minutes(wib(2026, 11, 16, 10), -1)
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_days(wib(2026, 11, 16, 10), -1)


def test_minutes_must_be_whole(cal):
    with pytest.raises(TypeError):
        cal.add_working_minutes(wib(2026, 11, 16, 10), 1.5)


@pytest.mark.parametrize("minutes", [1, 29, 30, 31, 60, 270, 450, 451, 899, 2250, 10_000])
@pytest.mark.parametrize(
    "start",
    [
        wib(2026, 11, 16, 7, 30),
        wib(2026, 11, 19, 15, 50),
        wib(2026, 11, 20, 11, 29),
        wib(2026, 11, 21, 10),
        wib(2026, 3, 17, 14, 59),
    ],
)
def test_added_minutes_measure_back(cal, start, minutes):
    end = cal.add_working_minutes(start, minutes)
    assert cal.working_minutes(start, end) == minutes
    # The due time is inside a period or exactly at its close, never at an opening.
    local = end.astimezone(WIB)
    closes = [close for _, close in cal.periods_on(local.date())]
    assert cal.is_working_time(end) or local in closes
    assert local not in [opening for opening, _ in cal.periods_on(local.date())]


# --- Ramadan --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "waktu", "expected"),
    [
        # 10:30–12:00 = 90, then 12:30 + 90.
        (wib(2026, 3, 2, 10, 30), "3 jam", wib(2026, 3, 2, 14)),
        # Ramadan Friday: 10:30–11:30 = 60, then 12:30 + 120.
        (wib(2026, 3, 6, 10, 30), "3 jam", wib(2026, 3, 6, 14, 30)),
        # Before the 08:00 Ramadan opening.
        (wib(2026, 3, 2, 7, 30), "30 menit", wib(2026, 3, 2, 8, 30)),
        # In the 12:00–12:30 break.
        (wib(2026, 3, 2, 12, 10), "30 menit", wib(2026, 3, 2, 13)),
        # 10 minutes until 15:00, then normal hours on 03-25 after Idul Fitri.
        (wib(2026, 3, 17, 14, 50), "30 menit", wib(2026, 3, 25, 7, 50)),
    ],
)
def test_ramadan_working_minutes(ramadan, start, waktu, expected):
    assert due(ramadan, start, waktu) == expected


def test_ramadan_hours_matter(cal, ramadan):
    # The same step on a normal-hours calendar: 10:30–12:00 = 90, 13:00 + 90.
    assert due(cal, wib(2026, 3, 2, 10, 30), "3 jam") == wib(2026, 3, 2, 14, 30)
    assert due(ramadan, wib(2026, 3, 2, 10, 30), "3 jam") == wib(2026, 3, 2, 14)


# --- working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "waktu", "expected"),
    [
        # Started at opening (p = 0): one whole day, due at that day's close.
        (wib(2026, 11, 16, 7, 30), "1 hari", wib(2026, 11, 16, 16)),
        (wib(2026, 11, 16, 7), "1 hari", wib(2026, 11, 16, 16)),
        (wib(2026, 11, 21, 10), "1 hari", wib(2026, 11, 23, 16)),  # Saturday
        (wib(2026, 11, 19, 17), "1 hari", wib(2026, 11, 20, 16, 30)),  # Thursday evening
        (wib(2026, 11, 20, 7), "2 hari", wib(2026, 11, 23, 16)),  # Fri + Mon
        (wib(2026, 8, 17, 8), "1 hari", wib(2026, 8, 18, 16)),  # holiday start
        # Mid-day: same elapsed working time on the N-th next working day.
        (wib(2026, 11, 16, 8), "1 hari", wib(2026, 11, 17, 8)),
        (wib(2026, 11, 16, 10), "2 hari", wib(2026, 11, 18, 10)),
        (wib(2026, 11, 16, 15, 59), "1 hari", wib(2026, 11, 17, 15, 59)),
        # 13:00 Monday is 270 minutes in; on Tuesday that is the 12:00 close.
        (wib(2026, 11, 16, 13), "1 hari", wib(2026, 11, 17, 12)),
        (wib(2026, 11, 16, 12, 30), "1 hari", wib(2026, 11, 17, 12)),
        # Friday 15:00 is 360 minutes in; Monday: 270 morning + 90 from 13:00.
        (wib(2026, 11, 20, 15), "1 hari", wib(2026, 11, 23, 14, 30)),
        # Thursday 15:30 is 420 minutes in; Friday: 240 morning + 180 from 13:00.
        (wib(2026, 11, 19, 15, 30), "1 hari", wib(2026, 11, 20, 16)),
        # 1 minggu = 5 working days.
        (wib(2026, 11, 16, 10), "1 minggu", wib(2026, 11, 23, 10)),
        (wib(2026, 11, 16, 10), "5 hari kerja", wib(2026, 11, 23, 10)),
        (wib(2026, 11, 16, 7, 30), "1 minggu", wib(2026, 11, 20, 16, 30)),
        # 2026-08-17 is skipped: 11, 12, 13, 14, 18.
        (wib(2026, 8, 10, 10), "1 minggu", wib(2026, 8, 18, 10)),
    ],
)
def test_working_days_due(cal, start, waktu, expected):
    assert due(cal, start, waktu) == expected


def test_days_across_idul_fitri(cal):
    # Working days after Tue 03-17: 03-18..03-24 off, then Wed 03-25, Thu 03-26.
    assert due(cal, wib(2026, 3, 17, 10), "2 hari") == wib(2026, 3, 26, 10)
    assert due(cal, wib(2026, 3, 17, 10), "1 hari") == wib(2026, 3, 25, 10)
    # From 03-16: 17, 25, 26, 27, 30.
    assert due(cal, wib(2026, 3, 16, 10), "1 minggu") == wib(2026, 3, 30, 10)
    # A "1 hari" step from 10:00 is exactly one working day of 450 minutes.
    assert cal.working_minutes(wib(2026, 3, 17, 10), wib(2026, 3, 25, 10)) == 450


def test_days_across_idul_fitri_from_ramadan(ramadan):
    # Ramadan Tue opens 08:00, so 10:00 is 120 minutes in; Thu 03-26 opens 07:30.
    assert due(ramadan, wib(2026, 3, 17, 10), "2 hari") == wib(2026, 3, 26, 9, 30)


def test_days_in_ramadan(ramadan):
    # Fri 14:00 is 210 + 90 = 300 minutes in; Ramadan Mon: 240 morning + 60 from 12:30.
    assert due(ramadan, wib(2026, 3, 13, 14), "1 hari") == wib(2026, 3, 16, 13, 30)
    assert due(ramadan, wib(2026, 3, 2, 8), "1 hari") == wib(2026, 3, 2, 15)
    assert due(ramadan, wib(2026, 3, 6, 7), "1 hari") == wib(2026, 3, 6, 15, 30)


def test_days_capped_at_a_shorter_day(ramadan):
    # Wed 02-18 15:30 is 420 minutes in; Ramadan Thu 02-19 has only 390: its close.
    assert due(ramadan, wib(2026, 2, 18, 15, 30), "1 hari") == wib(2026, 2, 19, 15)


def test_days_with_office_holiday():
    office = WorkCalendar(extra_holidays={date(2026, 11, 17): "HUT Kabupaten"})
    assert due(office, wib(2026, 11, 16, 10), "1 hari") == wib(2026, 11, 18, 10)


def test_zero_days_is_the_next_working_instant(cal):
    assert cal.add_working_days(wib(2026, 11, 21, 10), 0) == wib(2026, 11, 23, 7, 30)


# --- calendar standards, none and ranges --------------------------------------------


@pytest.mark.parametrize(
    ("start", "waktu", "expected"),
    [
        # The clock never stops: Friday afternoon to Saturday afternoon.
        (wib(2026, 11, 20, 15), "1 x 24 jam", wib(2026, 11, 21, 15)),
        (wib(2026, 11, 20, 15), "2 x 24 jam", wib(2026, 11, 22, 15)),
        (wib(2026, 11, 20, 15), "3 hari kalender", wib(2026, 11, 23, 15)),
        (wib(2026, 11, 21, 22, 15), "1x24 jam", wib(2026, 11, 22, 22, 15)),
        # Holidays do not stop it either.
        (wib(2026, 3, 19, 20), "1 x 24 jam", wib(2026, 3, 20, 20)),
    ],
)
def test_calendar_standards(cal, start, waktu, expected):
    assert due(cal, start, waktu) == expected


@pytest.mark.parametrize("waktu", [None, "", "-", "—"])
def test_no_standard_has_no_due_time(cal, waktu):
    assert due(cal, wib(2026, 11, 16, 10), waktu) is None


@pytest.mark.parametrize(
    ("waktu", "expected"),
    [
        ("15-30 menit", wib(2026, 11, 16, 10, 30)),
        ("1-2 jam", wib(2026, 11, 16, 12)),  # 10:00 + 120 ends at the 12:00 close
        ("1-2 hari", wib(2026, 11, 18, 10)),
        ("1 s.d. 3 hari", wib(2026, 11, 19, 10)),
        ("1-2 x 24 jam", wib(2026, 11, 18, 10)),
    ],
)
def test_ranges_use_the_upper_bound(cal, waktu, expected):
    assert due(cal, wib(2026, 11, 16, 10), waktu) == expected


def test_due_is_utc(cal):
    found = due(cal, wib(2026, 11, 20, 15, 50), "30 menit")
    assert found == utc(2026, 11, 20, 9, 20)
    assert found is not None
    assert found.tzinfo is UTC
    calendar_due = cal.due(wib(2026, 11, 20, 15), parse_waktu("1 x 24 jam"))
    assert calendar_due == utc(2026, 11, 21, 8)
    assert calendar_due.tzinfo is UTC


def test_due_rejects_naive_start_even_without_standard(cal):
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.due(datetime(2026, 11, 16, 10), parse_waktu("-"))
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.due(datetime(2026, 11, 16, 10), parse_waktu("30 menit"))


def test_due_accepts_a_standard_built_by_hand(cal):
    standard = Standard("45 menit", StandardKind.WORK_MINUTES, 45)
    assert cal.due(wib(2026, 11, 16, 11, 30), standard) == wib(2026, 11, 16, 13, 15)


# --- offices in other zones --------------------------------------------------------


def test_same_instant_in_wib_wita_wit():
    instant = utc(2026, 11, 16, 0, 15)  # 07:15 WIB, 08:15 WITA, 09:15 WIT
    jakarta = WorkCalendar(timezone="Asia/Jakarta")
    makassar = WorkCalendar(timezone="Asia/Makassar")
    jayapura = WorkCalendar(timezone="Asia/Jayapura")
    assert not jakarta.is_working_time(instant)
    assert makassar.is_working_time(instant)
    assert jayapura.is_working_time(instant)
    standard = parse_waktu("30 menit")
    assert jakarta.due(instant, standard) == utc(2026, 11, 16, 1)  # 08:00 WIB
    assert makassar.due(instant, standard) == utc(2026, 11, 16, 0, 45)  # 08:45 WITA
    assert jayapura.due(instant, standard) == utc(2026, 11, 16, 0, 45)  # 09:45 WIT


def test_late_afternoon_instant_in_three_zones():
    instant = utc(2026, 11, 16, 8, 45)  # 15:45 WIB, 16:45 WITA, 17:45 WIT
    standard = parse_waktu("30 menit")
    # 15 minutes Monday, 15 Tuesday from 07:30 WIB.
    assert WorkCalendar().due(instant, standard) == datetime(2026, 11, 17, 7, 45, tzinfo=WIB)
    # Closed already: Tuesday 07:30 + 30 local.
    assert WorkCalendar(timezone="WITA").due(instant, standard) == datetime(
        2026, 11, 17, 8, tzinfo=WITA
    )
    assert WorkCalendar(timezone="WIT").due(instant, standard) == utc(2026, 11, 16, 23)


def test_working_minutes_of_one_utc_span_per_zone():
    start, end = utc(2026, 11, 16, 0), utc(2026, 11, 16, 9)
    # Local 07:00–16:00 WIB, 08:00–17:00 WITA, 09:00–18:00 WIT.
    assert WorkCalendar().working_minutes(start, end) == 270 + 180
    assert WorkCalendar(timezone="WITA").working_minutes(start, end) == 240 + 180
    assert WorkCalendar(timezone="WIT").working_minutes(start, end) == 180 + 180


def test_wita_periods_are_local_wita():
    makassar = WorkCalendar(timezone="Asia/Makassar")
    opening, close = makassar.periods_on(date(2026, 11, 16))[0]
    assert opening == datetime(2026, 11, 16, 7, 30, tzinfo=WITA) == utc(2026, 11, 15, 23, 30)
    assert opening.tzinfo == WITA
    assert close == datetime(2026, 11, 16, 12, tzinfo=WITA)


def test_holiday_follows_the_local_date():
    instant = utc(2026, 8, 16, 16, 30)  # Sun 23:30 WIB, Mon 08-17 01:30 WIT
    assert WorkCalendar().next_working_instant(instant) == wib(2026, 8, 18, 7, 30)
    jayapura = WorkCalendar(timezone="WIT")
    assert jayapura.next_working_instant(instant) == datetime(2026, 8, 18, 7, 30, tzinfo=WIT)
    assert jayapura.next_working_instant(instant) == utc(2026, 8, 17, 22, 30)


def test_start_given_in_another_zone(cal):
    # 08:50 WITA is 07:50 WIB.
    start = datetime(2026, 11, 16, 8, 50, tzinfo=WITA)
    assert due(cal, start, "30 menit") == wib(2026, 11, 16, 8, 20)
