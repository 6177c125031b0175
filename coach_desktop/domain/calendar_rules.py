"""Business-day arithmetic for follow-up deadlines: US federal holidays plus a per-practice holiday calendar."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta
from functools import lru_cache

_MONDAY, _THURSDAY, _SATURDAY, _SUNDAY = 0, 3, 5, 6
_ONE_DAY = timedelta(days=1)
JUNETEENTH_FIRST_YEAR = 2021  # made a federal holiday in June 2021 (Pub. L. 117-17)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n=1 first); n=-1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    after = date(year + month // 12, month % 12 + 1, 1)  # first day of the next month
    last = after - _ONE_DAY
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def observed(day: date) -> date:
    """Federal rule for fixed-date holidays: Saturday is observed Friday, Sunday is observed Monday."""
    if day.weekday() == _SATURDAY:
        return day - _ONE_DAY
    if day.weekday() == _SUNDAY:
        return day + _ONE_DAY
    return day


def _fixed_dates(year: int) -> list[tuple[date, str]]:
    dates = [
        (date(year, 1, 1), "New Year's Day"),
        (date(year, 7, 4), "Independence Day"),
        (date(year, 11, 11), "Veterans Day"),
        (date(year, 12, 25), "Christmas Day"),
    ]
    if year >= JUNETEENTH_FIRST_YEAR:
        dates.append((date(year, 6, 19), "Juneteenth National Independence Day"))
    return dates


def _weekday_rules(year: int) -> list[tuple[date, str]]:
    return [
        (nth_weekday(year, 1, _MONDAY, 3), "Birthday of Martin Luther King, Jr."),
        (nth_weekday(year, 2, _MONDAY, 3), "Washington's Birthday"),
        (nth_weekday(year, 5, _MONDAY, -1), "Memorial Day"),
        (nth_weekday(year, 9, _MONDAY, 1), "Labor Day"),
        (nth_weekday(year, 10, _MONDAY, 2), "Columbus Day"),
        (nth_weekday(year, 11, _THURSDAY, 4), "Thanksgiving Day"),
    ]


@lru_cache(maxsize=256)
def _federal(year: int) -> tuple[tuple[date, str], ...]:
    days: list[tuple[date, str]] = []
    for actual, name in _fixed_dates(year):
        day = observed(actual)
        if day.year == year:  # a Saturday Jan 1 is observed on Dec 31 of the previous year
            days.append((day, name if day == actual else f"{name} (observed)"))
    if year < MAXYEAR and date(year + 1, 1, 1).weekday() == _SATURDAY:
        days.append((date(year, 12, 31), "New Year's Day (observed)"))
    days.extend(_weekday_rules(year))
    return tuple(sorted(days))


@lru_cache(maxsize=256)
def _federal_dates(year: int) -> frozenset[date]:
    return frozenset(day for day, _ in _federal(year))


def federal_holidays(year: int) -> dict[date, str]:
    """The days federal offices close in ``year`` (5 U.S.C. 6103 as amended in 2021), observed date → name.

    Includes Dec 31 when the next New Year's Day is a Saturday. Inauguration Day (D.C. area only) is not included.
    """
    return dict(_federal(year))


def thanksgiving(year: int) -> date:
    return nth_weekday(year, 11, _THURSDAY, 4)


@dataclass(frozen=True)
class HolidayCalendar:
    """A practice's closed days: federal holidays by default, plus or minus its own (REFERENCE §5.2).

    CMS says only "holidays", so each practice decides, e.g. whether it closes the Friday after Thanksgiving.
    Usable wherever a ``Container[date]`` of holidays is expected.
    """

    federal: bool = True
    friday_after_thanksgiving: bool = False
    extra_dates: frozenset[date] = frozenset()
    removed_dates: frozenset[date] = frozenset()

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or day in self.removed_dates:
            return False
        if day in self.extra_dates:
            return True
        if self.federal and day in _federal_dates(day.year):
            return True
        return self.friday_after_thanksgiving and day.month == 11 and day == thanksgiving(day.year) + _ONE_DAY

    def holidays_in(self, year: int) -> list[date]:
        """Every closed day of ``year`` in this calendar, sorted (for display and checks)."""
        candidates = set(_federal_dates(year)) | {d for d in self.extra_dates if d.year == year}
        candidates.add(thanksgiving(year) + _ONE_DAY)
        return sorted(day for day in candidates if day in self)


FEDERAL = HolidayCalendar()


def is_business_day(day: date, holidays: Container[date] = FEDERAL) -> bool:
    """Monday–Friday and not a holiday: the TCM definition, regardless of practice hours (REFERENCE §5.1)."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_business_days(start: date, n: int, holidays: Container[date] = FEDERAL) -> date:
    """The n-th business day after ``start`` (REFERENCE §5.2); ``start`` itself never counts, n=0 returns it."""
    if n < 0:
        raise ValueError("n must be zero or more")
    day, counted = start, 0
    while counted < n:
        day += _ONE_DAY
        if is_business_day(day, holidays):
            counted += 1
    return day
