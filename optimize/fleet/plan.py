"""Fleet plans without the solver: objective values, the greedy plan, and reasons for unassigned trips."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from optimize.common import STATUS_FEASIBLE, Solution
from optimize.fleet.problem import FleetProblem, Trip, Vehicle
from optimize.fleet.rules import feasible_pairs, why_not_fit
from optimize.plan_text import name_list

MAX_NAMES = 5  # ids listed in one reason before "and N more"


def fleet_objective(problem: FleetProblem, assignments: Mapping[str, str]) -> list[int]:
    """The four level values of a plan: priority served, previous moved, foreign agency, max load."""
    load: dict[str, int] = defaultdict(int)
    served = moved = foreign = 0
    for trip in problem.trips:
        vehicle_id = assignments.get(trip.id)
        if trip.previous_vehicle is not None and vehicle_id != trip.previous_vehicle:
            moved += 1
        if vehicle_id is None:
            continue
        served += trip.priority
        if problem.vehicle(vehicle_id).agency != trip.agency:
            foreign += 1
        load[vehicle_id] += trip.minutes
    return [served, moved, foreign, max(load.values(), default=0)]


def lex_key(objective: Sequence[int]) -> tuple[int, ...]:
    """Sort key where smaller is better: level 1 is maximised, the others minimised."""
    return (-objective[0], *objective[1:])


class Schedule:
    """Trips placed so far on each vehicle, for fast conflict and daily-limit checks."""

    def __init__(self, problem: FleetProblem) -> None:
        self.problem = problem
        self.starts: dict[str, list[int]] = defaultdict(list)
        self.trips: dict[str, list[Trip]] = defaultdict(list)
        self.day_minutes: dict[tuple[str, int], int] = defaultdict(int)
        self.load: dict[str, int] = defaultdict(int)

    def blockers(self, trip: Trip, vehicle_id: str) -> list[Trip]:
        """Placed trips on the vehicle that are closer to `trip` than the turnaround."""
        # Placed trips never conflict with each other, so sorted by start their ends are sorted too
        # and only the neighbours around the insertion point can conflict.
        turn = self.problem.turnaround
        placed, starts = self.trips[vehicle_id], self.starts[vehicle_id]
        pos = bisect.bisect_left(starts, trip.start)
        out = []
        if pos > 0 and placed[pos - 1].end + turn > trip.start:
            out.append(placed[pos - 1])
        k = pos
        while k < len(placed) and placed[k].start < trip.end + turn:
            out.append(placed[k])
            k += 1
        return out

    def over_limit(self, trip: Trip, vehicle: Vehicle) -> bool:
        """True when adding the trip would break the vehicle's daily limit."""
        limit = vehicle.max_minutes_per_day
        return limit is not None and self.day_minutes[vehicle.id, trip.day] + trip.minutes > limit

    def gap_before(self, trip: Trip, vehicle_id: str) -> int:
        """Idle minutes the vehicle would have before the trip (large when it has nothing before)."""
        pos = bisect.bisect_left(self.starts[vehicle_id], trip.start)
        if pos == 0:
            return 10**9
        return trip.start - self.trips[vehicle_id][pos - 1].end

    def place(self, trip: Trip, vehicle_id: str) -> None:
        """Record the trip on the vehicle."""
        pos = bisect.bisect_left(self.starts[vehicle_id], trip.start)
        self.starts[vehicle_id].insert(pos, trip.start)
        self.trips[vehicle_id].insert(pos, trip)
        self.day_minutes[vehicle_id, trip.day] += trip.minutes
        self.load[vehicle_id] += trip.minutes

    def fits(self, trip: Trip, vehicle: Vehicle) -> bool:
        """True when the trip can be added to the vehicle now."""
        return not self.over_limit(trip, vehicle) and not self.blockers(trip, vehicle.id)


def _greedy_variant(
    problem: FleetProblem,
    pairs: list[list[int]],
    order: Callable[[Trip], tuple[object, ...]],
    prefer_agency: bool,
) -> dict[str, str]:
    schedule = Schedule(problem)
    plan: dict[str, str] = {}
    index = {t.id: k for k, t in enumerate(problem.trips)}

    def try_place(trip: Trip, candidates: list[Vehicle]) -> None:
        fitting = [v for v in candidates if schedule.fits(trip, v)]
        if not fitting:
            return
        best = min(
            fitting,
            key=lambda v: (
                prefer_agency and v.agency != trip.agency,
                schedule.gap_before(trip, v.id),
                v.id,
            ),
        )
        schedule.place(trip, best.id)
        plan[trip.id] = best.id

    # Pins first (always possible: the parser refused impossible pins), then previous vehicles.
    for trip in problem.trips:
        if trip.pinned_vehicle is not None:
            schedule.place(trip, trip.pinned_vehicle)
            plan[trip.id] = trip.pinned_vehicle
    for trip in sorted(problem.trips, key=order):
        prev = trip.previous_vehicle
        if trip.id in plan or prev is None:
            continue
        allowed = {problem.vehicles[k].id for k in pairs[index[trip.id]]}
        if prev in allowed:
            try_place(trip, [problem.vehicle(prev)])
    for trip in sorted(problem.trips, key=order):
        if trip.id not in plan:
            try_place(trip, [problem.vehicles[k] for k in pairs[index[trip.id]]])
    return plan


