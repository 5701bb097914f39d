"""Car requests of agency staff: request, edit, cancel, who may see which trip, and trip outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict, NotFound, NotPermitted, ValidationError
from scheduler.models import Role, Trip, TripStatus, User, UserRole, Vehicle
from scheduler.services import audit
from scheduler.services.fleet.rules import KNOWN_NEEDS, Slot
from scheduler.services.messages import define
from scheduler.services.notifications import notify
from scheduler.services.settings import get_setting

URGENT_REASONS = ("pandemic", "flood_prevention", "disaster_relief")
EDITABLE_STATUSES = (TripStatus.REQUESTED.value, TripStatus.PLANNED.value)
CANCELLABLE_STATUSES = (*EDITABLE_STATUSES, TripStatus.APPROVED.value)
MAX_TRIP = timedelta(hours=24)

TRIP_CANCELLED = define(
    "trip.cancelled",
    N_(
        "Approved trip #%(trip)s was cancelled by %(agency)s: %(start)s to %(destination)s, "
        "vehicle %(plate)s is free again.\nReason: %(reason)s"
    ),
    subject=N_("Approved trip #%(trip)s was cancelled"),
    agency="name",
    start="datetime",
)


@dataclass(frozen=True)
class TripRequest:
    """What agency staff fill in for a car (times aware; the web layer reads them as Taipei time)."""

    start: datetime
    end: datetime
    destination: str
    purpose: str
    passenger_count: int
    pickup: str = "臺北市政府"
    passenger_names: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    needs: tuple[str, ...] = ()
    urgent: bool = False
    urgent_reason: str = ""

    @property
    def slot(self) -> Slot:
        """What this request asks of a car."""
        return Slot(self.start, self.end, self.passenger_count, self.needs)


def largest_pooled_seats(session: Session) -> int | None:
    """Seats of the biggest active pooled vehicle (None when the pool is empty)."""
    seats: int | None = session.scalar(
        select(func.max(Vehicle.seats)).where(Vehicle.active.is_(True), Vehicle.in_pool.is_(True))
    )
    return seats


def check_request(session: Session, data: TripRequest, now: datetime) -> None:
    """Raise ValidationError, naming the form field, for the first rule `data` breaks."""
    if data.end <= data.start:
        raise ValidationError(N_("The return must be after the departure."), "end")
    if data.end - data.start > MAX_TRIP:
        raise ValidationError(N_("A trip cannot last more than 24 hours."), "end")
    if data.start < now:
        raise ValidationError(N_("The departure is in the past."), "start")
    if data.passenger_count < 1:
        raise ValidationError(N_("At least one passenger must travel."), "passenger_count")
    seats = largest_pooled_seats(session)
    if seats is not None and data.passenger_count > seats:
        raise ValidationError(
            N_("No pooled vehicle has that many seats; split the group into several requests."),
            "passenger_count",
        )
    if any(need not in KNOWN_NEEDS for need in data.needs):
        raise ValidationError(N_("Unknown need: choose van, electric or accessible."), "needs")
    if data.urgent and data.urgent_reason not in URGENT_REASONS:
        raise ValidationError(N_("Say which urgent duty this trip serves."), "urgent_reason")
    if not data.destination.strip():
        raise ValidationError(N_("Give the destination."), "destination")
    if not data.contact_phone.strip() and not data.contact_email.strip():
        raise ValidationError(N_("Give a contact phone or e-mail."), "contact_phone")


def _apply(session: Session, trip: Trip, data: TripRequest) -> None:
    """Copy the request onto the trip; urgent duty gets the higher priority from the settings."""
    priority_key = "fleet.urgent_priority" if data.urgent else "fleet.normal_priority"
    trip.start, trip.end = data.start, data.end
    trip.pickup = data.pickup.strip() or "臺北市政府"
    trip.destination = data.destination.strip()
    trip.purpose = data.purpose.strip()
    trip.passenger_count = data.passenger_count
    trip.passenger_names = data.passenger_names.strip()
    trip.contact_name = data.contact_name.strip()
    trip.contact_phone = data.contact_phone.strip()
    trip.contact_email = data.contact_email.strip()
    trip.needs = [need for need in KNOWN_NEEDS if need in data.needs]  # stable order
    trip.urgent = data.urgent
    trip.urgent_reason = data.urgent_reason if data.urgent else ""
    trip.priority = int(get_setting(session, priority_key))


def request_trip(
    session: Session, actor: User, data: TripRequest, now: datetime | None = None
) -> Trip:
    """A new car request for the actor's agency (status requested)."""
    if not actor.has_role(Role.AGENCY_STAFF):
        raise NotPermitted(N_("Only agency staff can request a car."))
    check_request(session, data, now or utcnow())
    trip = Trip(
        agency_id=actor.agency_id, requested_by_id=actor.id, status=TripStatus.REQUESTED.value
    )
    _apply(session, trip, data)
    session.add(trip)
    session.flush()
    audit.record(session, actor, "request", trip, f"{trip.destination} {trip.start.isoformat()}")
    return trip


