"""The fleet plan checker, which never calls the solver: every violated hard constraint as a line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from optimize.common import Solution
from optimize.fleet.plan import fleet_objective
from optimize.fleet.problem import FleetProblem, Trip
from optimize.fleet.rules import daily_minutes, why_not_fit


def _as_json(solution: Solution | Mapping[str, Any]) -> Mapping[str, Any]:
    return solution.to_json() if isinstance(solution, Solution) else solution


def check_fleet(problem: FleetProblem, solution: Solution | Mapping[str, Any]) -> list[str]:
    """Violations of the fleet's hard constraints (and of the solution's own bookkeeping)."""
    data = _as_json(solution)
    assignments = data.get("assignments") or {}
    unassigned = data.get("unassigned") or {}
    trips = {t.id: t for t in problem.trips}
    vehicles = {v.id for v in problem.vehicles}
    errors: list[str] = []
    plan: dict[str, list[Trip]] = defaultdict(list)
    for trip_id, vehicle_id in sorted(assignments.items()):
        if trip_id not in trips:
            errors.append(f"{trip_id}: unknown trip assigned")
        elif vehicle_id not in vehicles:
            errors.append(f"{trip_id}: assigned to unknown vehicle {vehicle_id}")
        else:
            trip = trips[trip_id]
            plan[vehicle_id].append(trip)
            reason = why_not_fit(problem, trip, problem.vehicle(vehicle_id))
            if reason is not None:
                errors.append(f"{trip_id}: {vehicle_id} {reason}")
    for trip in problem.trips:
        if trip.pinned_vehicle is not None and assignments.get(trip.id) != trip.pinned_vehicle:
            errors.append(f"{trip.id}: pinned to {trip.pinned_vehicle}, not assigned there")
        if trip.id in assignments and trip.id in unassigned:
            errors.append(f"{trip.id}: both assigned and unassigned")
        if trip.id not in assignments and not unassigned.get(trip.id):
            errors.append(f"{trip.id}: unassigned without a reason")
    for vehicle_id, on_vehicle in sorted(plan.items()):
        errors += _vehicle_violations(problem, vehicle_id, on_vehicle)
    expected = fleet_objective(problem, {k: v for k, v in assignments.items() if k in trips})
    if "objective" in data and list(data["objective"]) != expected:
        errors.append(f"objective: reported {list(data['objective'])}, the plan gives {expected}")
    return errors


def _vehicle_violations(problem: FleetProblem, vehicle_id: str, trips: list[Trip]) -> list[str]:
    errors = []
    ordered = sorted(trips, key=lambda t: (t.start, t.end, t.id))
    turn = problem.turnaround
    reach: Trip | None = None
    for trip in ordered:
        if reach is not None and trip.start < reach.end + turn:
            errors.append(f"{vehicle_id}: {reach.id} and {trip.id} less than {turn} min apart")
        if reach is None or trip.end > reach.end:
            reach = trip
    limit = problem.vehicle(vehicle_id).max_minutes_per_day
    if limit is not None:
        for day, minutes in sorted(daily_minutes(trips).items()):
            if minutes > limit:
                errors.append(
                    f"{vehicle_id}: {minutes} min on {date.fromordinal(day)} exceeds the daily limit {limit}"
                )
    return errors
