"""The housing officer through the test client: verify, correct points, allocate, approve; the
applicant accepts; move-in, notices, holds, family reviews; and the demo's live allocation."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import DormApplication, DormNotice, DormRoom, Lease, Notification, Role, User
from scheduler.services import dorms
from tests.conftest import Factory, csrf_token, sign_in
from tests.dorms_factories import ANSWERS, create_applicant, create_building, create_rules
from tests.web.dorms.test_dorms_pages import _post


def _session(app: Flask) -> Session:
    session: Session = app.extensions["sessionmaker"]()
    return session


def test_verify_correct_allocate_approve_and_accept(
    app: Flask, client: FlaskClient, db: Session, factory: Factory
) -> None:
    create_rules(db)
    create_building(db, "XY", rooms=1)
    officer = factory.create_user(roles=(Role.HOUSING_OFFICER,))
    applicant = create_applicant(factory)
    data = dorms.ApplicationInput(ANSWERS, ["XY"], "F")
    application_id = dorms.apply_for_room(db, applicant, data, dorms.today_of(utcnow())).id
    db.commit()
    db.close()
    applicant_name, officer_name = applicant.username, officer.username

    sign_in(client, officer_name)
    review = f"/dorms/manage/applications/{application_id}"
    assert "臺中、彰化、南投、雲林" in client.get(review).get_data(as_text=True)
    refused = _post(client, f"{review}/points", {"points": "70", "reason": ""}, review)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert 'id="reason-error"' in refused.get_data(as_text=True)  # type: ignore[attr-defined]
    for points in ("99999", "9" * 5000, "-1", "1e3", "\x00"):
        bad = _post(client, f"{review}/points", {"points": points, "reason": "x"}, review)
        assert bad.status_code == 422  # type: ignore[attr-defined]
    assert (
        _post(
            client, f"{review}/points", {"points": "64", "reason": "年資 7 年"}, review
        ).status_code
        == 303
    )  # type: ignore[attr-defined]
    assert _post(client, f"{review}/verify", {}, review).status_code == 303  # type: ignore[attr-defined]
    waiting = client.get("/dorms/manage/applications?status=waiting").get_data(as_text=True)
    assert f"#{application_id}" in waiting

    made = _post(client, "/dorms/manage/allocations", {}, "/dorms/manage/allocations")
    run_url = made.headers["Location"]  # type: ignore[attr-defined]
    proposal = client.get(run_url).get_data(as_text=True)
    assert 'data-room="XY-0101"' in proposal
    replay = _post(client, f"{run_url}/replay", {}, run_url)
    assert "配借結果相同" in replay.get_data(as_text=True)  # type: ignore[attr-defined]
    assert _post(client, f"{run_url}/approve", {}, run_url).status_code == 303  # type: ignore[attr-defined]
    again = _post(client, f"{run_url}/approve", {}, run_url)
    assert again.status_code == 409 and 'id="refusal"' in again.get_data(as_text=True)  # type: ignore[attr-defined]

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, applicant_name)
    mine = client.get("/dorms/mine").get_data(as_text=True)
    offer_id = int(re.search(r"/dorms/leases/(\d+)/accept", mine).group(1))  # type: ignore[union-attr]
    assert _post(client, f"/dorms/leases/{offer_id}/accept", {}, "/dorms/mine").status_code == 303  # type: ignore[attr-defined]
    lease_page = client.get(f"/dorms/leases/{offer_id}").get_data(as_text=True)
    assert "XY" in lease_page and "續約" in lease_page
    bad_day = _post(
        client, f"/dorms/leases/{offer_id}/notice", {"day": "9999-12-31"}, "/dorms/mine"
    )
    assert bad_day.status_code == 422  # type: ignore[attr-defined]
    with _session(app) as session:
        lease = session.get(Lease, offer_id)
        assert lease is not None and lease.status == "active" and lease.move_out_notice_on is None
        assert session.get(DormApplication, application_id).points == 64  # type: ignore[union-attr]


def test_notices_holds_and_family_reviews(
    app: Flask, client: FlaskClient, db: Session, factory: Factory
) -> None:
    building = create_building(db, "XY", rooms=2)
    family = create_building(db, "FA", kind="family", rooms=1)
    officer = factory.create_user(roles=(Role.HOUSING_OFFICER,))
    resident = create_applicant(factory)
    today = dorms.today_of(utcnow())
    db.add(
        Lease(
            room_id=building.rooms[0].id,
            resident_id=resident.id,
            start=today,
            end=dorms.periods.years_later(today, 2),
            status="active",
        )
    )
    household = create_applicant(factory)
    family_lease = Lease(
        room_id=family.rooms[0].id,
        resident_id=household.id,
        start=today,
        end=dorms.periods.years_later(today, 2),
        status="active",
    )
    db.add(family_lease)
    db.commit()
    ids = {"vacant": building.rooms[1].id, "family": family_lease.id, "resident": resident.id}
    db.close()
    sign_in(client, officer.username)
    page = "/dorms/manage/notices"
    assert (
        _post(client, page, {"title": "", "body": "x", "building_id": ""}, page).status_code == 422
    )  # type: ignore[attr-defined]
    assert (
        _post(
            client, page, {"title": "全面消毒", "body": "週五", "building_id": "99999999999"}, page
        ).status_code
        == 422
    )  # type: ignore[attr-defined]
    assert (
        _post(
            client, page, {"title": "全面消毒", "body": "週五", "building_id": ""}, page
        ).status_code
        == 303
    )  # type: ignore[attr-defined]
    hold = f"/dorms/manage/rooms/{ids['vacant']}/hold"
    assert (
        _post(client, hold, {"hold": "repair", "note": "漏水"}, "/dorms/manage/rooms").status_code
        == 303
    )  # type: ignore[attr-defined]
    assert (
        _post(client, hold, {"hold": "palace", "note": ""}, "/dorms/manage/rooms").status_code
        == 422
    )  # type: ignore[attr-defined]
    review = f"/dorms/manage/family/{ids['family']}/review"
    p = f"review-{ids['family']}-"
    assert (
        _post(client, review, {f"{p}still_serving": "y"}, "/dorms/manage/family").status_code == 422
    )  # type: ignore[attr-defined]
    checks = {f"{p}{name}": "y" for name in dorms.CHECKS}
    assert _post(client, review, checks, "/dorms/manage/family").status_code == 303  # type: ignore[attr-defined]
    assert "符合續住規定" in client.get("/dorms/manage/family").get_data(as_text=True)
    with _session(app) as session:
        assert session.scalars(select(DormNotice)).one().title == "全面消毒"
        assert session.get(DormRoom, ids["vacant"]).hold == "repair"  # type: ignore[union-attr]
        codes = session.scalars(
            select(Notification.code).where(Notification.user_id == ids["resident"])
        )
        assert "dorms.notice_posted" in list(codes)


def test_demo_resident_applicant_and_todays_allocation(demo_app: Flask) -> None:
    client = demo_app.test_client()
    sign_in(client, "resident", "demo2021")
    mine = client.get("/dorms/mine").get_data(as_text=True)
    assert 'id="my-room-number"' in mine and "每日消毒常接觸設施" in mine
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "applicant", "demo2021")
    mine = client.get("/dorms/mine").get_data(as_text=True)
    assert re.search(r"40 人中的第 \d+ 位", mine) and "預估等候" in mine
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "housing", "demo2021")
    run_url = _post(client, "/dorms/manage/allocations", {}, "/dorms/manage/allocations").headers[
        "Location"
    ]  # type: ignore[attr-defined]
    proposal = client.get(run_url).get_data(as_text=True)
    assert proposal.count('class="change-new"') >= 3
    with _session(demo_app) as session:
        applicant = session.scalars(select(User).where(User.username == "applicant")).one()
        run = dorms.get_run(session, int(run_url.rsplit("/", 1)[1]))
        assert dorms.replay(session, applicant, run.id).violations == []
