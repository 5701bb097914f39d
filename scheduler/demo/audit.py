"""The audit entries the demo's recorded changes would have left, so the admin's list is not empty."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from scheduler.demo.context import DemoContext
from scheduler.models import Closure, Trip, TripStatus, User, VehicleOutage, VenueBooking
from scheduler.models.venues import BookingStatus
from scheduler.services.audit import HasId, record


def create_audit_trail(ctx: DemoContext) -> None:
    """Recalls, the closure and its suspensions, and the approvals of the coming days."""
    session = ctx.session
    dispatcher, venues = ctx.users["dispatcher"], ctx.users["venues"]
    recalls = session.scalars(
        select(VehicleOutage).where(VehicleOutage.kind == "recall").order_by(VehicleOutage.start)
    )
    for outage in recalls:
        summary = f"{outage.vehicle.code} {outage.reason}"
        _entry(ctx, dispatcher, "recall", outage, outage.start, summary)
    for closure in session.scalars(select(Closure)):
        _entry(ctx, venues, "create", closure, closure.created_at, closure.reason)
    suspended = session.scalars(
        select(VenueBooking).where(VenueBooking.status == BookingStatus.SUSPENDED.value)
    )
    for booking in suspended:
        _entry(ctx, venues, "suspend", booking, booking.updated_at, booking.status_reason)
    approved_trips = session.scalars(
        select(Trip)
        .where(Trip.status == TripStatus.APPROVED.value, Trip.start >= ctx.now - timedelta(days=1))
        .order_by(Trip.start, Trip.id)
    )
    approved_at = ctx.now - timedelta(hours=3)
    for n, trip in enumerate(approved_trips):
        summary = f"{trip.destination} → {trip.vehicle.code if trip.vehicle else ''}"
        _entry(ctx, dispatcher, "approve", trip, approved_at + timedelta(seconds=n), summary)
    approved_bookings = session.scalars(
        select(VenueBooking)
        .where(VenueBooking.status == BookingStatus.APPROVED.value, VenueBooking.start >= ctx.now)
        .order_by(VenueBooking.start, VenueBooking.id)
        .limit(5)
    )
    for n, booking in enumerate(approved_bookings):
        _entry(
            ctx, venues, "approve", booking, approved_at + timedelta(minutes=30 + n), booking.title
        )


def _entry(
    ctx: DemoContext, actor: User, action: str, obj: HasId, at: datetime, summary: str
) -> None:
    entry = record(ctx.session, actor, action, obj, summary)
    entry.at = at  # when it happened, not when the demo was loaded
