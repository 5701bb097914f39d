"""Create, edit, retire and reactivate through the admin pages; bad input answers 422 beside the field."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.models import Agency, AuditEntry, DormBuilding, DormRoom, Equipment, Role, User
from tests.conftest import csrf_token


class Browser:
    """The test client, ending the test's own read transaction first: SQLite transactions here
    begin IMMEDIATE, so an open one in the test would lock the app out."""

    def __init__(self, client: FlaskClient, db: Session) -> None:
        self.client = client
        self.db = db

    def get(self, url: str, **kwargs: Any) -> Any:
        self.db.rollback()
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, csrf: bool = True) -> Any:
        """POST like a browser: with the CSRF token of the admin overview page."""
        self.db.rollback()
        token = {"csrf_token": csrf_token(self.client, "/admin/")} if csrf else {}
        return self.client.post(url, data={**token, **(data or {})})

    def page(self, url: str) -> str:
        return str(self.get(url).get_data(as_text=True))


def assert_error_beside(page: str, field_id: str, message: str) -> None:
    """`message` is shown right under the field and tied to it with aria-describedby."""
    control = re.search(rf'<(?:input|select|fieldset)\b[^>]*\bid="{field_id}"[^>]*>', page)
    assert control, f"no control with id {field_id}"
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}-error\b', control.group(0)), (
        control.group(0)
    )
    note = re.search(rf'<small id="{field_id}-error"[^>]*>(.*?)</small>', page, re.DOTALL)
    assert note, f"no error note for {field_id}"
    assert message in html.unescape(note.group(1))


def count(db: Session, model: type[Any]) -> int:
    db.rollback()  # see the app's latest commits
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def admin(signed_in: Any) -> User:
    user: User = signed_in(Role.ADMIN)
    return user


@pytest.fixture
def web(client: FlaskClient, db: Session) -> Browser:
    # The admin tests read the English texts; zh_TW is the default interface language.
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/login")})
    return Browser(client, db)


# ---------------------------------------------------------------- agencies


def test_admin_creates_edits_retires_and_reactivates_an_agency(
    web: Browser, db: Session, admin: User
) -> None:
    response = web.post(
        "/admin/agencies/new", {"code": "CIV", "name_zh": "民政局", "name_en": "Civil Affairs"}
    )
    assert response.status_code == 303
    agency = db.scalars(select(Agency).where(Agency.code == "CIV")).one()
    assert (agency.name_zh, agency.name_en, agency.active) == ("民政局", "Civil Affairs", True)
    listing = web.get("/admin/agencies").get_data(as_text=True)
    assert "Civil Affairs" in listing

    response = web.post(
        f"/admin/agencies/{agency.id}/edit",
        {"code": "CIV", "name_zh": "民政局", "name_en": "Department of Civil Affairs"},
    )
    assert response.status_code == 303
    db.refresh(agency)
    assert agency.name_en == "Department of Civil Affairs"

    assert web.post(f"/admin/agencies/{agency.id}/retire").status_code == 303
    db.refresh(agency)
    assert agency.active is False
    row = re.search(
        rf'<tr id="agencies-{agency.id}"[^>]*>.*?</tr>',
        web.get("/admin/agencies").get_data(as_text=True),
        re.DOTALL,
    )
    assert row and 'class="retired"' in row.group(0) and "retired" in row.group(0)
    assert "Reactivate" in row.group(0)

    assert web.post(f"/admin/agencies/{agency.id}/reactivate").status_code == 303
    db.refresh(agency)
    assert agency.active is True
    actions = db.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "Agency", AuditEntry.object_id == agency.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "update", "retire", "reactivate"]


def test_an_edit_is_audited_with_what_changed(
    web: Browser, db: Session, admin: User, factory: Any
) -> None:
    agency = factory.create_agency(code="FIN", name_en="Finance")
    web.post(
        f"/admin/agencies/{agency.id}/edit",
        {"code": "FIN", "name_zh": agency.name_zh, "name_en": "Finance Bureau"},
    )
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.user_id == admin.id
    assert entry.object_type == "Agency" and entry.object_id == agency.id
    assert entry.detail["changes"] == {"name_en": ["Finance", "Finance Bureau"]}


def test_a_duplicate_agency_code_is_refused_beside_the_field(
    web: Browser, db: Session, admin: User, factory: Any
) -> None:
    factory.create_agency(code="SEC")
    before = count(db, Agency)
    response = web.post(
        "/admin/agencies/new", {"code": "sec", "name_zh": "秘書處", "name_en": "Secretariat"}
    )
    assert response.status_code == 422
    assert_error_beside(response.get_data(as_text=True), "code", "This code is already in use.")
    assert count(db, Agency) == before


def test_an_invalid_edit_leaves_the_row_unchanged(
    web: Browser, db: Session, admin: User, factory: Any
) -> None:
    factory.create_agency(code="SEC")
    other = factory.create_agency(code="EDU", name_en="Education")
    response = web.post(
        f"/admin/agencies/{other.id}/edit", {"code": "SEC", "name_zh": "x", "name_en": "Changed"}
    )
    assert response.status_code == 422
    db.refresh(other)
    assert (other.code, other.name_en) == ("EDU", "Education")
    assert count(db, AuditEntry) == 1  # only the admin's sign-in


def test_a_post_without_the_csrf_token_is_refused(web: Browser, db: Session, admin: User) -> None:
    before = count(db, Agency)
    response = web.post(
        "/admin/agencies/new", {"code": "X1", "name_zh": "x", "name_en": "x"}, csrf=False
    )
    assert response.status_code == 400
    assert count(db, Agency) == before


def test_the_filter_box_swaps_only_the_table(web: Browser, admin: User, factory: Any) -> None:
    factory.create_agency(code="POL", name_en="Police")
    factory.create_agency(code="FIR", name_en="Fire")
    page = web.get("/admin/agencies").get_data(as_text=True)
    assert 'hx-trigger="input changed delay:300ms' in page and 'hx-target="#records"' in page

    fragment = web.get("/admin/agencies?q=pol", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "Police" in body and "Fire" not in body
    assert "<html" not in body and body.lstrip().startswith('<div id="records"')
    assert "HX-Request" in fragment.headers["Vary"]

    full = web.get("/admin/agencies?q=pol").get_data(as_text=True)  # no JavaScript: the whole page
    assert "<html" in full and "Police" in full and "Fire" not in full


def test_lists_are_sorted_by_code_and_paginated(web: Browser, admin: User, factory: Any) -> None:
    for n in range(55, 0, -1):
        factory.create_agency(code=f"Z{n:03d}", name_en=f"Zed {n}")
    first = web.get("/admin/agencies?q=Z").get_data(as_text=True)
    codes = re.findall(r">(Z\d{3})</a></th>", first)
    assert codes == sorted(codes) and codes[0] == "Z001" and len(codes) == 50
    second = web.get("/admin/agencies?q=Z&page=2").get_data(as_text=True)
    assert re.findall(r">(Z\d{3})</a></th>", second) == [f"Z{n:03d}" for n in range(51, 56)]


def test_the_overview_counts_and_links(
    web: Browser, db: Session, admin: User, factory: Any
) -> None:
    factory.create_agency(active=False)
    page = web.get("/admin/").get_data(as_text=True)
    agencies = db.scalars(select(Agency)).all()
    active = sum(a.active for a in agencies)
    row = re.search(r'<tr>\s*<th scope="row"><a href="/admin/agencies">.*?</tr>', page, re.DOTALL)
    assert row, page
    assert re.findall(r"<td>(\d+)</td>", row.group(0)) == [str(active), str(len(agencies) - active)]
    for name in ("users", "vehicles", "venues", "equipment", "buildings", "rooms"):
        assert f'href="/admin/{name}"' in page


# ---------------------------------------------------------------- equipment and dormitories


def test_equipment_create_edit_and_bad_numbers(web: Browser, db: Session, admin: User) -> None:
    data = {
        "code": "LIGHT",
        "name_zh": "燈光音響",
        "name_en": "Lighting and audio",
        "quantity": "1",
        "setup_minutes": "90",
        "teardown_minutes": "60",
        "hire_cost": "31000",
    }
    assert web.post("/admin/equipment/new", data).status_code == 303
    item = db.scalars(select(Equipment)).one()
    assert (item.setup_minutes, item.teardown_minutes, item.hire_cost) == (90, 60, 31000)

    response = web.post(f"/admin/equipment/{item.id}/edit", {**data, "quantity": "0"})
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "quantity", "Enter a number of at least 1."
    )
    response = web.post(f"/admin/equipment/{item.id}/edit", {**data, "setup_minutes": "-5"})
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "setup_minutes", "Enter a number of at least 0."
    )
    db.refresh(item)
    assert (item.quantity, item.setup_minutes) == (1, 90)

    assert (
        web.post(f"/admin/equipment/{item.id}/edit", {**data, "quantity": "2"}).status_code == 303
    )
    db.refresh(item)
    assert item.quantity == 2
    assert web.post(f"/admin/equipment/{item.id}/retire").status_code == 303
    db.refresh(item)
    assert item.active is False


def test_buildings_and_rooms(web: Browser, db: Session, admin: User) -> None:
    assert (
        web.post(
            "/admin/buildings/new",
            {"code": "XY", "name_zh": "西園", "name_en": "Xiyuan", "kind": "single"},
        ).status_code
        == 303
    )
    building = db.scalars(select(DormBuilding)).one()
    room = {
        "building_id": str(building.id),
        "number": "0301",
        "floor": "3",
        "gender": "F",
        "accessible": "y",
    }
    assert web.post("/admin/rooms/new", room).status_code == 303
    created = db.scalars(select(DormRoom)).one()
    assert (created.number, created.floor, created.gender, created.accessible) == (
        "0301",
        3,
        "F",
        True,
    )

    response = web.post("/admin/rooms/new", room)  # the same number in the same building
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "number", "already has a room with this number"
    )
    assert count(db, DormRoom) == 1

    response = web.post(f"/admin/rooms/{created.id}/edit", {**room, "gender": "", "accessible": ""})
    assert response.status_code == 303
    db.refresh(created)
    assert (created.gender, created.accessible) == (None, False)
    listing = web.get("/admin/rooms").get_data(as_text=True)
    assert "XY-0301" in listing

    assert web.post(f"/admin/buildings/{building.id}/retire").status_code == 303
    db.refresh(building)
    assert building.active is False
    form = web.get("/admin/rooms/new").get_data(as_text=True)
    assert f'value="{building.id}"' not in form  # a retired building is no longer offered
    assert f'value="{building.id}"' in web.get(f"/admin/rooms/{created.id}/edit").get_data(
        as_text=True
    )


def test_a_missing_record_is_404(web: Browser, admin: User) -> None:
    assert web.get("/admin/equipment/999/edit").status_code == 404
    assert web.post("/admin/equipment/999/retire").status_code == 404


def test_the_database_is_the_backstop_when_a_rule_is_missed(
    web: Browser, db: Session, admin: User, factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if two admins saved the same code at once: the service's check sees nothing...
    monkeypatch.setattr("scheduler.services.admin.resources.require_unique", lambda *args: None)
    factory.create_agency(code="SEC")
    before = (count(db, Agency), count(db, AuditEntry))
    response = web.post(
        "/admin/agencies/new", {"code": "SEC", "name_zh": "秘書處", "name_en": "Secretariat"}
    )
    # ...and the unique constraint refuses it: one message, nothing half-saved (no audit entry).
    assert response.status_code == 422
    assert "This conflicts with an existing record." in response.get_data(as_text=True)
    assert (count(db, Agency), count(db, AuditEntry)) == before
