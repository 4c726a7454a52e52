"""Working days in England and calendar-month arithmetic (domain.md section 2).

A working day is Monday to Friday and not an England and Wales bank holiday. Bank holidays come
from the pinned ``holidays`` package; a council's administrator can add closure days the package
does not know yet and remove days it lists wrongly.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays

__all__ = ["WorkingDayCalendar", "add_months", "default_calendar"]

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


def _is_weekday(d: date) -> bool:
    return d.weekday() < _SATURDAY


@cache
def _package_bank_holidays(year: int) -> frozenset[date]:
    """The package's weekday bank holidays for one year, built once per process.

    The package also lists Christmas Day and the like on the weekend alongside their weekday
    substitutes; only the weekday dates close the office.
    """
    # country_holidays("GB") is holidays.UnitedKingdom, through the package's typed public API.
    listed = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(d for d in listed if d.year == year and _is_weekday(d))


def _weekdays_to(ordinal: int) -> int:
    """Number of Mondays to Fridays from 1 Jan 0001 (a Monday) up to and including ``ordinal``."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


class WorkingDayCalendar:
    """Working days in England, with an administrator's extra and removed closure days.

    Immutable: build a new calendar when the administrator changes the lists. Bank holidays are
    worked out lazily per year and cached on the instance.
    """

    __slots__ = ("_added", "_by_year", "_extra_closures", "_removed_closures")

    def __init__(
        self, extra_closures: Iterable[date] = (), removed_closures: Iterable[date] = ()
    ) -> None:
        self._extra_closures = frozenset(extra_closures)
        self._removed_closures = frozenset(removed_closures)
        self._by_year: dict[int, frozenset[date]] = {}
        self._added: dict[tuple[date, int], date] = {}

    @property
    def extra_closures(self) -> frozenset[date]:
        return self._extra_closures

    @property
    def removed_closures(self) -> frozenset[date]:
        return self._removed_closures

    def __repr__(self) -> str:
        return (
            f"WorkingDayCalendar(extra_closures={sorted(self._extra_closures)!r}, "
            f"removed_closures={sorted(self._removed_closures)!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return (self._extra_closures, self._removed_closures) == (
            other._extra_closures,
            other._removed_closures,
        )

    def __hash__(self) -> int:
        return hash((self._extra_closures, self._removed_closures))

    def _closures(self, year: int) -> frozenset[date]:
        closures = self._by_year.get(year)
        if closures is None:
            extras = {d for d in self._extra_closures if d.year == year and _is_weekday(d)}
            closures = (_package_bank_holidays(year) | extras) - self._removed_closures
            self._by_year[year] = closures
        return closures

    def bank_holidays(self, year: int) -> set[date]:
        """Weekday closure days in ``year``: the package's, plus extras, less removals."""
        return set(self._closures(year))

    def is_working_day(self, d: date) -> bool:
        return _is_weekday(d) and d not in self._closures(d.year)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``th working day after ``d`` ("within n working days of d"; ``d`` is day 0).

        ``n == 0`` returns ``d`` itself, working day or not. A negative ``n`` gives the ``|n|``th
        working day before ``d`` ("at least |n| working days before d").
        """
        # Memoised: the calendar is immutable, and a timetable refresh asks the same few
        # questions (5 and 20 working days after each review date) tens of thousands of times.
        key = (d, n)
        found = self._added.get(key)
        if found is not None:
            return found
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        self._added[key] = current
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start.

        When ``end < start`` the count is of working days from ``end`` up to but not including
        ``start``, so ``add_working_days(start, working_days_between(start, end)) == end``
        whenever ``end`` is a working day.
        """
        if end < start:
            return -self._count(end, start - _ONE_DAY)
        return self._count(start + _ONE_DAY, end)

    def _count(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last`` inclusive (0 when last < first)."""
        if last < first:
            return 0
        weekdays = _weekdays_to(last.toordinal()) - _weekdays_to(first.toordinal() - 1)
        closed = sum(
            1
            for year in range(first.year, last.year + 1)
            for closure in self._closures(year)
            if first <= closure <= last
        )
        return weekdays - closed


def add_months(d: date, months: int) -> date:
    """``d`` plus calendar months, clamped to the month's end (31 Jan + 3 months = 30 Apr)."""
    years, month_index = divmod(d.month - 1 + months, 12)
    year = d.year + years
    month = month_index + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


@cache
def default_calendar() -> WorkingDayCalendar:
    """A shared calendar with no administrator changes (tests, scripts, sensible fallbacks)."""
    return WorkingDayCalendar()
