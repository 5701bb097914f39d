"""Car requests through the test client: request, validation, lists, agency walls, cancel, hint."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from scheduler.models import Notification, Role, Trip, TripStatus, User, Vehicle
from scheduler.services.fleet.rules import Slot, fit_vehicles
from tests.conftest import Factory, csrf_token, sign_in
from tests.fleet_factories import approve, at, create_trip, create_vehicle, next_monday


def trip_form(**overrides: Any) -> dict[str, Any]:
    """A valid request as the browser posts it (Taipei wall-clock inputs)."""
    return {
        "day": next_monday().isoformat(),
        "start": "09:00",
        "end": "11:30",
        "pickup": "臺北市政府",
        "destination": "新北市政府",
        "purpose": "防汛協調會議",
        "passenger_count": "3",
        "passenger_names": "王小明\n李小華",
        "contact_name": "王小明",
        "contact_phone": "02-2720-8889",
        "contact_email": "wang@example.gov.tw",
        "needs": ["ev"],
        "urgent_reason": "",
        **overrides,
    }


def _trips(db: Session) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(Trip)) or 0)


@pytest.fixture
def staff(signed_in: Any, db: Session) -> User:
    user: User = signed_in(Role.AGENCY_STAFF)
    create_vehicle(db, user.agency, seats=4, features=["ev"])
    create_vehicle(db, user.agency, kind="van", seats=8, features=["van"])
    return user


def test_staff_request_a_car_and_see_it_in_their_list(
    client: FlaskClient, db: Session, staff: User
) -> None:
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/trips/new")})
    token = csrf_token(client, "/trips/new")
    response = client.post(
        "/trips/new",
        data={**trip_form(urgent="y", urgent_reason="flood_prevention"), "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    trip = db.scalars(select(Trip)).one()
    assert response.headers["Location"] == f"/trips/{trip.id}"
    assert trip.agency_id == staff.agency_id and trip.needs == ["ev"]
    assert trip.start == at(9) and trip.end == at(11, 30)
    assert trip.urgent and trip.priority == 3
    db.commit()  # end the read: SQLite write-locks from BEGIN IMMEDIATE on
    listing = client.get("/trips/").get_data(as_text=True)
    assert "新北市政府" in listing and "badge-requested" in listing
    detail = client.get(f"/trips/{trip.id}")
    assert detail.status_code == 200 and "防汛協調會議" in detail.get_data(as_text=True)
    assert "Flood prevention" in detail.get_data(as_text=True)  # the reason in words, not its code
    assert "Electric vehicle" in detail.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": "08:00"}, "end", "The return must be after the departure."),
        ({"passenger_count": "0"}, "passenger_count", "At least one passenger must travel."),
        ({"day": "2020-01-06"}, "start", "The departure is in the past."),
        ({"needs": ["ev", "submarine"]}, "needs", "Unknown need"),
        ({"urgent": "y", "urgent_reason": ""}, "urgent_reason", "Say which urgent duty"),
        ({"passenger_count": "12"}, "passenger_count", "No pooled vehicle has that many seats"),
    ],
)
def test_bad_input_is_shown_beside_the_field_with_422_and_nothing_saved(
    client: FlaskClient,
    db: Session,
    staff: User,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/trips/new")})
    token = csrf_token(client, "/trips/new")
    response = client.post("/trips/new", data={**trip_form(**overrides), "csrf_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error_start = html.index(f'id="{field}-error"')
    assert message in html[error_start : error_start + 300]
    if field != "needs":  # the checkboxes' fieldset carries the reference instead
        assert (
            f'aria-describedby="{field}-error"' in html
            or f'aria-describedby="{field}-hint {field}-error"' in html
        )
    assert _trips(db) == 0


def test_a_malformed_form_is_422_too(client: FlaskClient, db: Session, staff: User) -> None:
    token = csrf_token(client, "/trips/new")
    response = client.post(
        "/trips/new", data={**trip_form(passenger_count="many"), "csrf_token": token}
    )
    assert response.status_code == 422 and _trips(db) == 0


def test_past_and_upcoming_filter(client: FlaskClient, db: Session, staff: User) -> None:
    from datetime import timedelta

    create_trip(db, staff, destination="未來的目的地")
    past = at(10, day=next_monday() - timedelta(days=21))
    create_trip(
        db,
        staff,
        destination="過去的目的地",
        start=past,
        end=past + timedelta(hours=1),
        status=TripStatus.COMPLETED.value,
    )
    upcoming = client.get("/trips/").get_data(as_text=True)
    earlier = client.get("/trips/?when=past").get_data(as_text=True)
    assert "未來的目的地" in upcoming and "過去的目的地" not in upcoming
    assert "過去的目的地" in earlier and "未來的目的地" not in earlier


def test_fragment_for_htmx_and_page_otherwise(client: FlaskClient, staff: User) -> None:
    page = client.get("/trips/")
    fragment = client.get("/trips/", headers={"HX-Request": "true"})
    assert "<html" in page.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in page.headers["Vary"]


def test_driver_and_car_show_only_once_approved(
    client: FlaskClient, db: Session, staff: User
) -> None:
    vehicle = create_vehicle(
        db, staff.agency, plate="EAA-1234", driver_name="陳司機", driver_phone="0911-222-333"
    )
    trip = create_trip(db, staff, vehicle_id=vehicle.id, status=TripStatus.PLANNED.value)
    assert "陳司機" not in client.get(f"/trips/{trip.id}").get_data(as_text=True)
    assert "陳司機" not in client.get("/trips/").get_data(as_text=True)
    approve(db, trip, vehicle)
    for url in (f"/trips/{trip.id}", "/trips/"):
        html = client.get(url).get_data(as_text=True)
        assert "陳司機" in html and "0911-222-333" in html and "EAA-1234" in html


def test_the_list_does_not_query_once_per_trip(
    app: Flask, client: FlaskClient, db: Session, staff: User
) -> None:
    vehicle = create_vehicle(db, staff.agency)

    def queries_for_list() -> int:
        count = 0

        def counter(*_args: Any) -> None:
            nonlocal count
            count += 1

        engine = app.extensions["engine"]
        event.listen(engine, "before_cursor_execute", counter)
        try:
            assert client.get("/trips/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return count

    approve(db, create_trip(db, staff), vehicle)
    one = queries_for_list()
    for hour in (13, 15, 17):
        trip = create_trip(db, staff, start=at(hour), end=at(hour + 1))
        approve(db, trip, create_vehicle(db, staff.agency))
    assert queries_for_list() == one


# ---------------------------------------------------------------- agency walls


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/trips/{id}"),
        ("get", "/trips/{id}/edit"),
        ("post", "/trips/{id}/edit"),
        ("get", "/trips/{id}/cancel"),
        ("post", "/trips/{id}/cancel"),
        ("get", "/trips/hint?trip_id={id}"),
    ],
)
def test_staff_of_another_agency_get_404_and_change_nothing(
    client: FlaskClient, db: Session, factory: Factory, method: str, path: str
) -> None:
    owner = factory.create_user()
    trip = create_trip(db, owner, destination="機密目的地")
    intruder = factory.create_user()
    sign_in(client, intruder.username)
    token = csrf_token(client, "/trips/new")
    url = path.format(id=trip.id)
    data = {**trip_form(destination="改掉"), "csrf_token": token, "reason": "x"}
    response = client.post(url, data=data) if method == "post" else client.get(url)
    assert response.status_code == 404
    assert "機密目的地" not in response.get_data(as_text=True)
    assert "機密目的地" not in client.get("/trips/").get_data(as_text=True)
    db.expire_all()
    again = db.get(Trip, trip.id)
    assert again is not None and again.destination == "機密目的地"
    assert again.status == TripStatus.REQUESTED.value


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.VENUE_MANAGER])
def test_other_roles_cannot_use_car_requests(
    client: FlaskClient, db: Session, factory: Factory, signed_in: Any, role: Role
) -> None:
    owner = factory.create_user()
    trip = create_trip(db, owner)
    signed_in(role)
    for url in ("/trips/", "/trips/new", f"/trips/{trip.id}", "/trips/hint"):
        assert client.get(url).status_code == 403


# ---------------------------------------------------------------- edit and cancel


def test_staff_edit_their_request(client: FlaskClient, db: Session, staff: User) -> None:
    trip = create_trip(db, staff)
    form = client.get(f"/trips/{trip.id}/edit").get_data(as_text=True)
    assert "臺北市立聯合醫院" in form and 'value="10:00"' in form
    token = csrf_token(client, f"/trips/{trip.id}/edit")
    data = {**trip_form(destination="桃園機場"), "csrf_token": token, "version": str(trip.version)}
    assert client.post(f"/trips/{trip.id}/edit", data=data).status_code == 302
    db.expire_all()
    assert db.get(Trip, trip.id).destination == "桃園機場"  # type: ignore[union-attr]
    db.commit()
    # The form still carries the old version: a second save is refused as stale.
    stale = client.post(f"/trips/{trip.id}/edit", data={**data, "destination": "別處"})
    assert stale.status_code == 409
    db.expire_all()
    assert db.get(Trip, trip.id).destination == "桃園機場"  # type: ignore[union-attr]


def test_approved_trips_cannot_be_edited(client: FlaskClient, db: Session, staff: User) -> None:
    trip = approve(db, create_trip(db, staff), create_vehicle(db, staff.agency))
    assert client.get(f"/trips/{trip.id}/edit").status_code == 409


def test_cancelling_an_approved_trip_frees_the_car_and_notifies_dispatchers(
    app: Flask, client: FlaskClient, db: Session, factory: Factory, staff: User
) -> None:
    sent: list[tuple[str, str, str]] = []
    app.config["MAIL_SENDER"] = lambda to, subject, body: sent.append((to, subject, body))
    dispatcher = factory.create_user(roles=(Role.DISPATCHER,))
    vehicle = create_vehicle(db, staff.agency)
    trip = approve(db, create_trip(db, staff), vehicle)
    token = csrf_token(client, f"/trips/{trip.id}/cancel")
    response = client.post(
        f"/trips/{trip.id}/cancel",
        data={"csrf_token": token, "reason": "會議延期", "version": str(trip.version)},
    )
    assert response.status_code == 302
    db.expire_all()
    trip = db.get(Trip, trip.id)  # type: ignore[assignment]
    assert trip.status == TripStatus.CANCELLED.value and trip.vehicle_id == vehicle.id
    fit = next(
        f for f in fit_vehicles(db, Slot(trip.start, trip.end, 1)) if f.vehicle.id == vehicle.id
    )
    assert fit.free
    note = db.scalars(select(Notification)).one()
    assert note.user_id == dispatcher.id and note.link == f"/trips/{trip.id}"
    assert [to for to, _, _ in sent] == [dispatcher.email]


# ---------------------------------------------------------------- the availability hint


def test_hint_counts_free_cars_and_suggests_when_none(
    client: FlaskClient, db: Session, staff: User
) -> None:
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/trips/new")})
    query = {"day": next_monday().isoformat(), "start": "10:00", "end": "11:00"}

    def hint(passengers: int) -> str:
        response = client.get(
            "/trips/hint",
            query_string={**query, "passenger_count": str(passengers)},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<html" not in html
        return html

    assert "2 pooled vehicles could take this trip." in hint(2)
    assert "1 pooled vehicle could take this trip." in hint(7)  # only the van seats seven
    van = db.scalars(select(Vehicle).where(Vehicle.kind == "van")).one()
    create_trip(db, staff, start=at(9), end=at(12), passenger_count=7)  # a request holds no car
    assert "1 pooled vehicle could take this trip." in hint(7)
    approve(db, create_trip(db, staff, start=at(9), end=at(12), passenger_count=7), van)
    assert "1 pooled vehicle could take this trip." in hint(2)  # the busy van is not counted
    none = hint(7)
    assert "No pooled vehicle is free at that time." in none
    assert "12:15" in none  # right after the van's trip and the turnaround
    assert "the largest has 8" in hint(30)


def test_request_form_wires_the_hint_and_works_without_javascript(
    client: FlaskClient, db: Session, staff: User
) -> None:
    form = client.get("/trips/new").get_data(as_text=True)
    assert 'hx-get="/trips/hint"' in form and 'hx-trigger="change, input delay:400ms"' in form
    assert 'hx-target="#availability-hint"' in form
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/trips/new")})
    # The "check free cars" button posts the inputs: the hint is filled in and nothing is saved.
    token = csrf_token(client, "/trips/new")
    checked = client.post(
        "/trips/new",
        data={**trip_form(needs=[], destination=""), "check": "1", "csrf_token": token},
    )
    assert checked.status_code == 200
    html = checked.get_data(as_text=True)
    assert "2 pooled vehicles could take this trip." in html
    assert 'value="09:00"' in html  # the inputs are kept
    assert "field-error" not in html  # a check is not a submission: no errors yet
    assert _trips(db) == 0