def visible_trip(session: Session, actor: User, trip_id: int) -> Trip:
    """The trip if `actor` may see it (dispatchers: all; staff: their agency's), else NotFound."""
    trip = session.scalars(
        select(Trip)
        .where(Trip.id == trip_id, *_visibility(actor))
        .options(joinedload(Trip.vehicle), joinedload(Trip.agency), joinedload(Trip.survey))
    ).first()
    if trip is None:
        raise NotFound(N_("The page or record was not found."))
    return trip


def _visibility(actor: User) -> tuple[ColumnElement[bool], ...]:
    """The WHERE clauses that keep other agencies' trips away from agency staff."""
    if actor.has_role(Role.DISPATCHER):
        return ()
    if actor.has_role(Role.AGENCY_STAFF):
        return (Trip.agency_id == actor.agency_id,)
    return (Trip.id.is_(None),)  # nobody else sees any trip


def agency_trips(
    session: Session, actor: User, upcoming: bool = True, now: datetime | None = None
) -> list[Trip]:
    """The actor's agency's trips: upcoming (not yet ended, soonest first) or past (latest first)."""
    now = now or utcnow()
    stmt = select(Trip).where(Trip.agency_id == actor.agency_id).options(joinedload(Trip.vehicle))
    if upcoming:
        stmt = stmt.where(Trip.end >= now).order_by(Trip.start, Trip.id)
    else:
        stmt = stmt.where(Trip.end < now).order_by(Trip.start.desc(), Trip.id.desc())
    return list(session.scalars(stmt))


def awaiting_outcome(session: Session, now: datetime | None = None) -> list[Trip]:
    """Approved trips whose time is over: the dispatcher still has to record what happened."""
    return list(
        session.scalars(
            select(Trip)
            .where(Trip.status == TripStatus.APPROVED.value, Trip.end <= (now or utcnow()))
            .options(joinedload(Trip.vehicle), joinedload(Trip.agency))
            .order_by(Trip.start, Trip.id)
        )
    )


