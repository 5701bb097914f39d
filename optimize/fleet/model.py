"""The fleet's CP-SAT model, built in named steps: one Boolean per (trip, vehicle) pair that can fit."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimize.common import Level
from optimize.fleet.problem import FleetProblem
from optimize.fleet.rules import maximal_cliques

# Above this many literals in the clique constraints, use the occupancy chain instead: the two
# have the same LP relaxation, but summed clique sizes grow with (trips x overlap) per vehicle.
CLIQUE_LITERAL_BUDGET = 1_500_000


@dataclass
class FleetModel:
    """The model, its pair variables and the objective levels; `hint` is a full plan by var index."""

    model: cp_model.CpModel
    pairs: list[list[int]]
    x: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    levels: list[Level] = field(default_factory=list)
    hint: dict[int, int] = field(default_factory=dict)
    encoding: str = "cliques"

    def decode(self, values: list[int], problem: FleetProblem) -> dict[str, str]:
        """Assignments from a full solution vector (by proto index)."""
        return {
            problem.trips[t].id: problem.vehicles[v].id
            for (t, v), var in self.x.items()
            if values[var.index]
        }


def build_fleet_model(
    problem: FleetProblem, pairs: list[list[int]], plan: Mapping[str, str]
) -> FleetModel:
    """The full model; `plan` (a feasible plan) becomes the hint and a floor for level 1."""
    fm = FleetModel(model=cp_model.CpModel(), pairs=pairs)
    vindex = {v.id: k for k, v in enumerate(problem.vehicles)}
    planned = {
        (t, vindex[plan[trip.id]]) for t, trip in enumerate(problem.trips) if trip.id in plan
    }
    _add_pair_vars(fm, problem, planned)
    members = _trips_by_vehicle(fm)
    _add_turnaround(fm, problem, members, planned)
    _add_daily_limits(fm, problem, members)
    _add_levels(fm, problem, planned)
    return fm


def _add_pair_vars(fm: FleetModel, problem: FleetProblem, planned: set[tuple[int, int]]) -> None:
    """x[t, v] for each feasible pair; each trip on at most one vehicle, pins on exactly theirs."""
    for t, trip in enumerate(problem.trips):
        lits = []
        for v in fm.pairs[t]:
            var = fm.model.new_bool_var(f"x_{trip.id}_{problem.vehicles[v].id}")
            fm.x[t, v] = var
            fm.hint[var.index] = int((t, v) in planned)
            lits.append(var)
        if trip.pinned_vehicle is not None:
            fm.model.add(lits[0] == 1)
        elif len(lits) > 1:
            fm.model.add_at_most_one(lits)


def _trips_by_vehicle(fm: FleetModel) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for t, v in fm.x:
        members[v].append(t)
    return members


def _add_turnaround(
    fm: FleetModel,
    problem: FleetProblem,
    members: dict[int, list[int]],
    planned: set[tuple[int, int]],
) -> None:
    """No two trips on one vehicle closer than the turnaround."""
    cliques = {
        v: maximal_cliques(problem.trips, ts, problem.turnaround) for v, ts in members.items()
    }
    literals = sum(len(c) for cs in cliques.values() for c in cs)
    if literals <= CLIQUE_LITERAL_BUDGET:
        fm.encoding = "cliques"
        for v, cs in sorted(cliques.items()):
            for clique in cs:
                fm.model.add_at_most_one(fm.x[t, v] for t in clique)
        return
    fm.encoding = "occupancy chain"
    for v, ts in sorted(members.items()):
        _add_occupancy_chain(fm, problem, v, ts, planned)


def _add_occupancy_chain(
    fm: FleetModel, problem: FleetProblem, v: int, ts: list[int], planned: set[tuple[int, int]]
) -> None:
    """occ_p = trips on the vehicle active at start instant p, kept <= 1 (linear in the pairs)."""
    turn = problem.turnaround
    events = sorted(
        [(problem.trips[t].start, 1, t) for t in ts]
        + [(problem.trips[t].end + turn, 0, t) for t in ts]
    )
    previous: cp_model.LinearExpr | int = 0
    prev_hint = 0
    pending: list[int] = []  # trips ended since the last start instant
    k = 0
    while k < len(events):
        instant = events[k][0]
        started: list[int] = []
        while k < len(events) and events[k][0] == instant:
            (started if events[k][1] else pending).append(events[k][2])
            k += 1
        if not started:
            continue
        occ = fm.model.new_int_var(0, 1, f"occ_{problem.vehicles[v].id}_{instant}")
        fm.model.add(
            occ
            == previous
            + cp_model.LinearExpr.sum([fm.x[t, v] for t in started])
            - cp_model.LinearExpr.sum([fm.x[t, v] for t in pending])
        )
        prev_hint += sum((t, v) in planned for t in started)
        prev_hint -= sum((t, v) in planned for t in pending)
        fm.hint[occ.index] = prev_hint
        previous, pending = occ, []


def _add_daily_limits(fm: FleetModel, problem: FleetProblem, members: dict[int, list[int]]) -> None:
    """Per (vehicle, day) summed minutes within the limit, skipped when it can never bind."""
    for v, ts in sorted(members.items()):
        limit = problem.vehicles[v].max_minutes_per_day
        if limit is None:
            continue
        by_day: dict[int, list[int]] = defaultdict(list)
        for t in ts:
            by_day[problem.trips[t].day].append(t)
        for _, day_trips in sorted(by_day.items()):
            if sum(problem.trips[t].minutes for t in day_trips) <= limit:
                continue
            fm.model.add(sum(problem.trips[t].minutes * fm.x[t, v] for t in day_trips) <= limit)


LevelSums = tuple[cp_model.LinearExprT, cp_model.LinearExprT, cp_model.LinearExprT]


def level_sums(
    fm: FleetModel, problem: FleetProblem, groups: Sequence[Collection[int]] | None = None
) -> list[LevelSums]:
    """Levels 1-3 (priority served, previous vehicle changed, foreign agency) for each group of
    trips (default: one group of all), in a single pass over the pair variables."""
    trips, vehicles = problem.trips, problem.vehicles
    groups = [range(len(trips))] if groups is None else groups
    group_of = {t: g for g, members in enumerate(groups) for t in members}
    vindex = {vh.id: k for k, vh in enumerate(vehicles)}
    served: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in groups]
    foreign: list[list[cp_model.IntVar]] = [[] for _ in groups]
    for (t, v), var in fm.x.items():
        g = group_of.get(t)
        if g is None:
            continue
        served[g].append((trips[t].priority, var))
        if vehicles[v].agency != trips[t].agency:
            foreign[g].append(var)
    with_previous = [0] * len(groups)
    kept: list[list[cp_model.IntVar]] = [[] for _ in groups]
    for t, g in group_of.items():
        if trips[t].previous_vehicle is None:
            continue
        with_previous[g] += 1
        pair = (t, vindex.get(trips[t].previous_vehicle or "", -1))
        if pair in fm.x:
            kept[g].append(fm.x[pair])
    return [
        (
            cp_model.LinearExpr.weighted_sum(
                [var for _, var in served[g]], [c for c, _ in served[g]]
            ),
            with_previous[g] - cp_model.LinearExpr.sum(kept[g]),
            cp_model.LinearExpr.sum(foreign[g]),
        )
        for g in range(len(groups))
    ]


def fix_group_levels(
    fm: FleetModel,
    problem: FleetProblem,
    groups: Sequence[Collection[int]],
    values: Sequence[Sequence[int]],
) -> None:
    """Hold each independent group at its levels 1-3 (tighter than fixing the sums over all)."""
    for (served, moved, foreign), value in zip(
        level_sums(fm, problem, groups), values, strict=True
    ):
        fm.model.add(served >= value[0])
        fm.model.add(moved <= value[1])
        fm.model.add(foreign <= value[2])


def _add_levels(fm: FleetModel, problem: FleetProblem, planned: set[tuple[int, int]]) -> None:
    """The four lexicographic levels; level 1 may not fall below the plan we already have."""
    trips = problem.trips
    ((served, moved, foreign),) = level_sums(fm, problem)
    loads: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (t, v), var in fm.x.items():
        loads[v].append((trips[t].minutes, var))
    load_cap = max((sum(m for m, _ in terms) for terms in loads.values()), default=0)
    # Every load is a sum of trip minutes, so a multiple of their gcd: so is the optimum, and the
    # solver may round its bound up to the next multiple (e.g. 598 -> 600 with quarter hours).
    unit = math.gcd(*(m for terms in loads.values() for m, _ in terms)) or 1
    steps = fm.model.new_int_var(0, load_cap // unit, "busiest_vehicle_units")
    busiest = unit * steps
    for v, terms in sorted(loads.items()):
        fm.model.add(sum(m * var for m, var in terms) <= busiest)
    # Redundant, but it gives level 4 the average-load bound the per-vehicle rows hide from the LP.
    fm.model.add(
        sum(m * var for terms in loads.values() for m, var in terms) <= len(loads) * busiest
    )
    plan_loads: dict[int, int] = defaultdict(int)
    for t, v in planned:
        plan_loads[v] += trips[t].minutes
    fm.hint[steps.index] = max(plan_loads.values(), default=0) // unit
    floor = sum(trips[t].priority for t, _ in planned)
    if fm.x:
        fm.model.add(served >= floor)
    fm.levels = [
        Level("priority served", served, "max"),
        Level("previous vehicle changed", moved, "min"),
        Level("other agency's vehicle", foreign, "min"),
        Level("busiest vehicle minutes", busiest, "min"),
    ]


def busiest_with_base(
    fm: FleetModel, problem: FleetProblem, base: Mapping[int, int]
) -> cp_model.IntVar:
    """The busiest vehicle's minutes when each vehicle already carries `base` minutes elsewhere.

    Used to spread one group's trips given the other groups' plan: a heuristic step towards
    level 4 whose result only serves as a hint for the exact solve over the whole.
    """
    loads: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (t, v), var in fm.x.items():
        loads[v].append((problem.trips[t].minutes, var))
    cap = max(base.values(), default=0) + sum(t.minutes for t in problem.trips)
    busiest = fm.model.new_int_var(max(base.values(), default=0), cap, "busiest_with_base")
    for v, terms in sorted(loads.items()):
        fm.model.add(base.get(v, 0) + sum(m * var for m, var in terms) <= busiest)
    return busiest
