"""Independent groups of trips: levels 1-3 of the fleet model add up over them exactly.

Two trips interact only through a vehicle both could take: when they are closer than the
turnaround, or when they start on the same calendar day and that vehicle's daily limit could bind.
Trips in different connected components of that relation can be planned separately; the plans
combine into a feasible whole, and since levels 1-3 are sums over trips, a plan is
lexicographically optimal on them exactly when each group's part is. Level 4 (the busiest
vehicle's total) couples the groups through per-vehicle sums and is solved over the whole.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace

from optimize.fleet.problem import FleetProblem


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def independent_groups(problem: FleetProblem, pairs: list[list[int]]) -> list[list[int]]:
    """Trip indexes in groups no vehicle links, each sorted, groups ordered by their first trip."""
    trips, turn = problem.trips, problem.turnaround
    on_vehicle: dict[int, list[int]] = defaultdict(list)
    for t, vs in enumerate(pairs):
        for v in vs:
            on_vehicle[v].append(t)
    links = _UnionFind(len(trips))
    for v, ts in on_vehicle.items():
        # Components of an interval graph: a sweep by start joins each trip to the running cluster
        # while it starts before the furthest end + turnaround seen so far.
        ordered = sorted(ts, key=lambda t: trips[t].start)
        reach = None
        anchor = -1
        for t in ordered:
            if reach is not None and trips[t].start < reach:
                links.union(anchor, t)
                reach = max(reach, trips[t].end + turn)
            else:
                anchor, reach = t, trips[t].end + turn
        limit = problem.vehicles[v].max_minutes_per_day
        if limit is None:
            continue
        by_day: dict[int, list[int]] = defaultdict(list)
        for t in ts:
            by_day[trips[t].day].append(t)
        for day_trips in by_day.values():
            if _most_minutes(problem, day_trips) > limit:
                for t in day_trips[1:]:
                    links.union(day_trips[0], t)
    groups: dict[int, list[int]] = defaultdict(list)
    for t in range(len(trips)):
        groups[links.find(t)].append(t)
    return sorted(groups.values())


def _most_minutes(problem: FleetProblem, members: list[int]) -> int:
    """The most minutes one vehicle could drive among these trips (weighted interval scheduling):
    a daily limit at or above it can never bind, so it links nothing."""
    trips, turn = problem.trips, problem.turnaround
    ordered = sorted(members, key=lambda t: trips[t].end + turn)
    finish = [trips[t].end + turn for t in ordered]
    best = [0] * (len(ordered) + 1)
    for k, t in enumerate(ordered):
        fits_before = bisect.bisect_right(finish, trips[t].start, 0, k)
        best[k + 1] = max(best[k], best[fits_before] + trips[t].minutes)
    return best[-1]


@dataclass(frozen=True)
class SubProblem:
    """The instance restricted to one group's trips (all vehicles kept), with its own pairs."""

    problem: FleetProblem
    pairs: list[list[int]]
    trips: list[int]  # indexes in the whole problem


def restrict(problem: FleetProblem, pairs: list[list[int]], group: list[int]) -> SubProblem:
    """The sub-instance of these trips; trip ids and vehicle indexes stay those of the whole."""
    return SubProblem(
        problem=replace(problem, trips=tuple(problem.trips[t] for t in group)),
        pairs=[pairs[t] for t in group],
        trips=list(group),
    )
