"""Recalling a vehicle to its agency or sending it to maintenance, and flagging the trips it had."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.errors import N_, NotFound, ValidationError
from scheduler.models import Trip, TripStatus, User, Vehicle, VehicleOutage
from scheduler.services import audit

OUTAGE_KINDS = ("recall", "maintenance")


def affected_trips(
    session: Session, vehicle_id: int, start: datetime, end: datetime | None
) -> list[Trip]:
    """Approved trips of the vehicle that meet [start, end) (open end: from start on)."""
    stmt = select(Trip).where(
        Trip.vehicle_id == vehicle_id,
        Trip.status == TripStatus.APPROVED.value,
        Trip.end > start,
    )
    if end is not None:
        stmt = stmt.where(Trip.start < end)
    return list(session.scalars(stmt.order_by(Trip.start)))


def flag_trips_for_outage(session: Session, outage: VehicleOutage) -> list[Trip]:
    """Mark the approved trips an outage hits as needing re-planning (also for outages recorded
    elsewhere, such as the administration pages); returns them."""
    vehicle = session.get(Vehicle, outage.vehicle_id)
    code = vehicle.code if vehicle is not None else str(outage.vehicle_id)
    why = f"{code} {outage.kind}: {outage.reason}"[:200]
    trips = affected_trips(session, outage.vehicle_id, outage.start, outage.end)
    for trip in trips:
        trip.needs_replan = True
        trip.replan_reason = why
        trip.pinned = False  # a pin to a car that is away cannot hold
    session.flush()
    return trips


def take_out_of_pool(
    session: Session,
    actor: User,
    vehicle_id: int,
    kind: str,
    start: datetime,
    end: datetime | None,
    reason: str,
) -> tuple[VehicleOutage, list[Trip]]:
    """Record a recall or maintenance period; its approved trips are flagged for re-planning.

    The trips keep their vehicle until the next approved plan moves them, so nobody loses a car
    silently: the board lists them as needing re-planning, with the reason.
    """
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise NotFound(N_("There is no vehicle %(vehicle)s."), vehicle=vehicle_id)
    if kind not in OUTAGE_KINDS:
        raise ValidationError(N_("Choose recall or maintenance."), field="kind")
    if end is not None and end <= start:
        raise ValidationError(N_("The end must be after the start."), field="end")
    reason = reason.strip()
    if not reason:
        raise ValidationError(N_("Give a reason."), field="reason")
    if any(
        other.overlaps(start, end or datetime.max.replace(tzinfo=start.tzinfo))
        for other in vehicle.outages
    ):
        raise ValidationError(
            N_("This period overlaps another outage of this vehicle."), field="start"
        )
    outage = VehicleOutage(
        vehicle_id=vehicle.id,
        kind=kind,
        start=start,
        end=end,
        reason=reason,
        created_by_id=actor.id,
    )
    session.add(outage)
    session.flush()
    trips = flag_trips_for_outage(session, outage)
    session.refresh(vehicle, ["outages"])
    audit.record(
        session,
        actor,
        kind,
        vehicle,
        f"{vehicle.code} {kind} from {start.isoformat()}"
        + (f" to {end.isoformat()}" if end else " until further notice")
        + f": {reason}; {len(trips)} trips to re-plan",
        outage_id=outage.id,
        trip_ids=[t.id for t in trips],
    )
    return outage, trips
