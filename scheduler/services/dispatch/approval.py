"""Approving a draft: all or nothing, never a double booking, and the requesters are told."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict
from scheduler.models import OptimizationRun, PlanItem, Trip, TripStatus, User, Vehicle
from scheduler.services import audit
from scheduler.services.dispatch.draft import decide, get_run
from scheduler.services.dispatch.fit import draft_occupancy, run_items, trips_by_id
from scheduler.services.dispatch.problem import PLANNABLE_STATUSES
from scheduler.services.dispatch.runs import APPROVED
from scheduler.services.messages import Message, define
from scheduler.services.notifications import notify

log = logging.getLogger(__name__)
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


def stale_trip_ids(
    run: OptimizationRun, items: Sequence[PlanItem], trips: dict[int, Trip], now: datetime
) -> list[int]:
    """Trips of a draft changed since the run read them (approved elsewhere, edited, cancelled,
    flagged by a recall) or already started: approving the draft would act on stale facts."""
    versions: dict[str, int] = run.progress.get("versions") or {}
    stale = []
    for item in items:
        trip = trips.get(item.item_id)
        if (
            trip is None
            or trip.version != versions.get(str(item.item_id))
            or trip.status not in PLANNABLE_STATUSES
            or trip.start < now
        ):
            stale.append(item.item_id)
    return stale


def draft_staleness(
    session: Session, run: OptimizationRun, now: datetime | None = None
) -> list[int]:
    """The stale trips of a draft, for a warning before anyone tries to approve it."""
    items = run_items(session, run)
    return stale_trip_ids(
        run, items, trips_by_id(session, [i.item_id for i in items]), now or utcnow()
    )


def _check_fresh(
    run: OptimizationRun, items: Sequence[PlanItem], trips: dict[int, Trip], now: datetime
) -> None:
    """Refuse a stale draft."""
    changed = [f"#{trip_id}" for trip_id in stale_trip_ids(run, items, trips, now)]
    if changed:
        raise Conflict(
            N_(
                "This draft is stale: %(trips)s changed or started since it was made. "
                "Nothing was approved; optimize again."
            ),
            trips=_listed(changed),
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
            N_(
                "This draft no longer fits the approved plan: %(problems)s. "
                "Nothing was approved; optimize again."
            ),
            problems=_listed(problems),
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


TRIPS_SCHEDULED = define(
    "dispatch.trips_scheduled",
    N_("Car requests scheduled by the dispatcher:\n%(lines)s"),
    subject=N_("Car requests scheduled by the dispatcher"),
    lines="messages",
)
TRIP_ASSIGNED = define(
    "dispatch.trip_assigned",
    N_("#%(trip)s %(start)s %(destination)s: %(vehicle)s %(plate)s"),
    start="datetime",
)
TRIP_ASSIGNED_DRIVER = define(
    "dispatch.trip_assigned_driver",
    N_("#%(trip)s %(start)s %(destination)s: %(vehicle)s %(plate)s, driver %(driver)s %(phone)s"),
    start="datetime",
)
TRIP_NOT_ASSIGNED = define(
    "dispatch.trip_not_assigned",
    N_("#%(trip)s %(start)s %(destination)s: no car assigned yet (%(reason)s)"),
    start="datetime",
)


def _line(item: PlanItem, trip: Trip, vehicles: dict[int, Vehicle]) -> Message:
    common = {"trip": trip.id, "start": trip.start.isoformat(), "destination": trip.destination}
    if item.resource_id is None:
        return Message(TRIP_NOT_ASSIGNED, {**common, "reason": trip.replan_reason or "-"})
    car = vehicles[item.resource_id]
    if not car.driver_name:
        return Message(TRIP_ASSIGNED, {**common, "vehicle": car.code, "plate": car.plate})
    return Message(
        TRIP_ASSIGNED_DRIVER,
        {
            **common,
            "vehicle": car.code,
            "plate": car.plate,
            "driver": car.driver_name,
            "phone": car.driver_phone,
        },
    )


def _notify_requesters(
    session: Session,
    items: Sequence[PlanItem],
    trips: dict[int, Trip],
    link: str,
) -> int:
    """One notification per requester whose trips changed; the e-mails leave after the commit."""
    vehicles = {v.id: v for v in session.scalars(select(Vehicle))}
    lines: dict[int, list[Message]] = defaultdict(list)
    for item in items:
        trip = trips[item.item_id]
        if item.change != "unchanged" and trip.requested_by_id is not None:
            lines[trip.requested_by_id].append(_line(item, trip, vehicles))
    for user_id, user_lines in sorted(lines.items()):
        user = session.get(User, user_id)
        if user is not None:
            notify(session, user, TRIPS_SCHEDULED, link=link, lines=user_lines)
    return len(lines)


def approve_plan(
    session: Session,
    actor: User,
    run_id: int,
    now: datetime | None = None,
    link: str = "",
) -> Approval:
    """Apply a draft to its trips at once, or refuse it whole with a Conflict.

    The run is claimed with a conditional UPDATE (only a draft, only once), the trips are checked
    against the versions the run read and against the approved trips of now, and written with
    optimistic locking. On a Conflict the caller rolls back, so nothing at all changes.
    Requesters get a notification (link: their trips page); its e-mail leaves from the outbox.
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
            N_("Another dispatcher changed these trips at the same moment. Nothing was approved.")
        ) from None
    notified = _notify_requesters(session, items, trips, link)
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
