"""From rows to the optimizer: which trips a run covers, and the fleet instance (contract kind "fleet")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from optimize.common import InputError
from optimize.fleet import parse_fleet
from scheduler.db import utcnow
from scheduler.i18n import TAIPEI, local
from scheduler.models import OptimizationRun, Trip, TripStatus, Vehicle
from scheduler.services.fleet.rules import pooled_vehicles, turnaround

# Trips a run may (re)assign: requests, trips in a draft and approved trips not yet started.
PLANNABLE_STATUSES = (
    TripStatus.REQUESTED.value,
    TripStatus.PLANNED.value,
    TripStatus.APPROVED.value,
)
PENDING_STATUSES = (TripStatus.REQUESTED.value, TripStatus.PLANNED.value)
# Trips outside the period still matter one day either side: turnaround and the daily limit.
MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A half-open span of time a run or the board covers."""

    start: datetime
    end: datetime

    @classmethod
    def of_days(cls, first: date, last: date) -> Period:
        """Whole Taipei days from `first` to `last` inclusive."""
        return cls(
            datetime.combine(first, time(0), tzinfo=TAIPEI),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=TAIPEI),
        )

    @property
    def first_day(self) -> date:
        return local(self.start).date()

    @property
    def last_day(self) -> date:
        """The last local day touched (the end is exclusive)."""
        return local(self.end - timedelta(microseconds=1)).date()


def run_period(run: OptimizationRun) -> Period:
    """The period a fleet run covers (every dispatch run has one)."""
    if run.period_start is None or run.period_end is None:
        raise ValueError(f"run {run.id} has no period")
    return Period(run.period_start, run.period_end)


def trip_key(trip_id: int) -> str:
    """A trip's id in the instance."""
    return f"T{trip_id}"


def trip_id_of(key: str) -> int:
    """The database id behind an instance trip id."""
    return int(key.removeprefix("T"))


def iso(moment: datetime) -> str:
    """Taipei local time with its offset: the daily limit then counts Taipei calendar days."""
    return local(moment).isoformat()


@dataclass
class RunScope:
    """The instance for one run and what it was built from."""

    instance: dict[str, Any]
    trips: list[Trip]
    versions: dict[int, int]  # trip id -> Trip.version when read: later changes make a draft stale
    notes: list[str] = field(default_factory=list)


def plannable_trips(session: Session, period: Period, now: datetime) -> list[Trip]:
    """Trips of the period a run may assign: open, and not started yet."""
    return list(
        session.scalars(
            select(Trip)
            .where(
                Trip.status.in_(PLANNABLE_STATUSES),
                Trip.start >= max(period.start, now),
                Trip.start < period.end,
            )
            .options(selectinload(Trip.agency))
            .order_by(Trip.start, Trip.id)
        )
    )


def fixed_trips(session: Session, period: Period, exclude: Sequence[int]) -> list[Trip]:
    """Approved trips near the period that the run leaves where they are (started, or outside it)."""
    stmt = select(Trip).where(
        Trip.status == TripStatus.APPROVED.value,
        Trip.vehicle_id.is_not(None),
        Trip.start < period.end + MARGIN,
        Trip.end > period.start - MARGIN,
    )
    if exclude:
        stmt = stmt.where(Trip.id.not_in(list(exclude)))
    return list(session.scalars(stmt.order_by(Trip.start, Trip.id)))


