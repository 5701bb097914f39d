"""Vehicles and trips for the car-request tests (the shared Factory knows people only)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import taipei_datetime
from scheduler.models import Agency, Trip, TripStatus, User, Vehicle


def next_monday() -> date:
    """A Monday at least a week ahead, so every test trip is in the future on a working day."""
    today = datetime.now(UTC).date() + timedelta(days=7)
    return today + timedelta(days=(7 - today.weekday()) % 7)


def at(hour: int, minute: int = 0, day: date | None = None) -> datetime:
    """An aware instant at Taipei wall-clock `hour:minute` on `day` (next Monday by default)."""
    return taipei_datetime(day or next_monday(), time(hour, minute))


def create_vehicle(session: Session, agency: Agency, **overrides: Any) -> Vehicle:
    n = (session.scalar(select(func.count()).select_from(Vehicle)) or 0) + 1
    vehicle = Vehicle(
        **{
            "code": f"V{n:02d}",
            "plate": f"RAA-{n:04d}",
            "agency_id": agency.id,
            "kind": "sedan",
            "seats": 4,
            "features": [],
            "driver_name": f"司機{n}",
            "driver_phone": f"0912-000-{n:03d}",
            **overrides,
        }
    )
    session.add(vehicle)
    session.commit()
    return vehicle


def create_trip(session: Session, user: User, **overrides: Any) -> Trip:
    """A request by `user`'s agency, Monday 10:00-12:00 unless overridden."""
    trip = Trip(
        **{
            "agency_id": user.agency_id,
            "requested_by_id": user.id,
            "start": at(10),
            "end": at(12),
            "destination": "臺北市立聯合醫院",
            "purpose": "防疫視察",
            "passenger_count": 2,
            "contact_phone": "02-2720-8889",
            "contact_email": "passenger@example.gov.tw",
            "status": TripStatus.REQUESTED.value,
            **overrides,
        }
    )
    session.add(trip)
    session.commit()
    return trip


def approve(session: Session, trip: Trip, vehicle: Vehicle) -> Trip:
    """Stand-in for the dispatch helper's approval: the car assigned, the trip approved."""
    trip.vehicle_id = vehicle.id
    trip.status = TripStatus.APPROVED.value
    session.commit()
    return trip


def make_it_over(session: Session, trip: Trip) -> Trip:
    """Time passes: the trip now ended an hour ago (outcomes are only recorded for what happened)."""
    length = trip.end - trip.start
    trip.end = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    trip.start = trip.end - length
    session.commit()
    return trip
