"""What is waiting for a user, per role: the content of the home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.i18n import local
from scheduler.models import (
    AuditEntry,
    DormApplication,
    Lease,
    Role,
    Trip,
    TripStatus,
    User,
    VenueBooking,
)
from scheduler.models.venues import BookingStatus
from scheduler.services.dorms.queue import waitlist_position

UPCOMING_LIMIT = 8


@dataclass
class Panel:
    """One role's box on the home page: counts, a short list, and the area it links into."""

    role: Role
    counts: dict[str, int] = field(default_factory=dict)
    items: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def waiting_for(session: Session, user: User, now: datetime | None = None) -> list[Panel]:
    """The panels for every role `user` holds, in a fixed order."""
    now = now or utcnow()
    builders = {
        Role.DISPATCHER: _dispatcher,
        Role.VENUE_MANAGER: _venue_manager,
        Role.HOUSING_OFFICER: _housing_officer,
        Role.AGENCY_STAFF: _agency_staff,
        Role.RESIDENT: _resident,
        Role.ADMIN: _admin,
    }
    return [build(session, user, now) for role, build in builders.items() if role in user.roles]


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _dispatcher(session: Session, user: User, now: datetime) -> Panel:
    pending = select(Trip).where(Trip.status == TripStatus.REQUESTED.value, Trip.start >= now)
    replan = select(Trip).where(Trip.needs_replan.is_(True), Trip.start >= now)
    today_end = now + timedelta(days=1)
    today = select(Trip).where(
        Trip.status == TripStatus.APPROVED.value, Trip.start >= now, Trip.start < today_end
    )
    items = session.scalars(pending.order_by(Trip.start).limit(UPCOMING_LIMIT)).all()
    return Panel(
        Role.DISPATCHER,
        counts={
            "pending": _count(session, pending),
            "replan": _count(session, replan),
            "next_24h": _count(session, today),
        },
        items=list(items),
    )


def _venue_manager(session: Session, user: User, now: datetime) -> Panel:
    pending = select(VenueBooking).where(
        VenueBooking.status == BookingStatus.REQUESTED.value, VenueBooking.start >= now
    )
    items = session.scalars(pending.order_by(VenueBooking.start).limit(UPCOMING_LIMIT)).all()
    return Panel(
        Role.VENUE_MANAGER, counts={"pending": _count(session, pending)}, items=list(items)
    )


def _housing_officer(session: Session, user: User, now: datetime) -> Panel:
    from scheduler.services.dorms.queue import vacant_rooms

    today = local(now).date()
    waiting = select(DormApplication).where(DormApplication.status == "waiting")
    submitted = select(DormApplication).where(DormApplication.status == "submitted")
    offered = select(Lease).where(Lease.status == "offered")
    ending = select(Lease).where(
        Lease.status == "active", Lease.end >= today, Lease.end < today + timedelta(days=60)
    )
    return Panel(
        Role.HOUSING_OFFICER,
        counts={
            "waiting": _count(session, waiting),
            "submitted": _count(session, submitted),
            "offered": _count(session, offered),
            "vacant": len(vacant_rooms(session, today)),
            "ending": _count(session, ending),
        },
        items=list(session.scalars(ending.order_by(Lease.end).limit(UPCOMING_LIMIT)).all()),
    )


def _agency_staff(session: Session, user: User, now: datetime) -> Panel:
    open_statuses = [
        TripStatus.REQUESTED.value,
        TripStatus.PLANNED.value,
        TripStatus.APPROVED.value,
    ]
    trips = select(Trip).where(
        Trip.agency_id == user.agency_id, Trip.status.in_(open_statuses), Trip.end >= now
    )
    bookings = select(VenueBooking).where(
        VenueBooking.agency_id == user.agency_id,
        VenueBooking.status.in_([BookingStatus.REQUESTED.value, BookingStatus.APPROVED.value]),
        VenueBooking.end >= now,
    )
    return Panel(
        Role.AGENCY_STAFF,
        counts={"trips": _count(session, trips), "bookings": _count(session, bookings)},
        items=list(session.scalars(trips.order_by(Trip.start).limit(UPCOMING_LIMIT)).all()),
        extra={
            "bookings": list(
                session.scalars(bookings.order_by(VenueBooking.start).limit(UPCOMING_LIMIT)).all()
            )
        },
    )


def _resident(session: Session, user: User, now: datetime) -> Panel:
    today: date = local(now).date()
    lease = session.scalars(
        select(Lease)
        .where(Lease.resident_id == user.id, Lease.status == "active", Lease.end > today)
        .order_by(Lease.start.desc())
    ).first()
    application = session.scalars(
        select(DormApplication).where(
            DormApplication.applicant_id == user.id, DormApplication.status == "waiting"
        )
    ).first()
    position = waitlist_position(session, application) if application else None
    offer = session.scalars(
        select(Lease).where(Lease.resident_id == user.id, Lease.status == "offered")
    ).first()
    return Panel(
        Role.RESIDENT,
        extra={"lease": lease, "application": application, "position": position, "offer": offer},
    )


def _admin(session: Session, user: User, now: datetime) -> Panel:
    recent = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(UPCOMING_LIMIT)
    )
    return Panel(
        Role.ADMIN,
        counts={"users": _count(session, select(User).where(User.active.is_(True)))},
        items=list(recent.all()),
    )
