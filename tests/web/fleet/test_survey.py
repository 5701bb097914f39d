"""The whole walk to the passenger survey, and its guards: outcomes by dispatchers only, one answer per
token, unknown tokens 404, expired ones 410."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.i18n import TAIPEI
from scheduler.models import Role, SurveyAnswer, Trip, TripStatus
from tests.conftest import Factory, csrf_token, sign_in
from tests.fleet_factories import (
    approve,
    create_trip,
    create_vehicle,
    make_it_over,
)
from tests.web.fleet.test_fleet import trip_form


def _local(moment: datetime) -> str:
    return moment.astimezone(TAIPEI).strftime("%Y-%m-%dT%H:%M")


def post_completion(
    client: FlaskClient, trip: Trip, odometer: tuple[int, int], late: int = 0
) -> Any:
    """The dispatcher's outcome form, sent as 'completed' with the planned times (+ `late` minutes)."""
    return client.post(
        f"/trips/{trip.id}/outcome",
        data={
            "csrf_token": csrf_token(client, f"/trips/{trip.id}/outcome"),
            "status": "completed",
            "actual_start": _local(trip.start),
            "actual_end": _local(trip.end + timedelta(minutes=late)),
            "odometer_start": str(odometer[0]),
            "odometer_end": str(odometer[1]),
            "version": str(trip.version),
        },
    )


def test_request_approve_complete_answer_and_read_the_results(
    app: Flask, client: FlaskClient, db: Session, factory: Factory
) -> None:
    mailbox: list[tuple[str, str, str]] = []
    app.config["MAIL_SENDER"] = lambda to, subject, body: mailbox.append((to, subject, body))
    staff = factory.create_user(roles=(Role.AGENCY_STAFF,))
    dispatcher = factory.create_user(roles=(Role.DISPATCHER,))
    vehicle = create_vehicle(db, staff.agency, plate="RDA-0001", driver_name="林司機")
    # Plain strings: touching an expired row later would open a write transaction in this session.
    staff_name, dispatcher_name = staff.username, dispatcher.username

    # 1. Agency staff request a car.
    sign_in(client, staff_name)
    token = csrf_token(client, "/trips/new")
    assert (
        client.post(
            "/trips/new",
            data={**trip_form(contact_email="rider@example.gov.tw", needs=[]), "csrf_token": token},
        ).status_code
        == 302
    )
    trip = db.scalars(select(Trip)).one()
    # 2. The dispatch helper's approval, simulated; then the day of the trip passes.
    approve(db, trip, vehicle)
    assert "林司機" in client.get(f"/trips/{trip.id}").get_data(as_text=True)
    make_it_over(db, trip)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

    # 3. The dispatcher records the completed trip.
    sign_in(client, dispatcher_name)
    page = client.get(f"/trips/{trip.id}/outcome")
    assert page.status_code == 200
    response = post_completion(client, trip, (20500, 20537), late=10)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.expire_all()
    trip = db.get(Trip, trip.id)  # type: ignore[assignment]
    assert trip.status == TripStatus.COMPLETED.value and trip.odometer_end == 20537
    assert trip.actual_end == trip.end + timedelta(minutes=10)
    trip_month = trip.start.astimezone(TAIPEI).strftime("%Y-%m")

    # 4. The invitation exists and was mailed with its link.
    survey = db.scalars(select(SurveyAnswer)).one()
    db.commit()
    to, _, body = mailbox[-1]
    assert to == "rider@example.gov.tw"
    link = re.search(r"http://localhost/survey/(\S+)", body)
    assert link and link.group(1) == survey.token
    client.post("/logout", data={"csrf_token": csrf_token(client, "/trips/surveys")})

    # 5. The passenger answers without signing in.
    form = client.get(f"/survey/{survey.token}")
    assert form.status_code == 200 and "新北市政府" in form.get_data(as_text=True)
    answered = client.post(
        f"/survey/{survey.token}",
        data={
            "csrf_token": csrf_token(client, f"/survey/{survey.token}"),
            "rating": "5",
            "comment": "準時又親切",
        },
    )
    assert answered.status_code == 200 and 'id="survey-thanks"' in answered.get_data(as_text=True)

    # 6. The dispatcher reads it, with the share of satisfied answers.
    sign_in(client, dispatcher_name)
    results = client.get("/trips/surveys").get_data(as_text=True)
    assert "準時又親切" in results and "100.0%" in results
    month = trip_month  # the month of the trip's (local) date
    assert "準時又親切" in client.get("/trips/surveys", query_string={"month": month}).get_data(
        as_text=True
    )
    assert "準時又親切" not in client.get(
        "/trips/surveys", query_string={"month": "2020-01"}
    ).get_data(as_text=True)
    assert "/trips/surveys" in client.get("/").get_data(as_text=True)  # in the dispatcher's menu


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RESIDENT, Role.VENUE_MANAGER])
def test_only_dispatchers_record_outcomes_and_read_surveys(
    client: FlaskClient, db: Session, factory: Factory, signed_in: Any, role: Role
) -> None:
    owner = factory.create_user()
    trip = approve(db, create_trip(db, owner), create_vehicle(db, owner.agency))
    user = signed_in(role, agency=owner.agency) if role == Role.AGENCY_STAFF else signed_in(role)
    assert user.id
    assert client.get(f"/trips/{trip.id}/outcome").status_code == 403
    token = csrf_token(client, "/")
    response = client.post(
        f"/trips/{trip.id}/outcome",
        data={"csrf_token": token, "status": "no_show", "version": str(trip.version)},
    )
    assert response.status_code == 403
    assert client.get("/trips/surveys").status_code == 403
    db.expire_all()
    assert db.get(Trip, trip.id).status == TripStatus.APPROVED.value  # type: ignore[union-attr]


