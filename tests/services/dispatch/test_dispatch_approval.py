"""Approving drafts: all or nothing, one winner among racing dispatchers, stale drafts refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.errors import Conflict
from scheduler.models import AuditEntry, Notification, OptimizationRun, Trip
from scheduler.services.dispatch import (
    APPROVED,
    DRAFT,
    approve_plan,
    discard_plan,
    start_run,
)
from scheduler.services.messages import render
from scheduler.services.notifications import deliver_outbox
from tests.conftest import Factory
from tests.services.dispatch.test_dispatch_support import (
    TIME_LIMIT,
    Fleet,
    approved_problems,
    fake_solver,
    solve_now,
    user,
)


@pytest.fixture
def fleet(db: Session, factory: Factory) -> Fleet:
    return Fleet(db, factory)


def _draft(
    app: Flask, db: Session, fleet: Fleet, plan: dict[str, str] | None = None
) -> OptimizationRun:
    """A draft over the fleet's day: the given plan (trip id -> vehicle code), or the real solver's."""
    run, instance = start_run(db, fleet.dispatcher, fleet.period, TIME_LIMIT)
    db.commit()
    solver = None
    if plan is not None:
        keys = [t["id"] for t in instance["trips"]]
        solver = fake_solver(
            {
                "kind": "fleet",
                "status": "feasible",
                "assignments": {k: v for k, v in plan.items() if k in keys},
                "unassigned": {k: ["busy"] for k in keys if k not in plan},
                "objective": [0, 0, 0, 0],
                "solve_seconds": 0.01,
            }
        )
    solve_now(app, run, instance, solver)
    db.expire_all()
    refreshed = db.get(OptimizationRun, run.id)
    assert refreshed is not None and refreshed.state == DRAFT
    return refreshed


def words(note: Notification) -> str:
    """The notification as an English reader sees it."""
    return render(note.code, note.params, "en")


def test_approval_applies_the_draft_and_tells_the_requesters(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    ride = fleet.trip(9)
    moved = fleet.trip(11, vehicle="V02")
    waiting = fleet.trip(14, passengers=12)
    run = _draft(app, db, fleet)
    mails: list[tuple[str, str, str]] = []

    result = approve_plan(db, fleet.dispatcher, run.id, link="/trips/")
    db.commit()
    assert mails == []  # the service only queues: mail leaves from the outbox, after the commit
    assert deliver_outbox(db, lambda *m: mails.append(m)) == 1
    assert deliver_outbox(db, lambda *m: mails.append(m)) == 0  # sent once

    db.expire_all()
    assert result.approved == 2 and result.unassigned == 1 and result.notified == 1
    assert db.get(OptimizationRun, run.id).state == APPROVED  # type: ignore[union-attr]
    ride_row, moved_row, waiting_row = (db.get(Trip, t.id) for t in (ride, moved, waiting))
    assert ride_row.status == "approved" and ride_row.vehicle_id is not None  # type: ignore[union-attr]
    assert moved_row.status == "approved" and moved_row.vehicle_id == fleet.vehicles["V02"].id  # type: ignore[union-attr]
    assert waiting_row.status == "requested" and waiting_row.vehicle_id is None  # type: ignore[union-attr]
    assert "12 seats" in waiting_row.replan_reason  # type: ignore[union-attr]
    notes = list(db.scalars(select(Notification).where(Notification.user_id == fleet.staff.id)))
    assert (
        len(notes) == 1
        and notes[0].link == "/trips/"
        and f"#{ride.id}" in words(notes[0])
        and f"#{waiting.id}" in words(notes[0])
    )
    assert f"#{moved.id}" not in words(notes[0])  # unchanged: nothing to tell
    assert [m[0] for m in mails] == [fleet.staff.email]
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "approve")) is not None
    assert approved_problems(db) == []


def test_the_same_draft_approved_twice_is_refused_the_second_time(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    fleet.trip(9)
    fleet.trip(9)
    run = _draft(app, db, fleet)
    approve_plan(db, fleet.dispatcher, run.id)
    db.commit()
    versions = {t.id: t.version for t in db.scalars(select(Trip))}

    with pytest.raises(Conflict, match="already approved"):
        approve_plan(db, fleet.dispatcher, run.id)
    db.rollback()

    db.expire_all()
    assert {t.id: t.version for t in db.scalars(select(Trip))} == versions
    assert (
        db.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "approve")
        )
        == 1
    )
    with pytest.raises(Conflict):
        discard_plan(db, fleet.dispatcher, run.id)
    db.rollback()


@pytest.mark.parametrize("same_draft", [True, False], ids=["same-draft", "two-drafts"])
def test_racing_approvals_leave_exactly_one_plan(
    app: Flask, db: Session, fleet: Fleet, same_draft: bool
) -> None:
    a, b, c = fleet.trip(9), fleet.trip(9), fleet.trip(10)
    key = {t.id: f"T{t.id}" for t in (a, b, c)}
    # Two drafts that disagree: approving both would put both 09:00 trips on V01 and V02 twice.
    first = _draft(app, db, fleet, {key[a.id]: "V01", key[b.id]: "V02", key[c.id]: "V03"})
    second = (
        first
        if same_draft
        else _draft(app, db, fleet, {key[a.id]: "V02", key[b.id]: "V01", key[c.id]: "V04"})
    )
    dispatcher_id, run_ids = fleet.dispatcher.id, (first.id, second.id)
    db.rollback()  # every SQLite transaction here takes the write lock, reads included
    sessions = app.extensions["sessionmaker"]
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def approve(run_id: int) -> None:
        with sessions() as session:
            barrier.wait()
            try:
                approve_plan(session, user(session, dispatcher_id), run_id)
                session.commit()
                outcomes.append("approved")
            except Conflict as refused:
                session.rollback()
                outcomes.append(refused.message)
            except Exception as error:  # noqa: BLE001  (shown in the assertion)
                outcomes.append(f"error: {error!r}")

    threads = [threading.Thread(target=approve, args=(run_id,)) for run_id in run_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("approved") == 1, outcomes
    refusal = next(o for o in outcomes if o != "approved")
    if same_draft:
        assert "already approved" in refusal
    else:  # the loser sees the winner's commit (stale) or collides with it (same moment)
        assert "stale" in refusal or "at the same moment" in refusal, refusal
    db.expire_all()
    assert approved_problems(db) == []
    assert db.scalar(select(func.count()).select_from(Trip).where(Trip.status == "approved")) == 3


def test_a_stale_draft_is_refused(app: Flask, db: Session, fleet: Fleet) -> None:
    trip = fleet.trip(9)
    older = _draft(app, db, fleet)
    newer = _draft(app, db, fleet)
    approve_plan(db, fleet.dispatcher, newer.id)
    db.commit()

    with pytest.raises(Conflict, match=f"stale: #{trip.id}"):
        approve_plan(db, fleet.dispatcher, older.id)
    db.rollback()
    db.expire_all()
    assert db.get(OptimizationRun, older.id).state == DRAFT  # type: ignore[union-attr]


def test_a_draft_that_no_longer_fits_the_approved_plan_is_refused(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    asked = fleet.trip(9)
    run = _draft(app, db, fleet, {f"T{asked.id}": "V01"})
    fleet.trip(9, hours=0.5, vehicle="V01")  # approved meanwhile by other means

    with pytest.raises(Conflict, match="no longer fits.*V01 is busy"):
        approve_plan(db, fleet.dispatcher, run.id)
    db.rollback()
    db.expire_all()
    assert db.get(Trip, asked.id).status == "requested"  # type: ignore[union-attr]
    assert approved_problems(db) == []


def test_a_draft_using_a_car_recalled_since_is_refused(
    app: Flask, db: Session, fleet: Fleet
) -> None:
    asked = fleet.trip(9)
    run = _draft(app, db, fleet, {f"T{asked.id}": "V01"})
    fleet.take_out("V01", "recall", 7, None, "pandemic duty")
    db.commit()

    with pytest.raises(Conflict, match="recall: pandemic duty"):
        approve_plan(db, fleet.dispatcher, run.id)
    db.rollback()
    db.expire_all()
    assert db.get(Trip, asked.id).vehicle_id is None  # type: ignore[union-attr]


def test_a_rolled_back_approval_sends_no_mail(app: Flask, db: Session, fleet: Fleet) -> None:
    trip = fleet.trip(9)
    run = _draft(app, db, fleet)
    mails: list[tuple[str, str, str]] = []
    approve_plan(db, fleet.dispatcher, run.id)
    db.rollback()
    db.commit()
    deliver_outbox(db, lambda *m: mails.append(m))
    assert mails == []
    assert db.get(Trip, trip.id).status == "requested"  # type: ignore[union-attr]
    assert db.get(OptimizationRun, run.id).state == DRAFT  # type: ignore[union-attr]
