"""A small pooled fleet and trips for the dispatch tests (service, web and browser), plus checks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimize.check import check_solution
from scheduler.db import utcnow
from scheduler.i18n import TAIPEI, local
from scheduler.models import Agency, OptimizationRun, Role, Trip, User, Vehicle, VehicleOutage
from scheduler.services.dispatch import (
    Period,
    execute_run,
    run_period,
    take_out_of_pool,
    to_problem,
)
from tests.conftest import Factory

TIME_LIMIT = 2.0


def tomorrow() -> date:
    """The first whole Taipei day still to come."""
    return local(utcnow()).date() + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TAIPEI)


class Fleet:
    """Three agencies, four pooled cars (two sedans, a van, a small EV), a requester, a dispatcher."""

    def __init__(self, session: Session, factory: Factory) -> None:
        self.session = session
        self.day = tomorrow()
        self.secretariat = factory.create_agency(
            code="SEC", name_zh="秘書處", name_en="Secretariat"
        )
        self.health = factory.create_agency(code="DOH", name_zh="衛生局", name_en="Health")
        self.staff = factory.create_user(roles=(Role.AGENCY_STAFF,), agency=self.health)
        self.dispatcher = factory.create_user(roles=(Role.DISPATCHER,), agency=self.secretariat)
        self.vehicles = {
            code: self._vehicle(code, kind, seats, features)
            for code, kind, seats, features in (
                ("V01", "sedan", 4, []),
                ("V02", "sedan", 4, []),
                ("V03", "van", 8, ["van"]),
                ("V04", "sedan", 4, ["ev"]),
            )
        }
        session.commit()

    def _vehicle(self, code: str, kind: str, seats: int, features: list[str]) -> Vehicle:
        vehicle = Vehicle(
            code=code,
            plate=f"{code}-0000",
            agency_id=self.secretariat.id,
            kind=kind,
            seats=seats,
            features=features,
            max_minutes_per_day=600,
        )
        self.session.add(vehicle)
        return vehicle

    def trip(
        self,
        hour: int,
        hours: float = 1.0,
        *,
        day: date | None = None,
        agency: Agency | None = None,
        vehicle: str | None = None,
        **overrides: Any,
    ) -> Trip:
        """A trip starting at `hour` on the fleet's day (committed)."""
        start = at(day or self.day, hour)
        trip = Trip(
            agency_id=(agency or self.health).id,
            requested_by_id=self.staff.id,
            start=start,
            end=start + timedelta(hours=hours),
            destination="臺北車站",
            purpose="test",
            passenger_count=overrides.pop("passengers", 2),
            vehicle_id=self.vehicles[vehicle].id if vehicle else None,
            **({"status": "approved"} if vehicle else {}) | overrides,
        )
        self.session.add(trip)
        self.session.commit()
        return trip

    def take_out(
        self, code: str, kind: str, start_hour: int, end_hour: int | None, reason: str
    ) -> tuple[VehicleOutage, list[Trip]]:
        """Recall or maintain a car on the fleet's day through the service (not committed)."""
        end = at(self.day, end_hour) if end_hour is not None else None
        return take_out_of_pool(
            self.session,
            self.dispatcher,
            self.vehicles[code].id,
            kind,
            at(self.day, start_hour),
            end,
            reason,
        )

    @property
    def period(self) -> Period:
        return Period.of_days(self.day, self.day)

    def code(self, vehicle_id: int | None) -> str | None:
        return next((c for c, v in self.vehicles.items() if v.id == vehicle_id), None)


def fake_solver(solution: dict[str, Any]) -> Any:
    """A solver that answers with a fixed solution (to set up races and stale drafts exactly)."""

    def solve(data: dict[str, Any], options: Any, *, on_progress: Any = None) -> dict[str, Any]:
        return solution

    return solve


def solve_now(
    app_or_sessions: Any, run: OptimizationRun, instance: dict[str, Any], solver: Any = None
) -> None:
    """Run a started, committed run to its draft in this thread."""
    sessions = getattr(app_or_sessions, "extensions", {}).get("sessionmaker", app_or_sessions)
    kwargs = {"solver": solver} if solver is not None else {}
    execute_run(sessions, run.id, instance, TIME_LIMIT, **kwargs)


def approved_problems(session: Session, gap_minutes: int = 15) -> list[str]:
    """Every pair of approved trips on one vehicle closer than the turnaround (a double booking)."""
    trips = list(
        session.scalars(
            select(Trip).where(Trip.status == "approved").order_by(Trip.vehicle_id, Trip.start)
        )
    )
    gap = timedelta(minutes=gap_minutes)
    out = []
    for a, b in pairwise(trips):
        if a.vehicle_id == b.vehicle_id and b.start < a.end + gap:
            out.append(f"vehicle {a.vehicle_id}: #{a.id} and #{b.id}")
    return out


def draft_violations(session: Session, run: OptimizationRun) -> list[str]:
    """The contract checker's verdict on a draft, against the instance of its period as it is now."""
    session.expire_all()
    run = session.get(OptimizationRun, run.id)  # type: ignore[assignment]
    scope = to_problem(session, run_period(run), now=run.started_at)
    codes = {v.id: v.code for v in session.scalars(select(Vehicle))}
    assignments = {f"T{i.item_id}": codes[i.resource_id] for i in run.items if i.resource_id}
    unassigned = {f"T{i.item_id}": i.reasons or ["?"] for i in run.items if not i.resource_id}
    solution = {"kind": "fleet", "assignments": assignments, "unassigned": unassigned}
    return check_solution(scope.instance, solution)


def user(session: Session, user_id: int) -> User:
    found = session.get(User, user_id)
    assert found is not None
    return found
