"""Venues and their fee schedules through the admin pages."""
# ruff: noqa: F811  (the shared fixtures admin and web are imported, then named as arguments)

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import AuditEntry, User, Venue, VenueFee
from tests.web.admin.test_admin_resources import Browser, admin, assert_error_beside, count, web  # noqa: F401  (shared fixtures)


@pytest.fixture
def venue(db: Session) -> Venue:
    room = Venue(code="ATR", name_zh="1樓中庭", name_en="1F atrium", kind="atrium", capacity=300)
    db.add(room)
    db.commit()
    return room


def _venue_form(**overrides: Any) -> dict[str, Any]:
    return {
        "code": "N206",
        "name_zh": "N206 會議室",
        "name_en": "Meeting room N206",
        "kind": "meeting_room",
        "floor": "2",
        "capacity": "60",
        "features": "streaming, projector, streaming",
        "buffer_minutes": "15",
        "bookable_from": "2021-05-03",
        **overrides,
    }


def test_admin_creates_edits_and_retires_a_venue(web: Browser, db: Session, admin: User) -> None:
    response = web.post("/admin/venues/new", _venue_form())
    assert response.status_code == 303
    room = db.scalars(select(Venue).where(Venue.code == "N206")).one()
    assert (room.capacity, room.features, room.buffer_minutes, room.bookable_from) == (
        60,
        ["streaming", "projector"],
        15,
        date(2021, 5, 3),
    )
    page = web.page(f"/admin/venues/{room.id}/edit")
    assert 'value="streaming, projector"' in page

    assert (
        web.post(
            f"/admin/venues/{room.id}/edit", _venue_form(features="", bookable_from="")
        ).status_code
        == 303
    )
    db.refresh(room)
    assert (room.features, room.bookable_from) == ([], None)
    assert web.post(f"/admin/venues/{room.id}/retire").status_code == 303
    db.refresh(room)
    assert room.active is False
    assert web.post(f"/admin/venues/{room.id}/reactivate").status_code == 303
    db.refresh(room)
    assert room.active is True


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "Enter a number of at least 1."),
        ({"buffer_minutes": "-1"}, "buffer_minutes", "Enter a number of at least 0."),
        ({"code": "atr"}, "code", "This code is already in use."),
    ],
)
def test_bad_venue_input_is_refused_beside_the_field(
    web: Browser,
    db: Session,
    admin: User,
    venue: Venue,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = web.post("/admin/venues/new", _venue_form(**overrides))
    assert response.status_code == 422
    assert_error_beside(response.get_data(as_text=True), field, message)
    assert count(db, Venue) == 1


def test_fee_lines_are_added_edited_and_removed(
    web: Browser, db: Session, admin: User, venue: Venue
) -> None:
    data = {
        "fee-label": "Weekday session",
        "fee-unit": "session",
        "fee-amount": "4000",
        "fee-applies_to_agencies": "y",
    }
    response = web.post(f"/admin/venues/{venue.id}/fees", data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/venues/{venue.id}/edit#fees")
    fee = db.scalars(select(VenueFee)).one()
    assert (fee.venue_id, fee.label, fee.unit, fee.amount, fee.applies_to_agencies) == (
        venue.id,
        "Weekday session",
        "session",
        4000,
        True,
    )
    assert "NT$4,000" in web.page(f"/admin/venues/{venue.id}/edit")

    edit = {**data, "fee-unit": "hour", "fee-amount": "1500", "fee-applies_to_agencies": ""}
    assert web.get(f"/admin/venues/{venue.id}/fees/{fee.id}/edit").status_code == 200
    assert web.post(f"/admin/venues/{venue.id}/fees/{fee.id}/edit", edit).status_code == 303
    db.refresh(fee)
    assert (fee.unit, fee.amount, fee.applies_to_agencies) == ("hour", 1500, False)

    fee_id = fee.id
    assert web.post(f"/admin/venues/{venue.id}/fees/{fee_id}/remove").status_code == 303
    assert count(db, VenueFee) == 0
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "VenueFee").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["create", "update", "remove"]
    assert entries[1].detail["changes"]["amount"] == [4000, 1500]
    assert entries[2].object_id == fee_id


def test_a_negative_fee_is_refused_beside_the_field(
    web: Browser, db: Session, admin: User, venue: Venue
) -> None:
    data = {"fee-label": "Session", "fee-unit": "session", "fee-amount": "-100"}
    response = web.post(f"/admin/venues/{venue.id}/fees", data)
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "fee-amount", "Enter a number of at least 0."
    )
    assert count(db, VenueFee) == 0

    db.add(VenueFee(venue_id=venue.id, label="Session", unit="session", amount=2000))
    db.commit()
    fee = db.scalars(select(VenueFee)).one()
    response = web.post(
        f"/admin/venues/{venue.id}/fees/{fee.id}/edit", {**data, "fee-amount": "-1"}
    )
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "fee-amount", "Enter a number of at least 0."
    )
    db.refresh(fee)
    assert fee.amount == 2000


def test_a_fee_line_of_another_venue_is_404(
    web: Browser, db: Session, admin: User, venue: Venue
) -> None:
    other = Venue(
        code="PLZ", name_zh="市民廣場", name_en="Citizen plaza", kind="plaza", capacity=500
    )
    db.add(other)
    db.flush()
    db.add(VenueFee(venue_id=other.id, label="Day", unit="day", amount=10000))
    db.commit()
    fee = db.scalars(select(VenueFee)).one()
    assert web.get(f"/admin/venues/{venue.id}/fees/{fee.id}/edit").status_code == 404
    assert web.post(f"/admin/venues/{venue.id}/fees/{fee.id}/remove").status_code == 404
    assert count(db, VenueFee) == 1
