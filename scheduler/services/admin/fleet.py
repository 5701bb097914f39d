"""Administration of the pooled fleet: vehicles and their recall/maintenance periods (outages)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.errors import DomainError
from scheduler.models import Agency, User, Vehicle, VehicleOutage
from scheduler.services import audit
from scheduler.services.admin.resources import (
    N_,
    describe,
    remove_child,
    require_unique,
    save_record,
)
from scheduler.services.fleet.outages import take_out_of_pool

VEHICLE_FEATURES = ("van", "ev", "accessible")


def save_vehicle(
    session: Session,
    actor: User,
    vehicle: Vehicle | None,
    *,
    code: str,
    plate: str,
    agency_id: int,
    kind: str,
    seats: int,
    features: Collection[str],
    max_minutes_per_day: int | None,
    driver_name: str,
    driver_phone: str,
    in_pool: bool,
) -> Vehicle:
    """Create or update a vehicle; code and plate are unique, features come from a fixed list."""
    vehicle = vehicle or Vehicle()
    require_unique(
        session, Vehicle.code, code, vehicle.id, "code", N_("This code is already in use.")
    )
    require_unique(
        session, Vehicle.plate, plate, vehicle.id, "plate", N_("Another vehicle has this plate.")
    )
    if session.get(Agency, agency_id) is None:
        raise DomainError(N_("Choose the owning agency."), "agency_id")
    unknown = set(features) - set(VEHICLE_FEATURES)
    if unknown:
        raise DomainError(N_("Unknown vehicle feature."), "features")
    values = {
        "code": code,
        "plate": plate,
        "agency_id": agency_id,
        "kind": kind,
        "seats": seats,
        "features": [f for f in VEHICLE_FEATURES if f in features],  # stable order
        "max_minutes_per_day": max_minutes_per_day,
        "driver_name": driver_name,
        "driver_phone": driver_phone,
        "in_pool": in_pool,
    }
    return save_record(session, actor, vehicle, values)


def _outage_detail(outage: VehicleOutage) -> dict[str, str | None]:
    return {
        "vehicle": outage.vehicle.code,
        "kind": outage.kind,
        "start": outage.start.isoformat(),
        "end": outage.end.isoformat() if outage.end else None,
        "reason": outage.reason,
    }


def add_outage(
    session: Session,
    actor: User,
    vehicle: Vehicle,
    *,
    kind: str,
    start: datetime,
    end: datetime | None,
    reason: str,
) -> VehicleOutage:
    """Take `vehicle` out of the pool for [start, end) (open-ended without an end); no overlaps.

    The dispatch service does the work, so an admin's recall flags the vehicle's approved trips
    for re-planning exactly as a dispatcher's does.
    """
    outage, _trips = take_out_of_pool(session, actor, vehicle.id, kind, start, end, reason)
    return outage


def end_outage(session: Session, actor: User, outage: VehicleOutage, now: datetime) -> None:
    """Bring the vehicle back now: a running outage ends at `now`."""
    if outage.start >= now:
        raise DomainError(N_("This outage has not started yet; remove it instead."))
    if outage.end is not None and outage.end <= now:
        raise DomainError(N_("This outage has already ended."))
    previous_end = outage.end.isoformat() if outage.end else None
    outage.end = now
    session.flush()
    audit.record(
        session,
        actor,
        "end",
        outage,
        summary=describe(outage.vehicle),
        changes={"end": [previous_end, now.isoformat()]},
    )


def remove_outage(session: Session, actor: User, outage: VehicleOutage, now: datetime) -> None:
    """Delete an outage that has not started (a mistake or a cancelled plan); history stays intact."""
    if outage.start <= now:
        raise DomainError(N_("Only an outage that has not started can be removed; end it instead."))
    remove_child(
        session,
        actor,
        outage.vehicle.outages,
        outage,
        describe(outage.vehicle),
        _outage_detail(outage),
    )