def greedy_assignments(
    problem: FleetProblem,
    pairs: list[list[int]] | None = None,
    on_first: Callable[[dict[str, str]], None] | None = None,
) -> dict[str, str]:
    """The best of a few first-fit plans (by start time and by priority), lexicographically.

    `on_first` receives the first variant at once, so a caller racing a deadline has a plan early.
    """
    pairs = feasible_pairs(problem) if pairs is None else pairs
    variants = [_greedy_variant(problem, pairs, lambda t: (t.start, t.end, t.id), False)]
    if on_first is not None:
        on_first(variants[0])
    variants += [
        _greedy_variant(problem, pairs, lambda t: (t.start, t.end, t.id), True),
        _greedy_variant(problem, pairs, lambda t: (-t.priority, t.start, t.end, t.id), True),
    ]
    return min(variants, key=lambda plan: lex_key(fleet_objective(problem, plan)))


def _names(ids: Sequence[str]) -> str:
    return name_list(sorted(set(ids)), limit=MAX_NAMES)


def explain_unassigned(
    problem: FleetProblem, assignments: Mapping[str, str]
) -> dict[str, list[str]]:
    """For each unassigned trip, short reasons grouped over vehicles that a person can act on."""
    schedule = Schedule(problem)
    for trip in problem.trips:
        if trip.id in assignments:
            schedule.place(trip, assignments[trip.id])
    out: dict[str, list[str]] = {}
    for trip in problem.trips:
        if trip.id not in assignments:
            out[trip.id] = _reasons(problem, schedule, trip)
    return out


def _reasons(problem: FleetProblem, schedule: Schedule, trip: Trip) -> list[str]:
    static: dict[str, list[str]] = defaultdict(list)  # reason text -> vehicles
    busy_vehicles: list[str] = []
    busy_trips: list[str] = []
    limited: list[str] = []
    free: list[str] = []
    for vehicle in problem.vehicles:
        reason = why_not_fit(problem, trip, vehicle)
        if reason is not None:
            if reason.startswith("has ") and "seats" in reason:
                reason = f"too few seats (trip needs {trip.passengers})"
            static[reason].append(vehicle.id)
            continue
        blockers = schedule.blockers(trip, vehicle.id)
        if blockers:
            busy_vehicles.append(vehicle.id)
            busy_trips.extend(b.id for b in blockers)
        elif schedule.over_limit(trip, vehicle):
            limited.append(vehicle.id)
        else:
            free.append(vehicle.id)
    if not problem.vehicles:
        return ["no vehicles in the pool"]
    if len(static) == 1 and sum(map(len, static.values())) == len(problem.vehicles):
        reason = next(iter(static))
        if reason.startswith("too few seats"):
            return [f"no vehicle has {trip.passengers} seats"]
        return [f"no vehicle fits: every vehicle {reason}"]
    reasons = [f"{_names(ids)}: {text}" for text, ids in sorted(static.items())]
    if busy_vehicles:
        reasons.append(f"{_names(busy_vehicles)} busy with {_names(busy_trips)}")
    if limited:
        reasons.append(f"{_names(limited)} would pass their daily driving limit")
    if free:
        reasons.append(f"{_names(free)} free but not chosen (plan not proven optimal)")
    return reasons


def plan_solution(
    problem: FleetProblem, assignments: Mapping[str, str], status: str, seconds: float
) -> Solution:
    """A contract solution for this plan, with objective and reasons filled in."""
    return Solution(
        kind="fleet",
        status=status,
        assignments=dict(assignments),
        unassigned=explain_unassigned(problem, assignments),
        objective=fleet_objective(problem, assignments),
        solve_seconds=seconds,
    )


def greedy_solution(problem: FleetProblem, seconds: float = 0.0) -> Solution:
    """The greedy plan as a (feasible, unproven) solution."""
    return plan_solution(problem, greedy_assignments(problem), STATUS_FEASIBLE, seconds)
