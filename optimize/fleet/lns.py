"""Large-neighbourhood search on a feasible fleet plan: free a few vehicles, re-solve exactly, repeat.

Used where the exact model is too big to solve in time (city-scale groups) and for level 4 when
the exact solve has its bound but not the plan that meets it. Each move frees every trip on a
handful of related vehicles plus the unassigned trips they could take, and solves that small
model lexicographically with everything else fixed. The freed vehicles carry no other trips, so
turnaround and daily limits stay exact inside the move and the merged plan is always feasible.
A move is kept when the whole plan's objective is not worse (plateau moves let level 4 travel:
the sorted vehicle loads must not get worse either), so the result is never worse than the input.
Neighbourhoods come from a Random seeded with options.seed, and each small solve is bounded by
CP-SAT's deterministic time, so the moves depend on the wall clock only through how many fit.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import replace

from optimize.common import Options, solve_lexicographic
from optimize.fleet.decompose import restrict
from optimize.fleet.model import build_fleet_model
from optimize.fleet.plan import fleet_objective, lex_key
from optimize.fleet.problem import FleetProblem

TRIPS_PER_MOVE = 40  # freed trips per move: small enough to prove in well under a second
MOVE_SECONDS = 1.0  # cap per small solve (wall-clock); deterministic time caps it too
MOVE_DETERMINISTIC = 2.0
MIN_MOVE_SECONDS = 0.1


def _key(problem: FleetProblem, plan: dict[str, str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Objective first, then the vehicle loads from the largest down (both: smaller is better)."""
    load: dict[str, int] = defaultdict(int)
    for trip in problem.trips:
        if trip.id in plan:
            load[plan[trip.id]] += trip.minutes
    return lex_key(fleet_objective(problem, plan)), tuple(sorted(load.values(), reverse=True))


class _Neighbours:
    """Which vehicles a move frees: the busiest one, or an unassigned trip's, or a random one,
    each grown by vehicles that could take the same trips."""

    def __init__(self, problem: FleetProblem, pairs: list[list[int]], seed: int) -> None:
        self.problem = problem
        self.pairs = pairs
        self.rng = random.Random(seed)
        self.vindex = {v.id: k for k, v in enumerate(problem.vehicles)}
        self.can_take: dict[int, list[int]] = defaultdict(list)
        for t, vs in enumerate(pairs):
            for v in vs:
                self.can_take[v].append(t)

    def pick(self, plan: dict[str, str], move: int) -> tuple[set[int], list[int]]:
        """(vehicles freed, trip indexes freed) for this move number."""
        trips = self.problem.trips
        on: dict[int, list[int]] = defaultdict(list)
        load: dict[int, int] = defaultdict(int)
        for t, trip in enumerate(trips):
            if trip.id in plan:
                v = self.vindex[plan[trip.id]]
                on[v].append(t)
                load[v] += trip.minutes
        unassigned = [t for t, trip in enumerate(trips) if trip.id not in plan and self.pairs[t]]
        kind = move % 3
        if kind == 0 and load:
            top = max(load.values())
            seeds = sorted(v for v, m in load.items() if m == top)
            start = self.rng.choice(seeds)
        elif kind == 1 and unassigned:
            start = self.rng.choice(self.pairs[self.rng.choice(unassigned)])
        else:
            start = self.rng.choice(sorted(self.can_take) or [0])
        chosen = {start}
        freed = set(on[start])
        frontier = [start]
        while frontier and len(freed) < TRIPS_PER_MOVE:
            v = frontier.pop(0)
            related = sorted({w for t in self.can_take[v] for w in self.pairs[t]} - chosen)
            self.rng.shuffle(related)
            for w in related:
                if len(freed) >= TRIPS_PER_MOVE:
                    break
                chosen.add(w)
                freed.update(on[w])
                frontier.append(w)
        freed.update(t for t in unassigned if chosen.intersection(self.pairs[t]))
        return chosen, sorted(freed)


def improve_plan(
    problem: FleetProblem,
    pairs: list[list[int]],
    plan: dict[str, str],
    options: Options,
    deadline: float,
    max_moves: int | None = None,
) -> int:
    """Improve `plan` in place until the deadline (or `max_moves` tried); returns the number of
    moves that made it strictly better."""
    if not plan and not any(pairs):
        return 0
    quiet = replace(options, progress=None, on_plan=None)
    neighbours = _Neighbours(problem, pairs, options.seed)
    best = _key(problem, plan)
    kept = 0
    move = 0
    while deadline - time.monotonic() > MIN_MOVE_SECONDS and move != max_moves:
        chosen, freed = neighbours.pick(plan, move)
        move += 1
        if not freed:
            continue
        sub = restrict(problem, pairs, freed)
        sub_pairs = [[v for v in vs if v in chosen] for vs in sub.pairs]
        part = {t.id: plan[t.id] for t in sub.problem.trips if t.id in plan}
        fm = build_fleet_model(sub.problem, sub_pairs, part)
        limit = min(MOVE_SECONDS, deadline - time.monotonic())
        result = solve_lexicographic(
            fm.model,
            fm.levels,
            replace(quiet, time_limit=limit),
            fm.hint,
            parameters={"max_deterministic_time": MOVE_DETERMINISTIC},
        )
        if not result.found:
            continue
        candidate = {k: v for k, v in plan.items() if k not in part}
        candidate.update(fm.decode(result.var_values, sub.problem))
        key = _key(problem, candidate)
        if key <= best:
            kept += key < best
            best = key
            plan.clear()
            plan.update(candidate)
    return kept
