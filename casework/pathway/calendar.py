"""Statutory clocks: working days with England's (or Wales's) bank holidays, and
calendar periods kept separate, each with its counting convention stated.

Conventions, as the pathway names them:
- ``start_day_excluded`` (the default, and how Working Together's "within 15 working
  days" is usually read): the day the clock starts is day 0; day 1 is the next
  working day; the deadline is the Nth working day after it.
- ``start_day_included``: the start day is day 1 if it is a working day.
Calendar months add months and, where the day does not exist, fall back to the last
day of the month (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

REGIONS = {"england": "ENG", "wales": "WLS"}
CONVENTIONS = ("start_day_excluded", "start_day_included")


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[date]:
    if region not in REGIONS:
        raise ValueError(f"Unknown region {region!r}; choose {', '.join(REGIONS)}")
    return frozenset(holidays.country_holidays("GB", subdiv=REGIONS[region], years=year))


def is_working_day(day: date, region: str = "england") -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(region, day.year)


def add_working_days(
    start: date, days: int, *, region: str = "england", counting: str = "start_day_excluded"
) -> date:
    if counting not in CONVENTIONS:
        raise ValueError(
            f"Unknown counting convention {counting!r}; choose {', '.join(CONVENTIONS)}"
        )
    if days < 0:
        raise ValueError("A deadline cannot be a negative number of working days")
    if days == 0:
        return start
    current = start
    counted = 0
    if counting == "start_day_included" and is_working_day(start, region):
        counted = 1
        if counted == days:
            return start
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current, region):
            counted += 1
    return current


def working_days_between(start: date, end: date, *, region: str = "england") -> int:
    """Working days after ``start`` up to and including ``end`` (the census's inclusive end)."""
    if end <= start:
        return 0
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset), region)
    )


def add_calendar(start: date, *, months: int = 0, weeks: int = 0, days: int = 0) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(weeks=weeks, days=days)


def working_days_before(end: date, days: int, *, region: str = "england") -> date:
    """The working day ``days`` working days before ``end`` ("3 working days before the
    conference"): from a Monday deadline, 1 working day before is the Friday."""
    current, counted = end, 0
    while counted < days:
        current -= timedelta(days=1)
        if is_working_day(current, region):
            counted += 1
    return current
