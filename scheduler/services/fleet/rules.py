"""Which pooled vehicle can take which trip: the rules shared by requests, the board and hand changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scheduler.models import Trip, TripStatus, Vehicle
from scheduler.services.settings import get_setting

# Statuses whose vehicle is taken: approved trips hold their car; requests hold nothing yet.
HOLDING_STATUSES = (TripStatus.APPROVED.value,)
KNOWN_NEEDS = ("van", "ev", "accessible")


@dataclass(frozen=True)
class Slot:
    """What a trip asks of a car."""

    start: datetime
    end: datetime
    passengers: int
    needs: tuple[str, ...] = ()


def turnaround(session: Session) -> timedelta:
    """Minimum gap between two trips of one car (a setting)."""
    return timedelta(minutes=int(get_setting(session, "fleet.turnaround_minutes")))


def pooled_vehicles(session: Session) -> list[Vehicle]:
    """Active vehicles enrolled in the pool, with their outages, sorted by code."""
    return list(
        session.scalars(
            select(Vehicle)
            .where(Vehicle.active.is_(True), Vehicle.in_pool.is_(True))
            .options(selectinload(Vehicle.outages))
            .order_by(Vehicle.code)
        )
    )


def static_problems(vehicle: Vehicle, slot: Slot) -> list[str]:
    """Why `vehicle` can never take `slot`, whatever else is booked (empty: it could)."""
    problems = []
    if not vehicle.active or not vehicle.in_pool:
        problems.append(f"{vehicle.code} is not in the pool")
    if vehicle.seats < slot.passengers:
        problems.append(f"{vehicle.code} has {vehicle.seats} seats, trip needs {slot.passengers}")
    missing = [need for need in slot.needs if need not in vehicle.features]
    if missing:
        problems.append(f"{vehicle.code} lacks {', '.join(missing)}")
    for outage in vehicle.outages:
        if outage.overlaps(slot.start, slot.end):
            problems.append(f"{vehicle.code} {outage.kind}: {outage.reason}")
    if vehicle.max_minutes_per_day is not None:
        minutes = int((slot.end - slot.start).total_seconds() // 60)
        if minutes > vehicle.max_minutes_per_day:
            problems.append(
                f"{vehicle.code} drives at most {vehicle.max_minutes_per_day} minutes a day"
            )
    return problems


def busy_trips(
    session: Session,
    vehicle_ids: Sequence[int],
    start: datetime,
    end: datetime,
    exclude_trip_ids: Iterable[int] = (),
) -> list[Trip]:
    """Approved trips on these vehicles that come closer than the turnaround to [start, end)."""
    gap = turnaround(session)
    excluded = list(exclude_trip_ids)
    stmt = select(Trip).where(
        Trip.vehicle_id.in_(vehicle_ids),
        Trip.status.in_(HOLDING_STATUSES),
        Trip.start < end + gap,
        Trip.end > start - gap,
    )
    if excluded:
        stmt = stmt.where(Trip.id.not_in(excluded))
    return list(session.scalars(stmt.order_by(Trip.start)))


@dataclass(frozen=True)
class VehicleFit:
    """One vehicle's answer for a slot: free, busy (with which trips) or unable (why)."""

    vehicle: Vehicle
    problems: tuple[str, ...]
    busy_with: tuple[Trip, ...]

    @property
    def free(self) -> bool:
        return not self.problems and not self.busy_with


def fit_vehicles(
    session: Session, slot: Slot, exclude_trip_ids: Iterable[int] = ()
) -> list[VehicleFit]:
    """Every pooled vehicle with whether it can take `slot` now (two queries, no N+1)."""
    vehicles = pooled_vehicles(session)
    busy = busy_trips(session, [v.id for v in vehicles], slot.start, slot.end, exclude_trip_ids)
    by_vehicle: dict[int, list[Trip]] = {}
    for trip in busy:
        if trip.vehicle_id is not None:
            by_vehicle.setdefault(trip.vehicle_id, []).append(trip)
    return [
        VehicleFit(v, tuple(static_problems(v, slot)), tuple(by_vehicle.get(v.id, ())))
        for v in vehicles
    ]