def test_outcome_with_odometer_going_backwards_is_422_and_saves_nothing(
    client: FlaskClient, db: Session, factory: Factory, signed_in: Any
) -> None:
    owner = factory.create_user()
    trip = make_it_over(db, approve(db, create_trip(db, owner), create_vehicle(db, owner.agency)))
    signed_in(Role.DISPATCHER)
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/")})
    response = post_completion(client, trip, (500, 400))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="odometer_end-error"' in html and "cannot be below" in html
    db.expire_all()
    assert db.get(Trip, trip.id).status == TripStatus.APPROVED.value  # type: ignore[union-attr]
    assert db.scalars(select(SurveyAnswer)).first() is None


def _survey(db: Session, factory: Factory, **overrides: Any) -> SurveyAnswer:
    owner = factory.create_user()
    trip = create_trip(db, owner, status=TripStatus.COMPLETED.value)
    survey = SurveyAnswer(
        trip_id=trip.id,
        token="t" * 43,
        expires_at=datetime.now(UTC) + timedelta(days=30),
        **overrides,
    )
    db.add(survey)
    db.commit()
    return survey


def test_a_survey_token_cannot_be_reused(
    client: FlaskClient, db: Session, factory: Factory
) -> None:
    survey = _survey(db, factory)
    url = f"/survey/{survey.token}"
    first = client.post(
        url, data={"csrf_token": csrf_token(client, url), "rating": "4", "comment": "好"}
    )
    assert first.status_code == 200
    token = csrf_token(client, "/login")
    second = client.post(url, data={"csrf_token": token, "rating": "1", "comment": "改變心意"})
    assert second.status_code == 409
    assert "已填答" in second.get_data(as_text=True) or "already been answered" in second.get_data(
        as_text=True
    )
    assert client.get(url).status_code == 409
    db.expire_all()
    again = db.get(SurveyAnswer, survey.id)
    assert again is not None and (again.rating, again.comment) == (4, "好")


def test_a_guessed_token_is_a_plain_404(client: FlaskClient, db: Session, factory: Factory) -> None:
    _survey(db, factory)
    for guess in ("t" * 42, "x" * 43, "1"):
        response = client.get(f"/survey/{guess}")
        assert response.status_code == 404
        assert "臺北市立聯合醫院" not in response.get_data(as_text=True)
    posted = client.post(
        "/survey/" + "x" * 43, data={"csrf_token": csrf_token(client, "/login"), "rating": "5"}
    )
    assert posted.status_code == 404


def test_an_expired_survey_is_410_and_keeps_no_answer(
    client: FlaskClient, db: Session, factory: Factory
) -> None:
    survey = _survey(db, factory, sent_at=datetime.now(UTC) - timedelta(days=31))
    survey.expires_at = datetime.now(UTC) - timedelta(days=1)
    db.commit()
    url = f"/survey/{survey.token}"
    assert client.get(url).status_code == 410
    token = csrf_token(client, "/login")
    assert client.post(url, data={"csrf_token": token, "rating": "5"}).status_code == 410
    db.expire_all()
    assert db.get(SurveyAnswer, survey.id).answered_at is None  # type: ignore[union-attr]


def test_the_survey_form_needs_a_rating(client: FlaskClient, db: Session, factory: Factory) -> None:
    survey = _survey(db, factory)
    url = f"/survey/{survey.token}"
    client.post("/language/en", data={"csrf_token": csrf_token(client, url)})
    page = client.get(url).get_data(as_text=True)
    for label in ("Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"):
        assert f"> {label}</label>" in page or label in page
    assert page.count('type="radio"') == 5
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "comment": "沒選"})
    assert response.status_code == 422 and 'id="rating-error"' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(SurveyAnswer, survey.id).answered_at is None  # type: ignore[union-attr]


def test_dispatchers_see_the_finished_trips_still_waiting_for_an_outcome(
    client: FlaskClient, db: Session, factory: Factory, signed_in: Any
) -> None:
    owner = factory.create_user()
    vehicle = create_vehicle(db, owner.agency)
    started = datetime.now(UTC) - timedelta(hours=3)
    finished = approve(
        db,
        create_trip(
            db, owner, start=started, end=started + timedelta(hours=1), destination="已結束"
        ),
        vehicle,
    )
    approve(db, create_trip(db, owner, destination="還沒出發"), vehicle)
    create_trip(db, owner, start=started, end=started + timedelta(hours=1), destination="未核准")
    signed_in(Role.DISPATCHER)
    html = client.get("/trips/outcomes").get_data(as_text=True)
    assert "已結束" in html and f"/trips/{finished.id}/outcome" in html
    assert "還沒出發" not in html and "未核准" not in html
    assert "/trips/outcomes" in client.get("/trips/surveys").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, owner.username)
    assert client.get("/trips/outcomes").status_code == 403
