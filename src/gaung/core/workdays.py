"""Working days (hari kerja): Monday to Friday, minus national holidays and cuti bersama.

Holidays come from the `holidays` package (Indonesia, public + government categories: national
holidays, election days, cuti bersama), corrected by the admins' HolidayOverride rows (a
regional holiday, a cuti bersama changed mid-year, a listed holiday worked after all).
Statutory deadlines (complaints, PPID, content service times) count working days, so every app
asks this module rather than counting weekdays.

The overrides are read from the database on every call (one small query per year touched):
a cache would need invalidating across every web and worker process, and the table holds a
handful of rows a year.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

import holidays

_WEEKEND = frozenset({5, 6})


@functools.lru_cache(maxsize=16)
def _national(year: int) -> dict[datetime.date, str]:
    calendar = holidays.country_holidays(
        "ID", categories=("public", "government"), language="id", years=year
    )
    return dict(calendar.items())


def national_holidays(year: int) -> dict[datetime.date, str]:
    """The package's holidays and cuti bersama of a year, before any override."""
    return dict(sorted(_national(year).items()))


def _overrides(year: int) -> dict[datetime.date, tuple[str, bool]]:
    from gaung.core.models import HolidayOverride

    rows = HolidayOverride.objects.filter(date__year=year).values_list(
        "date", "name", "is_working_day"
    )
    return {day: (name, working) for day, name, working in rows}


@dataclass
class _Calendar:
    """The corrected calendar of the years one computation touches, read once each."""

    years: dict[int, tuple[dict, dict]] = field(default_factory=dict)

    def _year(self, year: int) -> tuple[dict, dict]:
        if year not in self.years:
            self.years[year] = (_national(year), _overrides(year))
        return self.years[year]

    def holiday_name(self, day: datetime.date) -> str | None:
        national, overrides = self._year(day.year)
        if day in overrides:
            name, working = overrides[day]
            return None if working else name
        return national.get(day)

    def is_working_day(self, day: datetime.date) -> bool:
        national, overrides = self._year(day.year)
        if day in overrides:
            return overrides[day][1]
        return day.weekday() not in _WEEKEND and day not in national


def holiday_name(day: datetime.date) -> str | None:
    """The holiday or cuti bersama on that day, or None."""
    return _Calendar().holiday_name(day)


def is_working_day(day: datetime.date) -> bool:
    return _Calendar().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (counting starts the day after)."""
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = _Calendar()
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    calendar = _Calendar()
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count
