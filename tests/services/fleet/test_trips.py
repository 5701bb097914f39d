"""Car requests in the service layer: rules, priority, who sees what, edit, cancel, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.errors import Conflict, NotFound, NotPermitted, ValidationError
from scheduler.models import AuditEntry, Notification, Role, SurveyAnswer, Trip, TripStatus, User
from scheduler.services.fleet.rules import Slot, fit_vehicles
from scheduler.services.fleet.trips import (
    Outcome,
    TripRequest,
    agency_trips,
    cancel_trip,
    edit_trip,
    record_outcome,
    request_trip,
    visible_trip,
)
from scheduler.services.notifications import deliver_outbox
from scheduler.services.settings import set_setting
from tests.conftest import Factory
from tests.fleet_factories import approve, at, create_trip, create_vehicle


def _request(**overrides: object) -> TripRequest:
    values: dict[str, object] = {
        "start": at(9),
        "end": at(11),
        "destination": "新北市政府",
        "purpose": "防汛會議",
        "passenger_count": 3,
        "contact_phone": "02-2720-8889",
    }
    values.update(overrides)
    return TripRequest(**values)  # type: ignore[arg-type]


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


class Mailbox:
    """A mail sender that keeps what it was given."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def __call__(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


@pytest.fixture
def staff(factory: Factory, db: Session) -> User:
    user = factory.create_user()
    create_vehicle(db, user.agency, seats=4)
    create_vehicle(db, user.agency, kind="van", seats=8, features=["van"])
    return user


