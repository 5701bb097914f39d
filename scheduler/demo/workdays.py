"""Working days and local times for the demo: Mon-Fri minus Taiwan's national holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from scheduler.i18n import taipei_datetime

# Taiwan's 2021 days off (行政院人事行政總處): New Year, Lunar New Year 2/10-2/16, Peace Memorial Day
# (observed 3/1), Children's and Tomb-Sweeping Days (4/2, 4/5), Labour Day (observed 4/30),
# Dragon Boat Festival (6/14). 2021 is the year the report's figures come from.
HOLIDAYS_2021 = frozenset(
    [date(2021, 1, 1), date(2021, 3, 1), date(2021, 4, 2), date(2021, 4, 5), date(2021, 4, 30)]
    + [date(2021, 2, d) for d in range(10, 17)]
    + [date(2021, 6, 14)]
)
# Other years only get the fixed-date holidays; lunar ones move and the demo does not need them.
FIXED_HOLIDAYS = frozenset([(1, 1), (2, 28), (4, 4), (10, 10)])


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a national holiday."""
    if day.weekday() >= 5:
        return False
    if day.year == 2021:
        return day not in HOLIDAYS_2021
    return (day.month, day.day) not in FIXED_HOLIDAYS


def working_days(first: date, last: date) -> list[date]:
    """Every working day from `first` to `last`, both included."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if is_working_day(day)]


def next_working_days(after: date, count: int) -> list[date]:
    """The `count` working days following `after` (not including it)."""
    found: list[date] = []
    day = after
    while len(found) < count:
        day += timedelta(days=1)
        if is_working_day(day):
            found.append(day)
    return found


def previous_working_days(before: date, count: int) -> list[date]:
    """The `count` working days preceding `before`, oldest first."""
    found: list[date] = []
    day = before
    while len(found) < count:
        day -= timedelta(days=1)
        if is_working_day(day):
            found.append(day)
    return sorted(found)


def at(day: date, minutes: int) -> datetime:
    """The Taipei instant `minutes` after local midnight of `day`."""
    return taipei_datetime(day, time()) + timedelta(minutes=minutes)