def _vehicle_json(
    vehicle: Vehicle, period: Period, fixed: list[Trip], gap: timedelta
) -> dict[str, Any]:
    """A pooled vehicle; its outages and the trips it keeps become unavailable windows."""
    windows = []
    for outage in vehicle.outages:
        end = outage.end or period.end + MARGIN
        if outage.overlaps(period.start - MARGIN, period.end + MARGIN):
            windows.append({"start": iso(outage.start), "end": iso(end)})
    # Blocking start - turnaround .. end + turnaround keeps the turnaround to a trip the run
    # does not move, without putting that trip in the instance.
    for trip in fixed:
        windows.append({"start": iso(trip.start - gap), "end": iso(trip.end + gap)})
    limit = vehicle.max_minutes_per_day
    if limit is not None and fixed:
        # The instance has one limit per vehicle, so the busiest day's kept minutes come off it:
        # conservative on other days, never over the limit.
        used: dict[date, int] = defaultdict(int)
        for trip in fixed:
            used[local(trip.start).date()] += trip.minutes
        limit = max(0, limit - max(used.values()))
    return {
        "id": vehicle.code,
        "agency": vehicle.agency.code,
        "seats": vehicle.seats,
        "features": sorted(vehicle.features),
        "unavailable": windows,
        "max_minutes_per_day": limit,
    }


def _trip_json(
    trip: Trip, codes: Mapping[int, str], every_code: Mapping[int, str], pin: int | None
) -> dict[str, Any]:
    approved = trip.status == TripStatus.APPROVED.value and trip.vehicle_id is not None
    # A car that left the pool stays the previous vehicle: the trip then counts as moved.
    previous = every_code.get(trip.vehicle_id or 0) if approved else None
    return {
        "id": trip_key(trip.id),
        "agency": trip.agency.code,
        "start": iso(trip.start),
        "end": iso(trip.end),
        "passengers": trip.passenger_count,
        "requires": sorted(trip.needs),
        "priority": trip.priority,
        "pinned_vehicle": codes.get(pin) if pin is not None else None,
        "previous_vehicle": previous,
    }


def to_problem(
    session: Session,
    period: Period,
    now: datetime | None = None,
    pins: Mapping[int, int] | None = None,
) -> RunScope:
    """The fleet instance of `period`: its plannable trips, pooled vehicles, outages and pins.

    `pins` (trip id -> vehicle id) come from a draft being re-optimized; approved trips the
    dispatcher pinned keep their vehicle too. A pin that can no longer hold (the vehicle was
    recalled since) is dropped with a note rather than failing the run.
    """
    now = now or utcnow()
    gap = turnaround(session)
    trips = plannable_trips(session, period, now)
    vehicles = pooled_vehicles(session)
    codes = {v.id: v.code for v in vehicles}
    every_code = {row.id: row.code for row in session.execute(select(Vehicle.id, Vehicle.code))}
    kept: dict[int, list[Trip]] = defaultdict(list)
    for trip in fixed_trips(session, period, [t.id for t in trips]):
        kept[trip.vehicle_id or 0].append(trip)
    wanted = dict(pins or {})
    for trip in trips:
        if trip.pinned and trip.vehicle_id is not None and trip.status == TripStatus.APPROVED.value:
            wanted.setdefault(trip.id, trip.vehicle_id)
    notes = [
        f"#{trip_id}: pin dropped, vehicle no longer in the pool"
        for trip_id, vehicle_id in sorted(wanted.items())
        if vehicle_id not in codes
    ]
    instance: dict[str, Any] = {
        "kind": "fleet",
        "turnaround_minutes": int(gap.total_seconds() // 60),
        "vehicles": [_vehicle_json(v, period, kept.get(v.id, []), gap) for v in vehicles],
        "trips": [_trip_json(t, codes, every_code, wanted.get(t.id)) for t in trips],
    }
    notes += _drop_impossible_pins(instance)
    return RunScope(instance, trips, {t.id: t.version for t in trips}, notes)


def _drop_impossible_pins(instance: dict[str, Any]) -> list[str]:
    """Unpin trips the parser refuses (outage, clash with another pin) one at a time; the notes."""
    notes: list[str] = []
    for _ in range(len(instance["trips"]) + 1):
        try:
            parse_fleet(instance)
            return notes
        except InputError as error:
            if not error.field.endswith(".pinned_vehicle"):
                raise
            position = int(error.field.split("[")[1].split("]")[0])
            trip = instance["trips"][position]
            trip["pinned_vehicle"] = None
            notes.append(f"#{trip_id_of(trip['id'])}: pin dropped, {error.problem}")
    return notes
