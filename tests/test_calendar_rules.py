"""Federal holidays, practice calendars and the REFERENCE §5.2 business-day count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach_desktop.domain.calendar_rules import (
    FEDERAL,
    HolidayCalendar,
    add_business_days,
    federal_holidays,
    is_business_day,
    nth_weekday,
    observed,
)

# OPM's published observed dates.
OPM = {
    2025: [
        date(2025, 1, 1), date(2025, 1, 20), date(2025, 2, 17), date(2025, 5, 26), date(2025, 6, 19),
        date(2025, 7, 4), date(2025, 9, 1), date(2025, 10, 13), date(2025, 11, 11), date(2025, 11, 27),
        date(2025, 12, 25),
    ],
    2026: [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25), date(2026, 6, 19),
        date(2026, 7, 3), date(2026, 9, 7), date(2026, 10, 12), date(2026, 11, 11), date(2026, 11, 26),
        date(2026, 12, 25),
    ],
    2027: [
        date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 15), date(2027, 5, 31), date(2027, 6, 18),
        date(2027, 7, 5), date(2027, 9, 6), date(2027, 10, 11), date(2027, 11, 11), date(2027, 11, 25),
        date(2027, 12, 24), date(2027, 12, 31),
    ],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(OPM))
def test_federal_holidays_match_opm(year: int) -> None:
    assert sorted(federal_holidays(year)) == OPM[year]


def test_saturday_holiday_is_observed_on_friday_and_named_so() -> None:
    holidays = federal_holidays(2026)
    assert date(2026, 7, 4) not in holidays
    assert holidays[date(2026, 7, 3)] == "Independence Day (observed)"


def test_sunday_holiday_is_observed_on_monday() -> None:
    assert date(2027, 7, 5) in federal_holidays(2027)
    assert date(2027, 7, 4) not in FEDERAL


def test_saturday_new_year_is_observed_in_the_previous_year() -> None:
    assert federal_holidays(2027)[date(2027, 12, 31)] == "New Year's Day (observed)"
    assert not any(day.month == 1 and day.day == 1 for day in federal_holidays(2028))


def test_juneteenth_starts_in_2021() -> None:
    assert date(2021, 6, 18) in federal_holidays(2021)  # Saturday June 19 observed Friday
    assert not any(day.month == 6 for day in federal_holidays(2020))


def test_nth_weekday_including_last() -> None:
    assert nth_weekday(2026, 5, 0, -1) == date(2026, 5, 25)  # Memorial Day
    assert nth_weekday(2026, 11, 3, 4) == date(2026, 11, 26)  # Thanksgiving
    assert nth_weekday(2026, 12, 4, -1) == date(2026, 12, 25)


def test_observed_leaves_weekdays_alone() -> None:
    assert observed(date(2025, 12, 25)) == date(2025, 12, 25)
    assert observed(date(2027, 12, 25)) == date(2027, 12, 24)


def test_practice_calendar_adds_friday_after_thanksgiving() -> None:
    practice = HolidayCalendar(friday_after_thanksgiving=True)
    assert date(2026, 11, 27) in practice
    assert date(2026, 11, 27) not in FEDERAL
    assert date(2026, 11, 26) in practice  # still has the federal ones


def test_practice_calendar_extra_and_removed_dates() -> None:
    practice = HolidayCalendar(
        extra_dates=frozenset({date(2026, 12, 24)}), removed_dates=frozenset({date(2026, 10, 12)})
    )
    assert date(2026, 12, 24) in practice
    assert date(2026, 10, 12) not in practice  # this practice works Columbus Day
    assert practice.holidays_in(2026) == sorted({*OPM[2026], date(2026, 12, 24)} - {date(2026, 10, 12)})


def test_calendar_without_federal_holidays() -> None:
    assert date(2026, 1, 1) not in HolidayCalendar(federal=False)
    assert "2026-01-01" not in FEDERAL  # only dates are holidays


# REFERENCE §5.2: contact by the end of business day 2 after discharge.
@pytest.mark.parametrize(
    ("discharge", "deadline"),
    [
        (date(2026, 3, 2), date(2026, 3, 4)),  # Monday → Wednesday
        (date(2026, 3, 5), date(2026, 3, 9)),  # Thursday → Monday
        (date(2026, 3, 6), date(2026, 3, 10)),  # Friday → Tuesday
        (date(2026, 3, 7), date(2026, 3, 10)),  # Saturday → Tuesday
        (date(2026, 1, 16), date(2026, 1, 21)),  # Friday before MLK Day → Wednesday
        (date(2025, 12, 24), date(2025, 12, 29)),  # day before Christmas (Thu) → Fri, Mon
        (date(2025, 7, 3), date(2025, 7, 8)),  # day before July 4 (Fri) → Mon, Tue
        (date(2026, 7, 2), date(2026, 7, 7)),  # day before the observed July 3 → Mon, Tue
        (date(2025, 11, 26), date(2025, 12, 1)),  # day before Thanksgiving → Fri, Mon
        (date(2025, 12, 31), date(2026, 1, 5)),  # Dec 31 → Jan 1 holiday → Fri Jan 2, Mon Jan 5
        (date(2027, 12, 30), date(2028, 1, 4)),  # Dec 31 2027 is the observed New Year → Mon 3, Tue 4
    ],
)
def test_business_day_2_deadlines(discharge: date, deadline: date) -> None:
    assert add_business_days(discharge, 2) == deadline


def test_friday_after_thanksgiving_moves_the_deadline() -> None:
    practice = HolidayCalendar(friday_after_thanksgiving=True)
    assert add_business_days(date(2025, 11, 26), 2, FEDERAL) == date(2025, 12, 1)
    assert add_business_days(date(2025, 11, 26), 2, practice) == date(2025, 12, 2)


def test_plain_set_of_holidays_is_accepted() -> None:
    assert add_business_days(date(2026, 3, 2), 2, {date(2026, 3, 3)}) == date(2026, 3, 5)
    assert add_business_days(date(2026, 1, 1), 1, set()) == date(2026, 1, 2)  # no holidays at all: Jan 1 is Thu


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError, match="zero or more"):
        add_business_days(date(2026, 3, 7), -1)


def test_is_business_day() -> None:
    assert is_business_day(date(2026, 3, 6))
    assert not is_business_day(date(2026, 3, 7))
    assert not is_business_day(date(2026, 7, 3))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)), st.integers(min_value=1, max_value=15))
def test_add_business_days_counts_exactly_n_business_days(start: date, n: int) -> None:
    end = add_business_days(start, n)
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert is_business_day(end)
    assert sum(is_business_day(day) for day in days) == n