def _check_version(trip: Trip, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != trip.version:
        raise Conflict(
            N_("Someone else changed this trip meanwhile. Reload the page and try again.")
        )


def _flush(session: Session) -> None:
    """Flush; a concurrent change caught by the version column becomes a readable Conflict."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(
            N_("Someone else changed this trip meanwhile. Reload the page and try again.")
        ) from exc


def edit_trip(
    session: Session,
    actor: User,
    trip: Trip,
    data: TripRequest,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Trip:
    """Change a request that is not approved yet; a planned one goes back to be planned again."""
    _require_own_agency(actor, trip)
    if trip.status not in EDITABLE_STATUSES:
        raise Conflict(N_("Only requests that are not approved yet can be changed."))
    _check_version(trip, expected_version)
    check_request(session, data, now or utcnow())
    if trip.status == TripStatus.PLANNED.value:
        # The draft plan was made for the old times: the dispatcher must plan this trip again.
        trip.status = TripStatus.REQUESTED.value
        trip.needs_replan = True
        trip.replan_reason = "changed by the requesting agency"
    _apply(session, trip, data)
    _flush(session)
    audit.record(session, actor, "update", trip, f"{trip.destination} {trip.start.isoformat()}")
    return trip


def _require_own_agency(actor: User, trip: Trip) -> None:
    # Services enforce this too, so no view can forget it.
    if not actor.has_role(Role.AGENCY_STAFF) or trip.agency_id != actor.agency_id:
        raise NotFound(N_("The page or record was not found."))


def dispatchers(session: Session) -> list[User]:
    """Every active dispatcher (they are told about cancelled approved trips)."""
    return list(
        session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.DISPATCHER.value, User.active.is_(True))
            .order_by(User.id)
        ).unique()
    )


def cancel_trip(
    session: Session,
    actor: User,
    trip: Trip,
    reason: str,
    link: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Trip:
    """Cancel a request or an approved trip before it starts; an approved one frees its car."""
    _require_own_agency(actor, trip)
    if trip.status not in CANCELLABLE_STATUSES:
        raise Conflict(N_("This trip is already closed."))
    if trip.start <= (now or utcnow()):
        raise Conflict(N_("The trip has started; ask the dispatcher to record what happened."))
    _check_version(trip, expected_version)
    was_approved = trip.status == TripStatus.APPROVED.value
    # vehicle_id stays for the record; the cancelled status alone releases the car.
    trip.status = TripStatus.CANCELLED.value
    trip.cancel_reason = reason.strip()[:200]
    _flush(session)
    audit.record(session, actor, "cancel", trip, trip.cancel_reason, was_approved=was_approved)
    if was_approved:
        for dispatcher in dispatchers(session):
            notify(
                session,
                dispatcher,
                TRIP_CANCELLED,
                link=link,
                trip=trip.id,
                agency={"zh": trip.agency.name_zh, "en": trip.agency.name_en},
                start=trip.start,
                destination=trip.destination,
                plate=trip.vehicle.plate if trip.vehicle is not None else "-",
                reason=trip.cancel_reason or "-",
            )
    return trip


@dataclass(frozen=True)
class Outcome:
    """What the dispatcher records after a trip: completed (with times, odometer), cancelled, no-show."""

    status: str
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    odometer_start: int | None = None
    odometer_end: int | None = None
    reason: str = ""


OUTCOME_STATUSES = (
    TripStatus.COMPLETED.value,
    TripStatus.CANCELLED.value,
    TripStatus.NO_SHOW.value,
)


def _check_outcome(trip: Trip, outcome: Outcome, now: datetime) -> None:
    if outcome.status not in OUTCOME_STATUSES:
        raise ValidationError(N_("Choose what happened."), "status")
    if outcome.status == TripStatus.CANCELLED.value and not outcome.reason.strip():
        raise ValidationError(N_("Give the reason for the cancellation."), "reason")
    if outcome.status != TripStatus.CANCELLED.value and trip.start > now:
        # Completed trips are the reports' dispatch counts: only what has happened may count.
        raise ValidationError(
            N_("The trip has not started yet: only a cancellation can be recorded."), "status"
        )
    if outcome.status != TripStatus.COMPLETED.value:
        return
    if outcome.actual_start is None:
        raise ValidationError(N_("Give the actual start."), "actual_start")
    if outcome.actual_end is None or outcome.actual_end <= outcome.actual_start:
        raise ValidationError(N_("The actual end must be after the actual start."), "actual_end")
    if outcome.actual_end > now:
        raise ValidationError(N_("The actual end cannot be in the future."), "actual_end")
    if outcome.odometer_start is None or outcome.odometer_start < 0:
        raise ValidationError(N_("Give the odometer reading at the start."), "odometer_start")
    if outcome.odometer_end is None or outcome.odometer_end < outcome.odometer_start:
        raise ValidationError(
            N_("The odometer at the end cannot be below the reading at the start."), "odometer_end"
        )


def record_outcome(
    session: Session,
    actor: User,
    trip: Trip,
    outcome: Outcome,
    survey_link: Callable[[str], str],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Trip:
    """The dispatcher closes an approved trip; a completed one invites the passenger to the survey."""
    from scheduler.services.fleet.surveys import (
        invite,  # surveys builds on trips, not the other way
    )

    if not actor.has_role(Role.DISPATCHER):
        raise NotPermitted(N_("Only dispatchers record trip outcomes."))
    if trip.status != TripStatus.APPROVED.value:
        raise Conflict(N_("Only approved trips get an outcome."))
    _check_version(trip, expected_version)
    now = now or utcnow()
    _check_outcome(trip, outcome, now)
    trip.status = outcome.status
    if outcome.status == TripStatus.COMPLETED.value:
        trip.actual_start, trip.actual_end = outcome.actual_start, outcome.actual_end
        trip.odometer_start, trip.odometer_end = outcome.odometer_start, outcome.odometer_end
    elif outcome.status == TripStatus.CANCELLED.value:
        trip.cancel_reason = outcome.reason.strip()[:200]
    _flush(session)
    audit.record(session, actor, outcome.status, trip, outcome.reason)
    if outcome.status == TripStatus.COMPLETED.value:
        invite(session, trip, survey_link, now)
    return trip
