"""Working on a draft plan: the vehicles a trip could take, pins and hand changes, discarding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict, NotFound, ValidationError
from scheduler.models import OptimizationRun, PlanItem, Trip, User, Vehicle
from scheduler.services import audit
from scheduler.services.dispatch.fit import Occupancy, draft_occupancy, run_items, trips_by_id
from scheduler.services.dispatch.problem import run_period
from scheduler.services.dispatch.runs import DISCARDED, DRAFT, change_of, start_run
from scheduler.services.fleet.rules import pooled_vehicles


@dataclass(frozen=True)
class DraftRow:
    """One trip of a draft as the dispatcher sees it, with the vehicles it could move to."""

    item: PlanItem
    trip: Trip
    vehicle: Vehicle | None
    previous: Vehicle | None
    choices: tuple[Vehicle, ...]


def get_run(session: Session, run_id: int) -> OptimizationRun:
    """A fleet run by id, or NotFound."""
    run = session.get(OptimizationRun, run_id)
    if run is None or run.kind != "fleet":
        raise NotFound(N_("No optimization run %(run)s."), run=run_id)
    return run


def require_draft(run: OptimizationRun) -> None:
    """Only a draft can be changed, approved or discarded."""
    if run.state != DRAFT:
        raise Conflict(
            N_("Run %(run)s is %(state)s, not a draft: nothing was changed."),
            run=run.id,
            state=run.state,
        )


def decide(session: Session, run: OptimizationRun, actor: User, state: str) -> None:
    """Move a draft to `state` with UPDATE ... WHERE state = 'draft': of two racing decisions on
    one run, exactly one finds the draft, the other gets a Conflict."""
    result = session.execute(
        update(OptimizationRun)
        .where(OptimizationRun.id == run.id, OptimizationRun.state == DRAFT)
        .values(state=state, decided_by_id=actor.id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.refresh(run)
        raise Conflict(
            N_(
                "Run %(run)s is already %(state)s: someone decided on it first. Nothing was changed."
            ),
            run=run.id,
            state=run.state,
        )
    session.refresh(run)


def draft_rows(session: Session, run: OptimizationRun) -> list[DraftRow]:
    """The draft's trips in time order, each with the vehicles that fit it now."""
    items = run_items(session, run)
    trips = trips_by_id(session, [i.item_id for i in items])
    vehicles = pooled_vehicles(session)
    by_id = {v.id: v for v in vehicles}
    occupancy = draft_occupancy(session, run, items, trips) if run.state == DRAFT else None
    rows = []
    for item in items:
        trip = trips.get(item.item_id)
        if trip is None:
            continue
        choices: tuple[Vehicle, ...] = ()
        if occupancy is not None:
            choices = tuple(v for v in vehicles if not occupancy.problems(v, trip))
        rows.append(
            DraftRow(
                item,
                trip,
                by_id.get(item.resource_id) if item.resource_id else None,
                by_id.get(item.previous_resource_id) if item.previous_resource_id else None,
                choices,
            )
        )
    return sorted(rows, key=lambda r: (r.trip.start, r.trip.id))


def change_assignment(
    session: Session,
    actor: User,
    run_id: int,
    trip_id: int,
    vehicle_id: int | None,
    pin: bool,
) -> PlanItem:
    """Put a draft's trip on `vehicle_id` (None: leave it unassigned), pinned or not.

    Refused with the reason when the vehicle does not fit: wrong seats or features, out of the
    pool, busy with another trip of the draft or an approved one, or over its daily limit.
    """
    run = get_run(session, run_id)
    require_draft(run)
    items = run_items(session, run)
    item = next((i for i in items if i.item_id == trip_id), None)
    if item is None:
        raise NotFound(N_("Trip #%(trip)s is not part of this draft."), trip=trip_id)
    trips = trips_by_id(session, [i.item_id for i in items])
    trip = trips[trip_id]
    vehicle = None
    if vehicle_id is not None:
        vehicle = session.get(Vehicle, vehicle_id)
        if vehicle is None:
            raise ValidationError(
                N_("There is no vehicle %(vehicle)s."), field="vehicle_id", vehicle=vehicle_id
            )
        occupancy: Occupancy = draft_occupancy(session, run, items, trips)
        problems = occupancy.problems(vehicle, trip)
        if problems:
            raise ValidationError(
                N_("#%(trip)s cannot go on %(vehicle)s: %(problems)s"),
                field="vehicle_id",
                trip=trip.id,
                vehicle=vehicle.code,
                problems="; ".join(problems),
            )
    before = item.resource_id
    item.resource_id = vehicle_id
    item.pinned = pin and vehicle_id is not None
    item.change = change_of(vehicle_id, item.previous_resource_id)
    item.reasons = [] if vehicle_id is not None else ["left unassigned by the dispatcher"]
    session.flush()
    audit.record(
        session,
        actor,
        "pin" if item.pinned else "change",
        run,
        f"#{trip.id} → {vehicle.code if vehicle else 'unassigned'}"
        + (" (pinned)" if item.pinned else ""),
        trip_id=trip.id,
        vehicle_id=vehicle_id,
        previous_vehicle_id=before,
    )
    return item


def draft_pins(session: Session, run: OptimizationRun) -> dict[int, int]:
    """The pins of a draft (trip id -> vehicle id), to carry into a re-optimization."""
    return {
        i.item_id: i.resource_id
        for i in run_items(session, run)
        if i.pinned and i.resource_id is not None
    }


def discard_plan(
    session: Session, actor: User, run_id: int, why: str = "discarded"
) -> OptimizationRun:
    """Throw a draft away; trips are untouched. Only a draft can be discarded."""
    run = get_run(session, run_id)
    decide(session, run, actor, DISCARDED)
    audit.record(session, actor, "discard", run, f"Draft {run.id} {why}")
    return run


def reoptimize(
    session: Session, actor: User, run_id: int, time_limit: float, now: datetime | None = None
) -> tuple[OptimizationRun, dict[str, Any]]:
    """Start a new run over a draft's period with its pins; the old draft is discarded as replaced."""
    old = get_run(session, run_id)
    require_draft(old)
    pins = draft_pins(session, old)
    discard_plan(session, actor, old.id, why="replaced by a re-optimization")
    return start_run(session, actor, run_period(old), time_limit, now, pins)
