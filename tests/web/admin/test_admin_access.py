"""Every admin URL refuses non-admins (403) and anonymous visitors (to /login); admins get through."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import (
    Agency,
    DormBuilding,
    DormRoom,
    Equipment,
    Role,
    Vehicle,
    VehicleOutage,
    Venue,
    VenueFee,
)
from tests.conftest import csrf_token

RESOURCES = ("agencies", "users", "vehicles", "venues", "equipment", "buildings", "rooms")


def build_world(db: Session, factory: object) -> dict[str, int]:
    """One record of every kind the admin area manages; returns their ids by resource name."""
    agency = Agency(code="SEC", name_zh="秘書處", name_en="Secretariat")
    now = utcnow()
    vehicle = Vehicle(code="V01", plate="ABC-1234", agency=agency, seats=4)
    running = VehicleOutage(
        vehicle=vehicle, kind="recall", start=now - timedelta(days=1), end=None, reason="flood duty"
    )
    upcoming = VehicleOutage(
        vehicle=vehicle,
        kind="maintenance",
        start=now + timedelta(days=10),
        end=now + timedelta(days=11),
        reason="service",
    )
    venue = Venue(code="N206", name_zh="N206 會議室", name_en="Meeting room N206", capacity=40)
    fee = VenueFee(venue=venue, label="Session", unit="session", amount=3000)
    equipment = Equipment(code="STAGE", name_zh="活動式舞臺", name_en="Mobile stage")
    building = DormBuilding(code="XY", name_zh="西園", name_en="Xiyuan")
    room = DormRoom(building=building, number="0301", floor=3)
    db.add_all([agency, vehicle, running, upcoming, venue, fee, equipment, building, room])
    db.commit()
    user = factory.create_user(roles=(Role.RESIDENT,), agency=agency)  # type: ignore[attr-defined]
    return {
        "agencies": agency.id,
        "users": user.id,
        "vehicles": vehicle.id,
        "venues": venue.id,
        "equipment": equipment.id,
        "buildings": building.id,
        "rooms": room.id,
        "running": running.id,
        "upcoming": upcoming.id,
        "fee": fee.id,
    }


# (method, URL template); the templates name build_world's ids.
URLS: list[tuple[str, str]] = [("GET", "/admin/")]
for _name in RESOURCES:
    URLS += [
        ("GET", f"/admin/{_name}"),
        ("GET", f"/admin/{_name}/new"),
        ("GET", f"/admin/{_name}/{{{_name}}}/edit"),
        ("POST", f"/admin/{_name}/new"),
        ("POST", f"/admin/{_name}/{{{_name}}}/edit"),
        ("POST", f"/admin/{_name}/{{{_name}}}/retire"),
        ("POST", f"/admin/{_name}/{{{_name}}}/reactivate"),
    ]
URLS += [
    ("POST", "/admin/vehicles/{vehicles}/outages"),
    ("POST", "/admin/vehicles/{vehicles}/outages/{running}/end"),
    ("POST", "/admin/vehicles/{vehicles}/outages/{upcoming}/remove"),
    ("POST", "/admin/venues/{venues}/fees"),
    ("GET", "/admin/venues/{venues}/fees/{fee}/edit"),
    ("POST", "/admin/venues/{venues}/fees/{fee}/edit"),
    ("POST", "/admin/venues/{venues}/fees/{fee}/remove"),
]
NON_ADMIN_ROLES = [role for role in Role if role is not Role.ADMIN]


def _send(client: FlaskClient, method: str, url: str) -> object:
    if method == "GET":
        return client.get(url)
    # A valid CSRF token, so that a refusal comes from the role check and not from CSRF.
    return client.post(url, data={"csrf_token": csrf_token(client)})


@pytest.mark.parametrize(("method", "template"), URLS)
@pytest.mark.parametrize("role", NON_ADMIN_ROLES, ids=lambda r: r.value)
def test_non_admin_roles_are_refused(
    client: FlaskClient,
    db: Session,
    factory: object,
    signed_in: object,
    role: Role,
    method: str,
    template: str,
) -> None:
    url = template.format(**build_world(db, factory))
    signed_in(role)  # type: ignore[operator]
    response = _send(client, method, url)
    assert response.status_code == 403  # type: ignore[attr-defined]


@pytest.mark.parametrize(("method", "template"), URLS)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: FlaskClient, db: Session, factory: object, method: str, template: str
) -> None:
    url = template.format(**build_world(db, factory))
    response = _send(client, method, url)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response.headers["Location"].startswith("/login")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("method", "template"), URLS)
def test_admins_get_through(
    client: FlaskClient,
    db: Session,
    factory: object,
    signed_in: object,
    method: str,
    template: str,
) -> None:
    url = template.format(**build_world(db, factory))
    signed_in(Role.ADMIN)  # type: ignore[operator]
    response = _send(client, method, url)
    # A GET shows the page; an empty POST either acts (and redirects back into the admin area)
    # or is answered with the form and its errors.
    expected = {200} if method == "GET" else {303, 422}
    assert response.status_code in expected, response.get_data(as_text=True)  # type: ignore[attr-defined]
    if response.status_code == 303:  # type: ignore[attr-defined]
        assert response.headers["Location"].startswith("/admin/")  # type: ignore[attr-defined]