def test_request_saves_a_requested_trip_with_normal_or_urgent_priority(
    db: Session, staff: User
) -> None:
    set_setting(db, "fleet.urgent_priority", 7)
    normal = request_trip(db, staff, _request())
    urgent = request_trip(db, staff, _request(urgent=True, urgent_reason="pandemic"))
    db.commit()
    assert normal.status == TripStatus.REQUESTED.value and normal.priority == 1
    assert urgent.priority == 7 and urgent.urgent_reason == "pandemic"
    assert normal.pickup == "臺北市政府" and normal.agency_id == staff.agency_id
    assert _count(db, AuditEntry) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": at(9)}, "end"),
        ({"end": at(8)}, "end"),
        ({"end": at(9) + timedelta(hours=25)}, "end"),
        ({"passenger_count": 0}, "passenger_count"),
        ({"passenger_count": -2}, "passenger_count"),
        ({"passenger_count": 9}, "passenger_count"),  # the biggest pooled car has 8 seats
        ({"start": datetime.now(UTC) - timedelta(hours=2), "end": datetime.now(UTC)}, "start"),
        ({"needs": ("helicopter",)}, "needs"),
        ({"urgent": True, "urgent_reason": ""}, "urgent_reason"),
        ({"contact_phone": "", "contact_email": ""}, "contact_phone"),
    ],
)
def test_a_request_breaking_a_rule_names_the_field_and_saves_nothing(
    db: Session, staff: User, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        request_trip(db, staff, _request(**overrides))
    assert caught.value.field == field
    db.rollback()
    assert _count(db, Trip) == 0


def test_only_agency_staff_request_cars(db: Session, factory: Factory) -> None:
    resident = factory.create_user(roles=(Role.RESIDENT,))
    with pytest.raises(NotPermitted):
        request_trip(db, resident, _request())


def test_visibility_is_per_agency_except_for_dispatchers(db: Session, factory: Factory) -> None:
    mine, other = factory.create_user(), factory.create_user()
    dispatcher = factory.create_user(roles=(Role.DISPATCHER,))
    resident = factory.create_user(roles=(Role.RESIDENT,))
    trip = create_trip(db, other)
    assert visible_trip(db, other, trip.id).id == trip.id
    assert visible_trip(db, dispatcher, trip.id).id == trip.id
    for outsider in (mine, resident):
        with pytest.raises(NotFound):
            visible_trip(db, outsider, trip.id)
    assert agency_trips(db, mine) == []
    assert [t.id for t in agency_trips(db, other)] == [trip.id]
    assert agency_trips(db, other, upcoming=False) == []


def test_staff_of_another_agency_cannot_edit_or_cancel(db: Session, factory: Factory) -> None:
    owner, intruder = factory.create_user(), factory.create_user()
    trip = create_trip(db, owner)
    with pytest.raises(NotFound):
        edit_trip(db, intruder, trip, _request())
    with pytest.raises(NotFound):
        cancel_trip(db, intruder, trip, "")
    db.rollback()
    assert db.get(Trip, trip.id).status == TripStatus.REQUESTED.value  # type: ignore[union-attr]


def test_editing_a_planned_trip_sends_it_back_to_planning(db: Session, staff: User) -> None:
    trip = create_trip(db, staff, status=TripStatus.PLANNED.value)
    edit_trip(db, staff, trip, _request(destination="基隆市政府"), expected_version=trip.version)
    db.commit()
    assert trip.destination == "基隆市政府"
    assert trip.status == TripStatus.REQUESTED.value and trip.needs_replan


def test_approved_trips_and_stale_forms_cannot_be_edited(db: Session, staff: User) -> None:
    vehicle = create_vehicle(db, staff.agency)
    approved = approve(db, create_trip(db, staff), vehicle)
    with pytest.raises(Conflict):
        edit_trip(db, staff, approved, _request())
    pending = create_trip(db, staff)
    with pytest.raises(Conflict):
        edit_trip(db, staff, pending, _request(), expected_version=pending.version + 1)


def test_cancelling_an_approved_trip_frees_the_car_and_tells_every_dispatcher(
    db: Session, factory: Factory
) -> None:
    staff = factory.create_user()
    vehicle = create_vehicle(db, staff.agency)
    dispatchers = [factory.create_user(roles=(Role.DISPATCHER,)) for _ in range(2)]
    factory.create_user(roles=(Role.DISPATCHER,), active=False)
    trip = approve(db, create_trip(db, staff), vehicle)
    slot = Slot(trip.start, trip.end, 1)
    assert not next(fit for fit in fit_vehicles(db, slot) if fit.vehicle.id == vehicle.id).free

    mailbox = Mailbox()
    cancel_trip(db, staff, trip, "會議取消", link="/trips/1")
    db.commit()
    deliver_outbox(db, mailbox)

    assert trip.status == TripStatus.CANCELLED.value and trip.vehicle_id == vehicle.id
    assert next(fit for fit in fit_vehicles(db, slot) if fit.vehicle.id == vehicle.id).free
    notes = db.scalars(select(Notification)).all()
    assert sorted(n.user_id for n in notes) == sorted(d.id for d in dispatchers)
    assert sorted(to for to, _, _ in mailbox.sent) == sorted(d.email for d in dispatchers)
    assert vehicle.plate in mailbox.sent[0][2]


def test_cancelling_a_request_tells_nobody_and_closed_trips_stay_closed(
    db: Session, factory: Factory
) -> None:
    staff = factory.create_user()
    factory.create_user(roles=(Role.DISPATCHER,))
    trip = create_trip(db, staff)
    mailbox = Mailbox()
    cancel_trip(db, staff, trip, "")
    db.commit()
    deliver_outbox(db, mailbox)
    assert _count(db, Notification) == 0 and mailbox.sent == []
    with pytest.raises(Conflict):
        cancel_trip(db, staff, trip, "")


@dataclass
class Approved:
    """An approved trip of one agency, its car, and a dispatcher to record the outcome."""

    staff: User
    dispatcher: User
    trip: Trip


@pytest.fixture
def approved(db: Session, factory: Factory) -> Approved:
    staff = factory.create_user()
    dispatcher = factory.create_user(roles=(Role.DISPATCHER,))
    trip = approve(db, create_trip(db, staff), create_vehicle(db, staff.agency))
    return Approved(staff, dispatcher, trip)


def _completed(**overrides: object) -> Outcome:
    values: dict[str, object] = {
        "status": "completed",
        "actual_start": at(10, 5),
        "actual_end": at(11, 50),
        "odometer_start": 12000,
        "odometer_end": 12042,
    }
    values.update(overrides)
    return Outcome(**values)  # type: ignore[arg-type]


def test_completion_stores_the_record_and_invites_the_passenger(
    db: Session, approved: Approved
) -> None:
    dispatcher, trip = approved.dispatcher, approved.trip
    mailbox = Mailbox()
    now = at(13)  # after the trip
    record_outcome(db, dispatcher, trip, _completed(), lambda t: f"https://x/survey/{t}", now=now)
    db.commit()
    deliver_outbox(db, mailbox)
    survey = db.scalars(select(SurveyAnswer)).one()
    assert trip.status == TripStatus.COMPLETED.value and trip.odometer_end == 12042
    assert len(survey.token) >= 43 and survey.trip_id == trip.id
    assert survey.expires_at - now == timedelta(days=30)
    assert mailbox.sent[0][0] == "passenger@example.gov.tw"
    assert f"https://x/survey/{survey.token}" in mailbox.sent[0][2]


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        (_completed(odometer_end=11999), "odometer_end"),
        (_completed(actual_end=at(10)), "actual_end"),
        (_completed(odometer_start=None), "odometer_start"),
        (Outcome(status="cancelled"), "reason"),
        (Outcome(status="lost"), "status"),
    ],
)
def test_bad_outcomes_are_refused(
    db: Session, approved: Approved, outcome: Outcome, field: str
) -> None:
    dispatcher, trip = approved.dispatcher, approved.trip
    with pytest.raises(ValidationError) as caught:
        record_outcome(db, dispatcher, trip, outcome, str, now=at(13))
    assert caught.value.field == field
    db.rollback()
    assert _count(db, SurveyAnswer) == 0


