"""The hint shown while staff type a request: how many pooled cars are free, else the nearest free slots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import zip_longest

from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.i18n import local, taipei_datetime
from scheduler.models import Trip, Vehicle
from scheduler.services.fleet.rules import (
    Slot,
    busy_trips,
    fit_vehicles,
    pooled_vehicles,
    static_problems,
    turnaround,
)
from scheduler.services.settings import get_setting

STEP = timedelta(minutes=15)
WORKING_DAYS_AHEAD = 5
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Availability:
    """Free pooled vehicles for the slot asked, and (when none) free slots nearby of the same length."""

    free: int
    suggestions: tuple[Slot, ...] = ()


def availability(
    session: Session, slot: Slot, exclude_trip_id: int | None = None, now: datetime | None = None
) -> Availability:
    """Count the free vehicles for `slot`; when none, suggest up to three free slots near it."""
    excluded = [exclude_trip_id] if exclude_trip_id is not None else []
    free = sum(1 for fit in fit_vehicles(session, slot, excluded) if fit.free)
    if free:
        return Availability(free)
    return Availability(0, tuple(nearest_free_slots(session, slot, excluded, now or utcnow())))


def _working_hours(session: Session) -> tuple[time, time]:
    return (
        time.fromisoformat(str(get_setting(session, "fleet.day_start"))),
        time.fromisoformat(str(get_setting(session, "fleet.day_end"))),
    )


def _next_working_days(day: date, count: int) -> list[date]:
    """The `count` working days (Monday to Friday) after `day`."""
    days: list[date] = []
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def _candidates(
    day: date, around: time, length: timedelta, hours: tuple[time, time], direction: int
) -> Iterator[datetime]:
    """Starts on `day` within working hours, stepping from `around` in `direction` (+1 / -1)."""
    first = taipei_datetime(day, hours[0])
    last = max(taipei_datetime(day, hours[1]) - length, first)
    moment = taipei_datetime(day, around) + direction * STEP
    # A request outside working hours still finds the nearest slots inside them.
    moment = max(moment, first) if direction > 0 else min(moment, last)
    while first <= moment <= last:
        yield moment
        moment += direction * STEP


def nearest_free_slots(
    session: Session, slot: Slot, exclude_trip_ids: list[int], now: datetime
) -> list[Slot]:
    """Later the same day, earlier the same day, then the next working days: the first free start of each."""
    length = slot.end - slot.start
    hours = _working_hours(session)
    start_local = local(slot.start)
    day, around = start_local.date(), start_local.time().replace(second=0, microsecond=0)
    later_days = _next_working_days(day, WORKING_DAYS_AHEAD)
    vehicles = pooled_vehicles(session)
    window_start = taipei_datetime(day, time.min) - length
    window_end = taipei_datetime(later_days[-1], time.max) + length
    busy = busy_trips(session, [v.id for v in vehicles], window_start, window_end, exclude_trip_ids)
    gap = turnaround(session)

    searches: list[Iterator[datetime]] = [
        _candidates(day, around, length, hours, +1),
        _candidates(day, around, length, hours, -1),
    ]
    for later in later_days:
        # The same time of day first, then outwards: nearest in the day counts as nearest.
        searches.append(_interleave(later, around, length, hours))
    found: list[Slot] = []
    for search in searches:
        for start in search:
            if start < now:
                continue
            candidate = Slot(start, start + length, slot.passengers, slot.needs)
            if _any_vehicle_free(vehicles, busy, candidate, gap):
                found.append(candidate)
                break
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def _interleave(
    day: date, around: time, length: timedelta, hours: tuple[time, time]
) -> Iterator[datetime]:
    """`around` itself on `day`, then alternately one step later and one step earlier."""
    first = taipei_datetime(day, hours[0])
    last = max(taipei_datetime(day, hours[1]) - length, first)
    exact = taipei_datetime(day, around)
    if first <= exact <= last:
        yield exact
    forward = _candidates(day, around, length, hours, +1)
    backward = _candidates(day, around, length, hours, -1)
    for pair in zip_longest(forward, backward):
        yield from (moment for moment in pair if moment is not None)


def _any_vehicle_free(
    vehicles: list[Vehicle], busy: list[Trip], slot: Slot, gap: timedelta
) -> bool:
    """In memory: some vehicle fits `slot` and no approved trip comes within the turnaround."""
    taken = {
        trip.vehicle_id
        for trip in busy
        if trip.start < slot.end + gap and trip.end > slot.start - gap
    }
    return any(v.id not in taken and not static_problems(v, slot) for v in vehicles)
