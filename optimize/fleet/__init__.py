"""Pooled-car dispatch (kind "fleet"): parse, solve lexicographically, greedy baseline, bounds."""

from __future__ import annotations

import time
from typing import Any

from optimize.common import DEFAULT_OPTIONS, STATUS_FEASIBLE, Kind, Options, Solution
from optimize.fleet.check import check_fleet
from optimize.fleet.generate import FLEET_PRESETS, generate_fleet
from optimize.fleet.parse import parse_fleet
from optimize.fleet.plan import fleet_objective, greedy_assignments, plan_solution
from optimize.fleet.problem import FleetProblem, Trip, Vehicle
from optimize.fleet.rules import feasible_pairs, maximal_cliques
from optimize.fleet.solve import solve_fleet_within

__all__ = [
    "FLEET_PRESETS",
    "KIND",
    "FleetProblem",
    "Trip",
    "Vehicle",
    "check_fleet",
    "fleet_bounds",
    "fleet_objective",
    "generate_fleet",
    "greedy_fleet",
    "parse_fleet",
    "solve_fleet",
]


def greedy_fleet(problem: FleetProblem) -> Solution:
    """The best of a few first-fit plans; never worse on level 1 than what solve_fleet returns."""
    started = time.monotonic()
    plan = greedy_assignments(problem)
    return plan_solution(problem, plan, STATUS_FEASIBLE, time.monotonic() - started)


def solve_fleet(problem: FleetProblem, options: Options = DEFAULT_OPTIONS) -> Solution:
    """Lexicographically optimal plan within options.time_limit (model building included).

    The greedy plan (which keeps previous vehicles where it can) is the hint and a floor for
    level 1, and the answer if the solver finds nothing in time. Levels 1-3 are solved per group
    of trips no vehicle links (see fleet_decompose), level 4 over the whole.
    """
    return solve_fleet_within(problem, options)


def fleet_bounds(problem: FleetProblem) -> dict[str, Any]:
    """What each level allows at best, without solving: for the benchmark's gap column."""
    pairs = feasible_pairs(problem)
    everything = range(len(problem.trips))
    max_overlap = max(
        (len(c) for c in maximal_cliques(problem.trips, everything, problem.turnaround)),
        default=min(1, len(problem.trips)),
    )
    vindex = {v.id: k for k, v in enumerate(problem.vehicles)}
    lost_previous = sum(
        1
        for t, trip in enumerate(problem.trips)
        if trip.previous_vehicle is not None and vindex.get(trip.previous_vehicle) not in pairs[t]
    )
    pinned_load: dict[str, int] = {}
    for trip in problem.trips:
        if trip.pinned_vehicle is not None:
            pinned_load[trip.pinned_vehicle] = (
                pinned_load.get(trip.pinned_vehicle, 0) + trip.minutes
            )
    return {
        "objective_bound": [
            sum(trip.priority for t, trip in enumerate(problem.trips) if pairs[t]),
            lost_previous,
            0,
            max(pinned_load.values(), default=0),
        ],
        "trips": len(problem.trips),
        "vehicles": len(problem.vehicles),
        "pairs": sum(map(len, pairs)),
        "max_overlap": max_overlap,
        "trips_fitting_no_vehicle": sum(1 for p in pairs if not p),
    }


KIND = Kind(
    name="fleet",
    items="trips",
    parse=parse_fleet,
    solve=solve_fleet,
    greedy=greedy_fleet,
    check=check_fleet,
    objective=fleet_objective,
    bounds=fleet_bounds,
    presets=tuple(FLEET_PRESETS),
    generate=generate_fleet,
)
