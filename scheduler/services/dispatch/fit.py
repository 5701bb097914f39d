"""Which vehicle can take a trip of a draft: the static rules, the draft's own plan and approved trips."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.i18n import local
from scheduler.models import OptimizationRun, PlanItem, Trip, Vehicle
from scheduler.services.dispatch.problem import fixed_trips, run_period
from scheduler.services.fleet.rules import Slot, static_problems, turnaround


@dataclass(frozen=True)
class Booked:
    """One trip holding a vehicle."""

    trip_id: int
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def slot_of(trip: Trip) -> Slot:
    """What a trip asks of a car."""
    return Slot(trip.start, trip.end, trip.passenger_count, tuple(trip.needs))


class Occupancy:
    """Who holds each vehicle when: a draft's assignments plus the approved trips it leaves alone."""

    def __init__(self, gap: timedelta) -> None:
        self.gap = gap
        self.by_vehicle: dict[int, list[Booked]] = defaultdict(list)

    def add(self, vehicle_id: int, trip: Trip) -> None:
        """Record that `trip` holds `vehicle_id`."""
        self.by_vehicle[vehicle_id].append(Booked(trip.id, trip.start, trip.end))

    def problems(self, vehicle: Vehicle, trip: Trip) -> list[str]:
        """Why `vehicle` cannot take `trip` beside what it already holds (empty: it can)."""
        problems = static_problems(vehicle, slot_of(trip))
        others = [b for b in self.by_vehicle.get(vehicle.id, []) if b.trip_id != trip.id]
        clashes = [
            b for b in others if b.start < trip.end + self.gap and trip.start < b.end + self.gap
        ]
        if clashes:
            names = ", ".join(f"#{b.trip_id}" for b in sorted(clashes, key=lambda b: b.start))
            gap = int(self.gap.total_seconds() // 60)
            problems.append(f"{vehicle.code} is busy with {names} (turnaround {gap} min)")
        limit = vehicle.max_minutes_per_day
        if limit is not None:
            day = local(trip.start).date()
            minutes = trip.minutes + sum(b.minutes for b in others if local(b.start).date() == day)
            if minutes > limit:
                problems.append(
                    f"{vehicle.code} would drive {minutes} min on {day.isoformat()}, "
                    f"daily limit {limit} min"
                )
        return problems


def run_items(session: Session, run: OptimizationRun) -> list[PlanItem]:
    """The run's plan items, freshly read."""
    return list(
        session.scalars(select(PlanItem).where(PlanItem.run_id == run.id).order_by(PlanItem.id))
    )


def trips_by_id(session: Session, ids: Iterable[int]) -> dict[int, Trip]:
    """Trips by id in one query."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {t.id: t for t in session.scalars(select(Trip).where(Trip.id.in_(wanted)))}


def draft_occupancy(
    session: Session, run: OptimizationRun, items: Sequence[PlanItem], trips: dict[int, Trip]
) -> Occupancy:
    """The vehicles' bookings if this draft were approved now."""
    occupancy = Occupancy(turnaround(session))
    for item in items:
        if item.resource_id is not None and item.item_id in trips:
            occupancy.add(item.resource_id, trips[item.item_id])
    for trip in fixed_trips(session, run_period(run), [item.item_id for item in items]):
        if trip.vehicle_id is not None:
            occupancy.add(trip.vehicle_id, trip)
    return occupancy
