"""Working days (hari kerja): Monday to Friday, minus national holidays and cuti bersama.

Holidays come from the `holidays` package (Indonesia, public + government categories: national
holidays, election days, cuti bersama). Statutory deadlines (complaints, PPID, content service
times) count working days, so every app asks this module rather than counting weekdays.
"""

from __future__ import annotations

import datetime
import functools

import holidays

_WEEKEND = frozenset({5, 6})


@functools.lru_cache(maxsize=16)
def _national(year: int) -> dict[datetime.date, str]:
    calendar = holidays.country_holidays(
        "ID", categories=("public", "government"), language="id", years=year
    )
    return dict(calendar.items())


def holiday_name(day: datetime.date) -> str | None:
    """The holiday or cuti bersama on that day, or None."""
    return _national(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() not in _WEEKEND and holiday_name(day) is None


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (counting starts the day after)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
