"""Approving a draft: all or nothing, never a double booking, and the requesters are told."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from scheduler.db import utcnow
from scheduler.errors import Conflict
from scheduler.i18n import local
from scheduler.models import OptimizationRun, PlanItem, Trip, TripStatus, User, Vehicle
from scheduler.services import audit
from scheduler.services.audit import MailSender
from scheduler.services.dispatch_draft import decide, get_run
from scheduler.services.dispatch_fit import draft_occupancy, run_items, trips_by_id
from scheduler.services.dispatch_problem import PLANNABLE_STATUSES
from scheduler.services.dispatch_runs import APPROVED

MAX_LISTED = 5


@dataclass(frozen=True)
class Approval:
    """What an approval did."""

    run: OptimizationRun
    approved: int
    unassigned: int
    notified: int


def _listed(problems: Sequence[str]) -> str:
    shown = "; ".join(problems[:MAX_LISTED])
    return (
        shown if len(problems) <= MAX_LISTED else f"{shown}; and {len(problems) - MAX_LISTED} more"
    )


def _check_fresh(
    run: OptimizationRun, items: Sequence[PlanItem], trips: dict[int, Trip], now: datetime
) -> None:
    """Refuse a stale draft: a trip it planned changed (approved elsewhere, edited, cancelled, recalled)."""
    versions: dict[str, int] = run.progress.get("versions") or {}
    changed = []
    for item in items:
        trip = trips.get(item.item_id)
        if (
            trip is None
            or trip.version != versions.get(str(item.item_id))
            or trip.status not in PLANNABLE_STATUSES
            or trip.start < now
        ):
            changed.append(f"#{item.item_id}")
    if changed:
        raise Conflict(
            f"This draft is stale: {_listed(changed)} changed or started since it was made. "
            "Nothing was approved; optimize again."
        )


def _check_conflicts(
    session: Session, run: OptimizationRun, items: Sequence[PlanItem], trips: dict[int, Trip]
) -> None:
    """Re-check every assignment against the approved trips as they are now, inside this transaction."""
    ids = sorted({i.resource_id for i in items if i.resource_id is not None})
    # Row locks on the vehicles serialise approvals touching them on PostgreSQL; SQLite already
    # holds the write lock from BEGIN IMMEDIATE.
    vehicles = {
        v.id: v
        for v in session.scalars(select(Vehicle).where(Vehicle.id.in_(ids)).with_for_update())
    }
    occupancy = draft_occupancy(session, run, items, trips)
    problems = []
    for item in items:
        if item.resource_id is not None:
            problems += occupancy.problems(vehicles[item.resource_id], trips[item.item_id])
    if problems:
        raise Conflict(
            f"This draft no longer fits the approved plan: {_listed(problems)}. "
            "Nothing was approved; optimize again."
        )


def _apply(item: PlanItem, trip: Trip) -> None:
    if item.resource_id is not None:
        trip.status = TripStatus.APPROVED.value
        trip.vehicle_id = item.resource_id
        trip.pinned = item.pinned
        trip.needs_replan = False
        trip.replan_reason = ""
    else:
        trip.status = TripStatus.REQUESTED.value
        trip.vehicle_id = None
        trip.pinned = False
        trip.needs_replan = False
        trip.replan_reason = "; ".join(item.reasons)[:200] or "no vehicle free"


def _line(item: PlanItem, trip: Trip, vehicles: dict[int, Vehicle]) -> str:
    when = local(trip.start).strftime("%Y-%m-%d %H:%M")
    if item.resource_id is None:
        return f"#{trip.id} {when} {trip.destination}: no car assigned yet ({trip.replan_reason})"
    car = vehicles[item.resource_id]
    return (
        f"#{trip.id} {when} {trip.destination}: {car.code} {car.plate} ({car.driver_name})".rstrip(
            " ()"
        )
    )


def _notify_requesters(
    session: Session, items: Sequence[PlanItem], trips: dict[int, Trip], mail: MailSender | None
) -> int:
    """One notification (and e-mail) per requester whose trips changed."""
    vehicles = {v.id: v for v in session.scalars(select(Vehicle))}
    lines: dict[int, list[str]] = defaultdict(list)
    for item in items:
        trip = trips[item.item_id]
        if item.change != "unchanged" and trip.requested_by_id is not None:
            lines[trip.requested_by_id].append(_line(item, trip, vehicles))
    for user_id, user_lines in sorted(lines.items()):
        user = session.get(User, user_id)
        if user is not None:
            message = "Car requests scheduled by the dispatcher:\n" + "\n".join(user_lines)
            audit.notify(session, user, message, link="/fleet/", mail=mail)
    return len(lines)


def approve_plan(
    session: Session,
    actor: User,
    run_id: int,
    mail: MailSender | None = None,
    now: datetime | None = None,
) -> Approval:
    """Apply a draft to its trips at once, or refuse it whole with a Conflict.

    The run is claimed with a conditional UPDATE (only a draft, only once), the trips are checked
    against the versions the run read and against the approved trips of now, and written with
    optimistic locking. On a Conflict the caller rolls back, so nothing at all changes.
    """
    now = now or utcnow()
    run = get_run(session, run_id)
    decide(session, run, actor, APPROVED)
    items = run_items(session, run)
    trips = trips_by_id(session, [i.item_id for i in items])
    _check_fresh(run, items, trips, now)
    _check_conflicts(session, run, items, trips)
    for item in items:
        _apply(item, trips[item.item_id])
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(
            "Another dispatcher changed these trips at the same moment. Nothing was approved."
        ) from None
    notified = _notify_requesters(session, items, trips, mail)
    assigned = sum(1 for i in items if i.resource_id is not None)
    audit.record(
        session,
        actor,
        "approve",
        run,
        f"Approved draft {run.id}: {assigned} trips assigned, {len(items) - assigned} unassigned",
        trip_ids=[i.item_id for i in items],
    )
    return Approval(run, assigned, len(items) - assigned, notified)
