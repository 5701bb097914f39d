"""Vehicles and their pool membership periods through the admin pages."""
# ruff: noqa: F811  (the shared fixtures admin and web are imported, then named as arguments)

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.i18n import TAIPEI
from scheduler.models import Agency, AuditEntry, Trip, TripStatus, User, Vehicle, VehicleOutage
from tests.web.admin.test_admin_resources import Browser, admin, assert_error_beside, count, web  # noqa: F401  (shared fixtures)


@pytest.fixture
def vehicle(db: Session, factory: Any) -> Vehicle:
    agency = factory.create_agency(code="SEC", name_en="Secretariat")
    car = Vehicle(code="V01", plate="ABC-1234", agency_id=agency.id, seats=4)
    db.add(car)
    db.commit()
    return car


def _vehicle_form(agency_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "code": "V02",
        "plate": "RAA-5678",
        "agency_id": str(agency_id),
        "kind": "van",
        "seats": "8",
        "features": ["van", "accessible"],
        "max_minutes_per_day": "480",
        "driver_name": "張司機",
        "driver_phone": "0912-345-678",
        "in_pool": "y",
        **overrides,
    }


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


def test_admin_creates_and_edits_a_vehicle(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    response = web.post("/admin/vehicles/new", _vehicle_form(vehicle.agency_id))
    assert response.status_code == 303
    car = db.scalars(select(Vehicle).where(Vehicle.code == "V02")).one()
    assert (
        response.headers["Location"] == f"/admin/vehicles/{car.id}/edit"
    )  # outages are added there
    assert (car.seats, car.features, car.max_minutes_per_day, car.in_pool) == (
        8,
        ["van", "accessible"],
        480,
        True,
    )

    form = _vehicle_form(vehicle.agency_id, features=["ev"], in_pool="", max_minutes_per_day="")
    assert web.post(f"/admin/vehicles/{car.id}/edit", form).status_code == 303
    db.refresh(car)
    assert (car.features, car.in_pool, car.max_minutes_per_day) == (["ev"], False, None)
    page = web.page(f"/admin/vehicles/{car.id}/edit")
    boxes = {
        value: "checked" in tag
        for tag, value in re.findall(r'(<input[^>]*name="features"[^>]*value="(\w+)"[^>]*>)', page)
    }
    assert boxes == {"van": False, "ev": True, "accessible": False}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"seats": "0"}, "seats", "Enter a number of at least 1."),
        ({"plate": "abc-1234"}, "plate", "Another vehicle has this plate."),
        ({"code": "v01"}, "code", "This code is already in use."),
    ],
)
def test_bad_vehicle_input_is_refused_beside_the_field(
    web: Browser,
    db: Session,
    admin: User,
    vehicle: Vehicle,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = count(db, Vehicle)
    response = web.post("/admin/vehicles/new", _vehicle_form(vehicle.agency_id, **overrides))
    assert response.status_code == 422
    assert_error_beside(response.get_data(as_text=True), field, message)
    assert count(db, Vehicle) == before


def test_retire_and_reactivate_a_vehicle(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    assert web.post(f"/admin/vehicles/{vehicle.id}/retire").status_code == 303
    db.refresh(vehicle)
    assert vehicle.active is False
    page = web.page(f"/admin/vehicles/{vehicle.id}/edit")
    assert "retired" in page and "Reactivate" in page
    assert web.post(f"/admin/vehicles/{vehicle.id}/reactivate").status_code == 303
    db.refresh(vehicle)
    assert vehicle.active is True


def test_an_outage_is_added_in_taipei_time_and_listed(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    data = {
        "outage-kind": "recall",
        "outage-start": "2031-05-13T08:00",
        "outage-end": "2031-05-20T18:00",
        "outage-reason": "防疫任務 pandemic duty",
    }
    response = web.post(f"/admin/vehicles/{vehicle.id}/outages", data)
    assert response.status_code == 303
    outage = db.scalars(select(VehicleOutage)).one()
    assert outage.start == datetime(2031, 5, 13, 0, 0, tzinfo=UTC)  # 08:00 in Taipei
    assert outage.end == _local("2031-05-20T18:00")
    assert outage.created_by_id == admin.id
    page = web.page(f"/admin/vehicles/{vehicle.id}/edit")
    assert "2031-05-13 08:00" in page and "防疫任務" in page
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "recall")).one()
    assert (entry.object_type, entry.object_id) == ("Vehicle", vehicle.id)
    assert entry.detail["outage_id"] == outage.id and entry.user_id == admin.id


def test_an_admin_recall_flags_the_vehicles_approved_trips(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    trip = Trip(
        agency_id=vehicle.agency_id,
        status=TripStatus.APPROVED.value,
        start=_local("2031-05-14T09:00"),
        end=_local("2031-05-14T11:00"),
        destination="臺北市議會",
        purpose="council session",
        vehicle_id=vehicle.id,
    )
    db.add(trip)
    db.commit()
    data = {
        "outage-kind": "recall",
        "outage-start": "2031-05-13T08:00",
        "outage-end": "",
        "outage-reason": "flood prevention",
    }
    assert web.post(f"/admin/vehicles/{vehicle.id}/outages", data).status_code == 303
    db.refresh(trip)
    assert trip.needs_replan is True and "flood prevention" in trip.replan_reason


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2031-06-02T09:00", "2031-06-01T09:00", "outage-end", "The end must be after the start."),
        ("2031-06-02T09:00", "2031-06-02T09:00", "outage-end", "The end must be after the start."),
        ("2031-06-05T00:00", "2031-06-20T00:00", "outage-start", "overlaps another outage"),
        (
            "2031-05-01T00:00",
            "",
            "outage-start",
            "overlaps another outage",
        ),  # open-ended runs into it
    ],
)
def test_bad_outages_are_refused_beside_the_field(
    web: Browser,
    db: Session,
    admin: User,
    vehicle: Vehicle,
    start: str,
    end: str,
    field: str,
    message: str,
) -> None:
    db.add(
        VehicleOutage(
            vehicle_id=vehicle.id,
            kind="maintenance",
            start=_local("2031-06-10T00:00"),
            end=_local("2031-06-12T00:00"),
            reason="inspection",
        )
    )
    db.commit()
    data = {
        "outage-kind": "maintenance",
        "outage-start": start,
        "outage-end": end,
        "outage-reason": "x",
    }
    response = web.post(f"/admin/vehicles/{vehicle.id}/outages", data)
    assert response.status_code == 422
    assert_error_beside(response.get_data(as_text=True), field, message)
    assert count(db, VehicleOutage) == 1


