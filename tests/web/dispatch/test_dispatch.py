"""The dispatch blueprint through the test client: access, board, runs, pins, approval, recalls."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.models import OptimizationRun, PlanItem, Role, Trip, VehicleOutage
from scheduler.services.dispatch import start_run
from tests.conftest import Factory, csrf_token, sign_in
from tests.services.dispatch.test_dispatch_support import TIME_LIMIT, Fleet, approved_problems

URLS = [
    ("get", "/dispatch/"),
    ("get", "/dispatch/runs/1"),
    ("get", "/dispatch/runs/1/progress"),
    ("post", "/dispatch/runs"),
    ("post", "/dispatch/runs/1/trips/1"),
    ("post", "/dispatch/runs/1/approve"),
    ("post", "/dispatch/runs/1/reoptimize"),
    ("post", "/dispatch/runs/1/discard"),
    ("post", "/dispatch/outages"),
]


def fresh(app: Flask) -> Session:
    """A short session of its own: under SQLite even a read holds the write lock until it ends."""
    session: Session = app.extensions["sessionmaker"]()
    return session


@pytest.fixture
def sync_app(app: Flask) -> Flask:
    app.config.update(DISPATCH_SYNC=True, SOLVER_TIME_LIMIT=TIME_LIMIT, WTF_CSRF_ENABLED=False)
    return app


@pytest.fixture
def dispatcher(client: FlaskClient, db: Session, factory: Factory) -> Fleet:
    """A small fleet, with its dispatcher signed in."""
    fleet = Fleet(db, factory)
    assert sign_in(client, fleet.dispatcher.username).status_code == 302
    return fleet


@pytest.mark.parametrize(
    "role", [Role.AGENCY_STAFF, Role.RESIDENT, Role.VENUE_MANAGER, Role.HOUSING_OFFICER]
)
@pytest.mark.parametrize(("method", "url"), URLS)
def test_only_dispatchers_reach_dispatch(
    client: FlaskClient, signed_in: object, role: Role, method: str, url: str
) -> None:
    signed_in(role)  # type: ignore[operator]
    token = csrf_token(client, "/")
    response = getattr(client, method)(
        url, data={"csrf_token": token} if method == "post" else None
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), URLS)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: FlaskClient, app: Flask, method: str, url: str
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_board_shows_vehicles_trips_pending_and_outages(
    client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    fleet = dispatcher
    approved = fleet.trip(9, vehicle="V01")
    waiting = fleet.trip(13)
    fleet.take_out("V01", "recall", 8, None, "flood duty")
    db.commit()

    page = client.get(f"/dispatch/?date={fleet.day.isoformat()}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    for code in ("V01", "V02", "V03", "V04"):
        assert f'data-vehicle="{code}"' in html
    assert re.search(r'class="vehicle-row out-of-pool" data-vehicle="V01"', html)
    assert "flood duty" in html  # the reason in words, not only grey
    assert f'class="trip-block replan" data-trip="{approved.id}"' in html
    assert f'class="pending-trip" data-trip="{waiting.id}"' in html
    assert f'class="pending-trip" data-trip="{approved.id}"' in html  # flagged for re-planning

    fragment = client.get(
        f"/dispatch/?date={fleet.day.isoformat()}&view=week", headers={"HX-Request": "true"}
    )
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and f'data-trip="{approved.id}"' in body
    assert "HX-Request" in fragment.headers["Vary"]


def _start(client: FlaskClient, fleet: Fleet) -> int:
    response = client.post(
        "/dispatch/runs",
        data={"first_day": fleet.day.isoformat(), "last_day": fleet.day.isoformat()},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/dispatch/runs/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def test_optimize_shows_the_draft_and_the_progress_poll_stops(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    fleet = dispatcher
    trips = [fleet.trip(9), fleet.trip(9), fleet.trip(15, passengers=12)]
    run_id = _start(client, fleet)

    html = client.get(f"/dispatch/runs/{run_id}/progress", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert 'data-state="draft"' in html and "every 500ms" not in html
    for trip in trips:
        assert f'data-trip="{trip.id}"' in html
    assert "12 seats" in html  # the unassigned trip's reason
    with fresh(sync_app) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(PlanItem).where(PlanItem.run_id == run_id)
            )
            == 3
        )


def test_a_running_run_polls_every_half_second(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    dispatcher.trip(9)
    run, _instance = start_run(db, dispatcher.dispatcher, dispatcher.period, TIME_LIMIT)
    db.commit()
    html = client.get(f"/dispatch/runs/{run.id}/progress", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert 'hx-trigger="every 500ms"' in html and "<progress" in html


def test_bad_optimize_period_gets_a_message(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    response = client.post(
        "/dispatch/runs", data={"first_day": "2030-01-10", "last_day": "2030-01-01"}
    )
    assert response.status_code == 422
    assert "結束日不可早於開始日" in response.get_data(as_text=True)  # zh_TW is the default
    with fresh(sync_app) as session:
        assert session.scalar(select(func.count()).select_from(OptimizationRun)) == 0


def _item(app: Flask, run_id: int, trip_id: int) -> tuple[int | None, bool, str]:
    with fresh(app) as session:
        item = session.scalar(
            select(PlanItem).where(PlanItem.run_id == run_id, PlanItem.item_id == trip_id)
        )
        assert item is not None
        return item.resource_id, item.pinned, item.change


def test_pin_a_fitting_vehicle_and_refuse_a_conflicting_one(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    fleet = dispatcher
    first, second = fleet.trip(9), fleet.trip(9, hours=0.5)
    run_id = _start(client, fleet)
    taken, _, _ = _item(sync_app, run_id, first.id)
    before = _item(sync_app, run_id, second.id)
    url = f"/dispatch/runs/{run_id}/trips/{second.id}"

    refused = client.post(
        url, data={"vehicle_id": str(taken), "pin": "y"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422
    assert f"busy with #{first.id}" in refused.get_data(as_text=True)
    assert _item(sync_app, run_id, second.id) == before

    unknown = client.post(
        url, data={"vehicle_id": "9999", "pin": "y"}, headers={"HX-Request": "true"}
    )
    assert unknown.status_code == 422 and "找不到車輛 9999" in unknown.get_data(as_text=True)
    garbage = client.post(url, data={"vehicle_id": "V01"}, headers={"HX-Request": "true"})
    assert garbage.status_code == 422
    assert _item(sync_app, run_id, second.id) == before
    assert (
        client.post(f"/dispatch/runs/{run_id}/trips/999999", data={"vehicle_id": ""}).status_code
        == 404
    )
    assert (
        client.post(f"/dispatch/runs/999999/trips/{second.id}", data={"vehicle_id": ""}).status_code
        == 404
    )

    free = next(v.id for v in fleet.vehicles.values() if v.id not in (taken, before[0]))
    pinned = client.post(
        url, data={"vehicle_id": str(free), "pin": "y"}, headers={"HX-Request": "true"}
    )
    assert pinned.status_code == 200
    assert _item(sync_app, run_id, second.id)[:2] == (free, True)

    again = client.post(f"/dispatch/runs/{run_id}/reoptimize")
    assert again.status_code == 303
    new_id = int(again.headers["Location"].rsplit("/", 1)[1])
    assert _item(sync_app, new_id, second.id)[:2] == (free, True)


def test_approve_then_approve_again_is_refused(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    fleet = dispatcher
    trips = [fleet.trip(9), fleet.trip(9), fleet.trip(11)]
    run_id = _start(client, fleet)

    approved = client.post(f"/dispatch/runs/{run_id}/approve")
    assert approved.status_code == 303 and "/dispatch/?date=" in approved.headers["Location"]
    with fresh(sync_app) as session:
        assert {session.get(Trip, t.id).status for t in trips} == {"approved"}  # type: ignore[union-attr]

    again = client.post(f"/dispatch/runs/{run_id}/approve")
    assert again.status_code == 409 and "已被他人先行處理" in again.get_data(as_text=True)
    with fresh(sync_app) as session:
        assert approved_problems(session) == []
    board = client.get(approved.headers["Location"]).get_data(as_text=True)
    assert all(f'data-trip="{t.id}"' in board for t in trips)


def test_discard_leaves_trips_untouched(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    trip = dispatcher.trip(9)
    run_id = _start(client, dispatcher)
    assert client.post(f"/dispatch/runs/{run_id}/discard").status_code == 303
    with fresh(sync_app) as session:
        assert session.get(OptimizationRun, run_id).state == "discarded"  # type: ignore[union-attr]
        assert session.get(Trip, trip.id).status == "requested"  # type: ignore[union-attr]


def test_maintenance_form_refuses_end_before_start_and_records_a_good_one(
    sync_app: Flask, client: FlaskClient, db: Session, dispatcher: Fleet
) -> None:
    fleet = dispatcher
    trip = fleet.trip(10, vehicle="V02")
    day = fleet.day.isoformat()
    data = {"vehicle_id": str(fleet.vehicles["V02"].id), "kind": "maintenance", "reason": "brakes"}

    bad = client.post(
        "/dispatch/outages", data={**data, "start": f"{day}T12:00", "end": f"{day}T08:00"}
    )
    assert bad.status_code == 422 and "結束時間須晚於開始時間" in bad.get_data(as_text=True)
    with fresh(sync_app) as session:
        assert session.scalar(select(func.count()).select_from(VehicleOutage)) == 0

    good = client.post(
        "/dispatch/outages", data={**data, "start": f"{day}T08:00", "end": f"{day}T18:00"}
    )
    assert good.status_code == 303
    with fresh(sync_app) as session:
        assert session.get(Trip, trip.id).needs_replan  # type: ignore[union-attr]
    board = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "brakes" in board and f'class="trip-block replan" data-trip="{trip.id}"' in board


def test_a_stale_draft_is_flagged_and_its_approval_refused(
    sync_app: Flask, client: FlaskClient, dispatcher: Fleet
) -> None:
    trip = dispatcher.trip(9)
    older = _start(client, dispatcher)
    newer = _start(client, dispatcher)
    assert client.post(f"/dispatch/runs/{newer}/approve").status_code == 303

    page = client.get(f"/dispatch/runs/{older}").get_data(as_text=True)
    assert 'id="run-stale"' in page and f"#{trip.id}" in page
    refused = client.post(f"/dispatch/runs/{older}/approve")
    assert refused.status_code == 409 and "stale" in refused.get_data(as_text=True)
    with fresh(sync_app) as session:
        assert session.get(OptimizationRun, older).state == "draft"  # type: ignore[union-attr]
        assert approved_problems(session) == []