def test_no_show_and_cancellation_invite_nobody_and_only_dispatchers_record(
    db: Session, approved: Approved
) -> None:
    staff, dispatcher, trip = approved.staff, approved.dispatcher, approved.trip
    vehicle = trip.vehicle
    assert vehicle is not None
    with pytest.raises(NotPermitted):
        record_outcome(db, staff, trip, _completed(), str)
    record_outcome(db, dispatcher, trip, Outcome(status="no_show"), str, now=at(13))
    other = approve(db, create_trip(db, staff, start=at(14), end=at(15)), vehicle)
    record_outcome(db, dispatcher, other, Outcome(status="cancelled", reason="颱風"), str)
    db.commit()
    assert (trip.status, other.status, other.cancel_reason) == ("no_show", "cancelled", "颱風")
    assert _count(db, SurveyAnswer) == 0
    with pytest.raises(Conflict):
        record_outcome(db, dispatcher, trip, _completed(), str)


def test_only_cancellations_are_recorded_before_the_trip_has_happened(
    db: Session, approved: Approved
) -> None:
    dispatcher, trip = approved.dispatcher, approved.trip
    for outcome, now, field in [
        (_completed(), at(9), "status"),
        (Outcome(status="no_show"), at(9), "status"),
        (_completed(), at(11), "actual_end"),  # under way, but the end typed is still to come
    ]:
        with pytest.raises(ValidationError) as caught:
            record_outcome(db, dispatcher, trip, outcome, str, now=now)
        assert caught.value.field == field
    record_outcome(
        db,
        dispatcher,
        trip,
        Outcome(status="cancelled", reason="颱風停班"),
        str,
        now=at(9),
    )
    assert trip.status == TripStatus.CANCELLED.value


def test_request_dataclass_slot_matches_the_fit_rules() -> None:
    request = _request(needs=("van",))
    assert request.slot == Slot(request.start, request.end, 3, ("van",))
    assert replace(request, passenger_count=5).slot.passengers == 5