def test_end_a_running_outage_now_and_remove_a_future_one(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    now = utcnow()
    running = VehicleOutage(
        vehicle_id=vehicle.id,
        kind="recall",
        start=now - timedelta(days=2),
        end=None,
        reason="flood",
    )
    future = VehicleOutage(
        vehicle_id=vehicle.id,
        kind="maintenance",
        start=now + timedelta(days=5),
        end=now + timedelta(days=6),
        reason="service",
    )
    db.add_all([running, future])
    db.commit()

    page = web.page(f"/admin/vehicles/{vehicle.id}/edit")
    assert f"/outages/{running.id}/end" in page and f"/outages/{future.id}/remove" in page

    assert web.post(f"/admin/vehicles/{vehicle.id}/outages/{running.id}/end").status_code == 303
    db.refresh(running)
    assert running.end is not None and now < running.end <= utcnow()

    # A running outage cannot be removed (history is kept); a future one can.
    response = web.post(f"/admin/vehicles/{vehicle.id}/outages/{running.id}/remove")
    assert response.status_code == 422
    assert "end it instead" in response.get_data(as_text=True)
    assert web.post(f"/admin/vehicles/{vehicle.id}/outages/{future.id}/remove").status_code == 303
    assert [o.id for o in db.scalars(select(VehicleOutage))] == [running.id]
    actions = db.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "VehicleOutage")
    ).all()
    assert sorted(actions) == ["end", "remove"]


def test_an_outage_of_another_vehicle_is_404(
    web: Browser, db: Session, admin: User, vehicle: Vehicle
) -> None:
    other = Vehicle(code="V09", plate="ZZZ-0001", agency_id=vehicle.agency_id, seats=4)
    db.add(other)
    db.flush()
    outage = VehicleOutage(
        vehicle_id=other.id, kind="recall", start=utcnow() + timedelta(days=1), reason="x"
    )
    db.add(outage)
    db.commit()
    assert web.post(f"/admin/vehicles/{vehicle.id}/outages/{outage.id}/remove").status_code == 404
    assert count(db, VehicleOutage) == 1


def _statements_for(web: Browser, url: str) -> int:
    engine = web.client.application.extensions["engine"]
    seen: list[str] = []

    def _count(*_args: Any) -> None:
        seen.append("x")

    event.listen(engine, "before_cursor_execute", _count)
    try:
        assert web.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return len(seen)


@pytest.mark.parametrize("url", ["/admin/vehicles", "/admin/users", "/admin/rooms"])
def test_list_pages_make_the_same_number_of_queries_for_3_or_30_rows(
    web: Browser, db: Session, admin: User, factory: Any, url: str
) -> None:
    from scheduler.models import DormBuilding, DormRoom, Role

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            agency = Agency(code=f"G{i:03d}", name_zh=f"機關{i}", name_en=f"Agency {i}")
            building = DormBuilding(code=f"B{i:03d}", name_zh="樓", name_en="Building")
            db.add_all(
                [
                    agency,
                    building,
                    Vehicle(code=f"C{i:03d}", plate=f"P-{i:04d}", agency=agency, seats=4),
                    DormRoom(building=building, number=f"{i}", floor=1),
                ]
            )
            db.commit()
            factory.create_user(roles=(Role.RESIDENT, Role.AGENCY_STAFF), agency=agency)

    add(3, 0)
    few = _statements_for(web, url)
    add(27, 3)
    many = _statements_for(web, url)
    assert many == few
