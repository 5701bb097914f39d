"""The dormitory pages through the test client: applying, refusals beside the field with nothing
saved, privacy (another person's id is a 404), roles, and the officer's cycle to an accepted offer."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import DormApplication, Lease, Role
from scheduler.services import dorms
from tests.conftest import Factory, csrf_token, sign_in
from tests.dorms_factories import ANSWERS, create_applicant, create_building, create_rules

RESIDENT_URLS = [
    ("get", "/dorms/mine"),
    ("get", "/dorms/apply"),
    ("get", "/dorms/applications/1"),
    ("post", "/dorms/applications/1/withdraw"),
    ("get", "/dorms/leases/1"),
    ("post", "/dorms/leases/1/accept"),
    ("post", "/dorms/leases/1/decline"),
    ("post", "/dorms/leases/1/notice"),
    ("post", "/dorms/leases/1/renewal"),
]
OFFICER_URLS = [
    ("get", "/dorms/manage"),
    ("get", "/dorms/manage/rooms"),
    ("post", "/dorms/manage/rooms/1/hold"),
    ("get", "/dorms/manage/applications"),
    ("get", "/dorms/manage/applications/1"),
    ("post", "/dorms/manage/applications/1/verify"),
    ("post", "/dorms/manage/applications/1/points"),
    ("post", "/dorms/manage/applications/1/reject"),
    ("get", "/dorms/manage/allocations"),
    ("post", "/dorms/manage/allocations"),
    ("get", "/dorms/manage/allocations/1"),
    ("post", "/dorms/manage/allocations/1/approve"),
    ("post", "/dorms/manage/allocations/1/discard"),
    ("post", "/dorms/manage/allocations/1/replay"),
    ("get", "/dorms/manage/leases"),
    ("post", "/dorms/manage/leases/1/renew"),
    ("post", "/dorms/manage/leases/1/move-in"),
    ("post", "/dorms/manage/leases/1/move-out"),
    ("get", "/dorms/manage/family"),
    ("post", "/dorms/manage/family/1/review"),
    ("get", "/dorms/manage/notices"),
    ("post", "/dorms/manage/notices"),
    ("post", "/dorms/manage/notices/1/withdraw"),
]


@pytest.fixture
def world(db: Session) -> Iterator[None]:
    create_rules(db)
    create_building(db, "XY", rooms=2)
    create_building(db, "XI", rooms=1)
    yield


def _post(client: FlaskClient, url: str, data: dict[str, str], page: str = "/") -> object:
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def _form(**overrides: str) -> dict[str, str]:
    data = {f"q_{k}": v for k, v in ANSWERS.items()}
    data.update(first_choice="XY", second_choice="XI", gender="F")
    data.update(overrides)
    return data


def _count(app: Flask, model: type) -> int:
    with app.extensions["sessionmaker"]() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# Who is refused where: every other role on each resident page and each officer page.
REFUSED = [
    (role, method, url)
    for role in (Role.AGENCY_STAFF, Role.DISPATCHER, Role.VENUE_MANAGER, Role.HOUSING_OFFICER)
    for method, url in RESIDENT_URLS
] + [
    (role, method, url)
    for role in (Role.AGENCY_STAFF, Role.RESIDENT, Role.DISPATCHER, Role.ADMIN)
    for method, url in OFFICER_URLS
]


@pytest.mark.parametrize(("role", "method", "url"), REFUSED)
def test_each_page_is_for_its_own_role(
    client: FlaskClient, signed_in: object, role: Role, method: str, url: str
) -> None:
    signed_in(role)  # type: ignore[operator]
    token = csrf_token(client, "/")
    response = getattr(client, method)(
        url, data={"csrf_token": token} if method == "post" else None
    )
    assert response.status_code == 403


def test_apply_through_the_form_shows_the_points_breakdown(
    app: Flask, client: FlaskClient, factory: Factory, world: None
) -> None:
    user = create_applicant(factory)
    sign_in(client, user.username)
    page = client.get("/dorms/apply").get_data(as_text=True)
    assert "戶籍所在地" in page and "請攜帶：戶籍謄本" in page
    response = _post(client, "/dorms/apply", _form(), "/dorms/apply")
    assert response.status_code == 303  # type: ignore[attr-defined]
    location = response.headers["Location"]  # type: ignore[attr-defined]
    assert re.search(r"/dorms/applications/\d+$", location)
    detail = client.get(location).get_data(as_text=True)
    assert "臺中、彰化、南投、雲林" in detail and ">60<" in detail.replace("<strong>", "")
    mine = client.get("/dorms/mine").get_data(as_text=True)
    assert "正待宿舍管理單位審核" in mine


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"q_household": "taipei"}, "q_household"),
        ({"q_owns_home": "yes"}, "q_owns_home"),
        ({"q_grade": "ju\x00nior"}, "q_grade"),
        ({"q_service_years": "9" * 5000}, "q_service_years"),
        ({"q_service_years": "\x07"}, "q_service_years"),
        ({"first_choice": "", "second_choice": ""}, "first_choice"),
        ({"second_choice": "XY"}, "second_choice"),
        ({"first_choice": "<script>"}, "first_choice"),
        ({"gender": "Q"}, "gender"),
    ],
)
def test_bad_applications_are_refused_beside_the_field_and_nothing_saved(
    app: Flask,
    client: FlaskClient,
    factory: Factory,
    world: None,
    overrides: dict[str, str],
    field: str,
) -> None:
    user = create_applicant(factory)
    sign_in(client, user.username)
    response = _post(client, "/dorms/apply", _form(**overrides), "/dorms/apply")
    assert response.status_code == 422  # type: ignore[attr-defined]
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert (
        f'id="{field}-error"' in body and f"{field}-error" in body.split(f'id="{field}-error"')[0]
    )
    assert _count(app, DormApplication) == 0


def test_nobody_reads_or_answers_another_persons_records(
    app: Flask, client: FlaskClient, db: Session, factory: Factory, world: None
) -> None:
    owner, other = create_applicant(factory), create_applicant(factory)
    officer = factory.create_user(roles=(Role.HOUSING_OFFICER,))
    data = dorms.ApplicationInput(ANSWERS, ["XY"], "F")
    application = dorms.apply_for_room(db, owner, data, dorms.today_of(utcnow()))
    dorms.verify_application(db, officer, application.id)
    run = dorms.run_allocation(db, officer)
    (offer,) = dorms.approve_allocation(db, officer, run.id)
    db.commit()
    ids = {"application": application.id, "offer": offer.id}
    db.close()
    sign_in(client, other.username)
    assert client.get(f"/dorms/applications/{ids['application']}").status_code == 404
    assert client.get(f"/dorms/leases/{ids['offer']}").status_code == 404
    for url in (
        f"/dorms/applications/{ids['application']}/withdraw",
        f"/dorms/leases/{ids['offer']}/accept",
        f"/dorms/leases/{ids['offer']}/decline",
        f"/dorms/leases/{ids['offer']}/renewal",
    ):
        assert _post(client, url, {}).status_code == 404  # type: ignore[attr-defined]
    assert (
        _post(client, f"/dorms/leases/{ids['offer']}/notice", {"day": "2030-01-01"}).status_code
        == 404
    )  # type: ignore[attr-defined]
    mine = client.get("/dorms/mine").get_data(as_text=True)
    assert owner.display_name not in mine
    with app.extensions["sessionmaker"]() as session:
        assert session.get(Lease, ids["offer"]).status == "offered"  # type: ignore[union-attr]
        assert session.get(DormApplication, ids["application"]).status == "offered"  # type: ignore[union-attr]
