"""The dispatch board's content: pooled vehicles by time, the approved trips on them, what is pending."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from scheduler.db import utcnow
from scheduler.i18n import TAIPEI, local
from scheduler.models import OptimizationRun, Trip, TripStatus, Vehicle, VehicleOutage
from scheduler.services.dispatch.problem import PENDING_STATUSES, Period
from scheduler.services.dispatch.runs import DRAFT, RUNNING
from scheduler.services.fleet.rules import pooled_vehicles
from scheduler.services.settings import get_setting

VIEWS = ("day", "week")
COLUMN = timedelta(minutes=30)
SHOWN_STATUSES = (TripStatus.APPROVED.value, TripStatus.COMPLETED.value)


@dataclass(frozen=True)
class Block:
    """An approved trip placed on the day grid: 1-based first column and number of columns."""

    trip: Trip
    column: int
    span: int


@dataclass
class VehicleRow:
    """One pooled vehicle, its outages in the period and its trips."""

    vehicle: Vehicle
    outages: list[VehicleOutage]
    blocks: list[Block] = field(default_factory=list)
    by_day: dict[date, list[Trip]] = field(default_factory=dict)

    @property
    def out_of_pool(self) -> bool:
        return bool(self.outages)


@dataclass
class Board:
    """Everything the board page shows for one day or week."""

    view: str
    day: date
    period: Period
    days: list[date]
    columns: list[str]
    rows: list[VehicleRow]
    pending: list[Trip]
    runs: list[OptimizationRun]

    @property
    def step(self) -> timedelta:
        return timedelta(days=7 if self.view == "week" else 1)


def board_period(view: str, day: date) -> Period:
    """The day itself, or its Monday-to-Sunday week."""
    if view == "week":
        monday = day - timedelta(days=day.weekday())
        return Period.of_days(monday, monday + timedelta(days=6))
    return Period.of_days(day, day)


def _hours(session: Session, day: date) -> tuple[datetime, datetime]:
    start = time.fromisoformat(str(get_setting(session, "fleet.day_start")))
    end = time.fromisoformat(str(get_setting(session, "fleet.day_end")))
    return datetime.combine(day, start, tzinfo=TAIPEI), datetime.combine(day, end, tzinfo=TAIPEI)


def _block(trip: Trip, first: datetime, count: int) -> Block:
    """Clip the trip to the shown hours; trips wholly outside sit at the nearer edge."""
    begin = int((trip.start - first) / COLUMN)
    finish = -int(-(trip.end - first) // COLUMN)  # ceiling
    begin = min(max(begin, 0), count - 1)
    finish = min(max(finish, begin + 1), count)
    return Block(trip, begin + 1, finish - begin)


def _pending(session: Session, period: Period, now: datetime) -> list[Trip]:
    """Requests waiting for a car and approved trips needing re-planning, not yet started."""
    return list(
        session.scalars(
            select(Trip)
            .where(
                Trip.start >= max(period.start, now),
                Trip.start < period.end,
                or_(
                    Trip.status.in_(PENDING_STATUSES),
                    (Trip.status == TripStatus.APPROVED.value) & Trip.needs_replan.is_(True),
                ),
            )
            .options(selectinload(Trip.agency), selectinload(Trip.vehicle))
            .order_by(Trip.start, Trip.id)
        )
    )


def _runs(session: Session, period: Period) -> list[OptimizationRun]:
    """Running runs and drafts that cover part of the period, newest first."""
    return list(
        session.scalars(
            select(OptimizationRun)
            .where(
                OptimizationRun.kind == "fleet",
                OptimizationRun.state.in_((RUNNING, DRAFT)),
                OptimizationRun.period_start < period.end,
                OptimizationRun.period_end > period.start,
            )
            .order_by(OptimizationRun.id.desc())
            .limit(5)
        )
    )


def build_board(session: Session, view: str, day: date, now: datetime | None = None) -> Board:
    """The board for `day` in the day or week view."""
    now = now or utcnow()
    view = view if view in VIEWS else "day"
    period = board_period(view, day)
    days = [
        period.first_day + timedelta(days=n)
        for n in range((period.last_day - period.first_day).days + 1)
    ]
    first, last = _hours(session, day)
    count = max(1, int((last - first) / COLUMN))
    columns = [local(first + n * COLUMN).strftime("%H:%M") for n in range(count)]
    vehicles = pooled_vehicles(session)
    rows = {
        v.id: VehicleRow(v, [o for o in v.outages if o.overlaps(period.start, period.end)])
        for v in vehicles
    }
    trips = session.scalars(
        select(Trip)
        .where(
            Trip.status.in_(SHOWN_STATUSES),
            Trip.vehicle_id.in_(list(rows)),
            Trip.start < period.end,
            Trip.end > period.start,
        )
        .options(selectinload(Trip.agency))
        .order_by(Trip.start, Trip.id)
    )
    by_day: dict[int, dict[date, list[Trip]]] = defaultdict(lambda: defaultdict(list))
    for trip in trips:
        row = rows[trip.vehicle_id or 0]
        if view == "day":
            row.blocks.append(_block(trip, first, count))
        else:
            by_day[row.vehicle.id][local(trip.start).date()].append(trip)
    for vehicle_id, grouped in by_day.items():
        rows[vehicle_id].by_day = dict(grouped)
    return Board(
        view,
        day,
        period,
        days,
        columns,
        list(rows.values()),
        _pending(session, period, now),
        _runs(session, period),
    )
