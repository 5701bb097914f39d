"""Dispatch services on the real temporary database: instance, runs, drafts, pins, recalls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from optimize.api import validate
from optimize.common import Progress
from optimize.fleet import parse_fleet
from scheduler.errors import ValidationError
from scheduler.models import AuditEntry, OptimizationRun, Trip, VehicleOutage
from scheduler.services.dispatch import (
    DRAFT,
    FAILED,
    change_assignment,
    draft_rows,
    fail_if_stalled,
    reoptimize,
    start_run,
    to_problem,
)
from scheduler.services.dispatch.problem import iso
from scheduler.services.dispatch.runs import ProgressWriter, progress_percent
from tests.conftest import Factory
from tests.services.dispatch.test_dispatch_support import (
    TIME_LIMIT,
    Fleet,
    at,
    draft_violations,
    solve_now,
)


@pytest.fixture
def fleet(db: Session, factory: Factory) -> Fleet:
    return Fleet(db, factory)


def _run(app: Flask, db: Session, fleet: Fleet, **kwargs: object) -> OptimizationRun:
    run, instance = start_run(db, fleet.dispatcher, fleet.period, TIME_LIMIT, **kwargs)  # type: ignore[arg-type]
    db.commit()
    solve_now(app, run, instance)
    db.expire_all()
    refreshed = db.get(OptimizationRun, run.id)
    assert refreshed is not None
    return refreshed


def test_to_problem_builds_a_valid_contract_instance(db: Session, fleet: Fleet) -> None:
    moved = fleet.trip(9, vehicle="V01", priority=3, needs=["ev"], passengers=3)
    pinned = fleet.trip(11, vehicle="V02", pinned=True)
    asked = fleet.trip(14, agency=fleet.secretariat)
    fleet.trip(8, day=fleet.day + timedelta(days=3))  # outside the period
    kept = fleet.trip(
        22, day=fleet.day - timedelta(days=1), hours=3, vehicle="V03"
    )  # runs past midnight
    fleet.take_out("V04", "maintenance", 12, 15, "tyres")
    db.commit()

    scope = to_problem(db, fleet.period)

    validate(scope.instance, "fleet.instance.json")
    problem = parse_fleet(scope.instance)
    assert problem.turnaround == 15
    trips = {t["id"]: t for t in scope.instance["trips"]}
    assert set(trips) == {f"T{moved.id}", f"T{pinned.id}", f"T{asked.id}"}
    expected = {
        "agency": "DOH",
        "passengers": 3,
        "requires": ["ev"],
        "priority": 3,
        "previous_vehicle": "V01",
        "pinned_vehicle": None,
    }
    assert {k: trips[f"T{moved.id}"][k] for k in expected} == expected
    assert trips[f"T{moved.id}"]["start"].endswith("+08:00")
    assert trips[f"T{pinned.id}"]["pinned_vehicle"] == "V02"
    assert trips[f"T{asked.id}"]["previous_vehicle"] is None
    vehicles = {v["id"]: v for v in scope.instance["vehicles"]}
    assert vehicles["V04"]["unavailable"] == [
        {"start": at(fleet.day, 12).isoformat(), "end": at(fleet.day, 15).isoformat()}
    ]
    # The trip the run keeps blocks its car until its end plus the turnaround.
    assert vehicles["V03"]["unavailable"][0]["end"] == iso(kept.end + timedelta(minutes=15))
    assert scope.versions == {
        moved.id: moved.version,
        pinned.id: pinned.version,
        asked.id: asked.version,
    }


def test_run_stores_a_draft_that_never_double_books_and_keeps_pins(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    pinned = fleet.trip(9, vehicle="V04", pinned=True)
    for hour in (9, 9, 9, 10, 13):
        fleet.trip(hour, hours=1.5)
    big = fleet.trip(15, passengers=12)  # no car has 12 seats

    run = _run(app, db, fleet)

    assert run.state == DRAFT and run.solver_status in ("optimal", "feasible")
    assert run.objective and run.solve_seconds is not None and run.progress["percent"] == 100
    assert draft_violations(db, run) == []
    items = {i.item_id: i for i in run.items}
    assert items[pinned.id].resource_id == fleet.vehicles["V04"].id and items[pinned.id].pinned
    assert items[pinned.id].change == "unchanged"
    assert items[big.id].change == "unassigned" and "12 seats" in " ".join(items[big.id].reasons)
    assert {i.change for i in run.items} >= {"new", "unchanged", "unassigned"}
    assert (
        db.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "optimize")
        )
        == 1
    )


def test_a_conflicting_hand_change_is_refused_and_changes_nothing(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    first = fleet.trip(9)
    second = fleet.trip(9, hours=0.5)
    run = _run(app, db, fleet)
    taken = next(i for i in run.items if i.item_id == first.id).resource_id
    other = next(i for i in run.items if i.item_id == second.id)
    before = (other.resource_id, other.pinned, other.change)

    with pytest.raises(ValidationError, match="busy with") as refused:
        change_assignment(db, fleet.dispatcher, run.id, second.id, taken, pin=True)
    assert refused.value.field == "vehicle_id"
    db.rollback()

    db.expire_all()
    other = next(i for i in db.get(OptimizationRun, run.id).items if i.item_id == second.id)  # type: ignore[union-attr]
    assert (other.resource_id, other.pinned, other.change) == before
    rows = {r.trip.id: r for r in draft_rows(db, run)}
    assert taken not in {v.id for v in rows[second.id].choices}


def test_too_few_seats_and_unknown_vehicle_are_refused(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    trip = fleet.trip(9, passengers=6)
    run = _run(app, db, fleet)
    assert (
        next(i for i in run.items if i.item_id == trip.id).resource_id == fleet.vehicles["V03"].id
    )
    with pytest.raises(ValidationError, match="4 seats"):
        change_assignment(
            db, fleet.dispatcher, run.id, trip.id, fleet.vehicles["V01"].id, pin=False
        )
    db.rollback()
    with pytest.raises(ValidationError, match="no vehicle 9999"):
        change_assignment(db, fleet.dispatcher, run.id, trip.id, 9999, pin=True)
    db.rollback()


def test_pin_then_reoptimize_keeps_the_pin(app: Flask, db: Session, fleet: Fleet) -> None:
    trip = fleet.trip(9)
    run = _run(app, db, fleet)
    row = next(r for r in draft_rows(db, run) if r.trip.id == trip.id)
    target = next(v for v in row.choices if v.id != row.item.resource_id)

    change_assignment(db, fleet.dispatcher, run.id, trip.id, target.id, pin=True)
    db.commit()
    new_run, instance = reoptimize(db, fleet.dispatcher, run.id, TIME_LIMIT)
    db.commit()
    assert [t["pinned_vehicle"] for t in instance["trips"]] == [target.code]
    solve_now(app, new_run, instance)
    db.expire_all()

    assert db.get(OptimizationRun, run.id).state == "discarded"  # type: ignore[union-attr]
    item = db.get(OptimizationRun, new_run.id).items[0]  # type: ignore[union-attr]
    assert (item.resource_id, item.pinned) == (target.id, True)
    assert db.get(Trip, trip.id).vehicle_id is None  # type: ignore[union-attr]  # drafts never touch trips


def test_recall_flags_trips_and_the_next_run_moves_them(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    hit = fleet.trip(10, vehicle="V01", pinned=True)
    spared = fleet.trip(16, vehicle="V01")
    other = fleet.trip(10, vehicle="V02")

    outage, flagged = fleet.take_out("V01", "recall", 8, 13, "flood prevention")
    db.commit()

    assert [t.id for t in flagged] == [hit.id]
    assert (outage.kind, outage.end) == ("recall", at(fleet.day, 13))
    db.expire_all()
    hit_row = db.get(Trip, hit.id)
    assert (
        hit_row is not None and hit_row.needs_replan and "flood prevention" in hit_row.replan_reason
    )
    assert not hit_row.pinned
    assert not db.get(Trip, spared.id).needs_replan  # type: ignore[union-attr]
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "recall")) is not None

    run = _run(app, db, fleet)
    items = {i.item_id: i for i in run.items}
    assert items[hit.id].change in ("moved", "unassigned")
    assert items[hit.id].resource_id != fleet.vehicles["V01"].id
    assert items[spared.id].change == "unchanged" and items[other.id].change == "unchanged"
    assert draft_violations(db, run) == []


def test_outage_end_before_start_is_refused(db: Session, fleet: Fleet) -> None:
    trip = fleet.trip(10, vehicle="V01")
    with pytest.raises(ValidationError, match="after the start") as refused:
        fleet.take_out("V01", "maintenance", 12, 8, "oil")
    assert refused.value.field == "end"
    db.rollback()
    assert db.scalar(select(func.count()).select_from(VehicleOutage)) == 0
    assert not db.get(Trip, trip.id).needs_replan  # type: ignore[union-attr]


def test_a_broken_solve_marks_the_run_failed(app: Flask, db: Session, fleet: Fleet) -> None:
    fleet.trip(9)
    run, instance = start_run(db, fleet.dispatcher, fleet.period, TIME_LIMIT)
    db.commit()

    def broken(*_args: object, **_kwargs: object) -> dict[str, object]:
        raise RuntimeError("solver crashed")

    solve_now(app, run, instance, solver=broken)
    db.expire_all()
    failed = db.get(OptimizationRun, run.id)
    assert failed is not None and failed.state == FAILED and "crashed" in failed.progress["error"]


def test_progress_is_written_while_running(app: Flask, db: Session, fleet: Fleet) -> None:
    fleet.trip(9)
    run, _instance = start_run(db, fleet.dispatcher, fleet.period, TIME_LIMIT)
    db.commit()
    writer = ProgressWriter(app.extensions["sessionmaker"], run.id, TIME_LIMIT, interval=0)
    writer(Progress(level=2, levels=4, objective=5, bound=5, seconds=0.1))
    db.expire_all()
    progress = db.get(OptimizationRun, run.id).progress  # type: ignore[union-attr]
    assert (progress["level"], progress["levels"], progress["percent"]) == (2, 4, 50)
    assert progress_percent(Progress(1, 4, 0, 10, 0.0), 10) == 0
    assert progress_percent(Progress(4, 4, 3, 3, 0.0), 10) == 99  # 100 only when stored


def test_a_run_whose_solve_vanished_is_marked_failed(db: Session, fleet: Fleet) -> None:
    fleet.trip(9)
    run, _instance = start_run(db, fleet.dispatcher, fleet.period, TIME_LIMIT)
    db.commit()
    assert not fail_if_stalled(db, run, now=run.started_at + timedelta(seconds=TIME_LIMIT + 10))
    assert fail_if_stalled(db, run, now=run.started_at + timedelta(minutes=5))
    assert run.state == FAILED and "optimize again" in run.progress["error"]


def test_a_trip_on_a_car_that_left_the_pool_counts_as_moved(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    trip = fleet.trip(9, vehicle="V01")
    fleet.vehicles["V01"].in_pool = False
    db.commit()
    run = _run(app, db, fleet)
    item = run.items[0]
    assert (item.item_id, item.previous_resource_id) == (trip.id, fleet.vehicles["V01"].id)
    assert item.change == "moved" and item.resource_id not in (None, fleet.vehicles["V01"].id)
