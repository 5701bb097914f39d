"""The availability hint: free pooled cars for a slot, and the nearest free slots when none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from scheduler.i18n import local
from scheduler.models import Agency
from scheduler.services.fleet.availability import availability
from scheduler.services.fleet.rules import Slot
from tests.conftest import Factory
from tests.fleet_factories import approve, at, create_trip, create_vehicle, next_monday


def _fleet(db: Session, agency: Agency) -> None:
    create_vehicle(db, agency, seats=4)
    create_vehicle(db, agency, seats=4, features=["ev"])
    create_vehicle(db, agency, kind="van", seats=8, features=["van"])


def test_free_cars_are_counted_and_busy_ones_are_not(db: Session, factory: Factory) -> None:
    staff = factory.create_user()
    _fleet(db, staff.agency)
    slot = Slot(at(10), at(12), 2)
    assert availability(db, slot).free == 3
    sedan = create_vehicle(db, staff.agency, seats=4)
    approve(db, create_trip(db, staff), sedan)  # 10:00-12:00 on the same Monday
    assert availability(db, slot).free == 3
    # The turnaround (15 minutes) still holds the car right after its trip.
    assert availability(db, Slot(at(12, 10), at(13), 2)).free == 3
    assert availability(db, Slot(at(12, 15), at(13), 2)).free == 4


def test_a_seven_passenger_request_counts_only_vans(db: Session, factory: Factory) -> None:
    staff = factory.create_user()
    _fleet(db, staff.agency)
    assert availability(db, Slot(at(10), at(12), 7)).free == 1
    assert availability(db, Slot(at(10), at(12), 2, ("ev",))).free == 1


def test_when_none_is_free_the_nearest_free_slots_are_suggested(
    db: Session, factory: Factory
) -> None:
    staff = factory.create_user()
    van = create_vehicle(db, staff.agency, kind="van", seats=8, features=["van"])
    create_vehicle(db, staff.agency, seats=4)
    approve(db, create_trip(db, staff, start=at(10), end=at(12)), van)
    result = availability(db, Slot(at(11), at(12), 7))
    assert result.free == 0
    starts = [local(s.start) for s in result.suggestions]
    assert len(starts) == 3
    # Later today right after the turnaround, earlier today ending a turnaround before 10:00,
    # then the next working day (Tuesday) at the same time.
    assert starts[0] == local(at(12, 15))
    assert starts[1] == local(at(8, 45))
    assert starts[2] == local(at(11, day=next_monday() + timedelta(days=1)))
    assert all(s.end - s.start == timedelta(hours=1) for s in result.suggestions)


def test_suggestions_skip_the_weekend_and_the_past(db: Session, factory: Factory) -> None:
    staff = factory.create_user()
    van = create_vehicle(db, staff.agency, kind="van", seats=8, features=["van"])
    friday = next_monday() + timedelta(days=4)
    # The van is taken the whole Friday working day.
    approve(db, create_trip(db, staff, start=at(7, day=friday), end=at(21, day=friday)), van)
    result = availability(db, Slot(at(10, day=friday), at(11, day=friday), 7))
    assert result.free == 0
    days = [local(s.start).date() for s in result.suggestions]
    assert days[0] == friday + timedelta(days=3)  # Monday, not Saturday
    now = datetime.now(UTC)
    assert all(s.start >= now for s in result.suggestions)


def test_the_trip_being_edited_does_not_block_itself(db: Session, factory: Factory) -> None:
    staff = factory.create_user()
    van = create_vehicle(db, staff.agency, kind="van", seats=8, features=["van"])
    trip = approve(db, create_trip(db, staff), van)
    slot = Slot(trip.start, trip.end, 7)
    assert availability(db, slot).free == 0
    assert availability(db, slot, exclude_trip_id=trip.id).free == 1
