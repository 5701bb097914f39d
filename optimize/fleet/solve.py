"""The fleet solve within one wall-clock budget: greedy, levels 1-3 per independent group, level 4.

Model building counts against the budget: before each build the time it will take is estimated
from the builds so far (seconds per pair variable), and a step that cannot finish is skipped,
keeping the plan in hand and the status "feasible".
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from optimize.common import (
    STATUS_FEASIBLE,
    STATUS_OPTIMAL,
    Options,
    Solution,
    make_solver,
    solve_lexicographic,
)
from optimize.fleet.decompose import independent_groups, restrict
from optimize.fleet.lns import improve_plan
from optimize.fleet.model import FleetModel, build_fleet_model, busiest_with_base, fix_group_levels
from optimize.fleet.plan import fleet_objective, greedy_assignments, lex_key, plan_solution
from optimize.fleet.problem import FleetProblem
from optimize.fleet.rules import feasible_pairs

FIRST_GUESS_SECONDS_PER_PAIR = 4e-5  # measured ~2.7e-5 on the 2-core machine; refined as we go
SPREAD_SECONDS = 0.3  # per group, for the level-4 hint
SOLVE_RESERVE = 0.25  # never start a CP-SAT solve with less than this left after building
# Above this many pair variables CP-SAT's presolve alone outlasts a 30 s budget (city10x: 261k),
# so such a model is not built: its plan comes from the neighbourhood search instead.
EXACT_PAIRS_LIMIT = 100_000


@dataclass
class _Clock:
    """The deadline, and how long building a model of a given size is expected to take."""

    deadline: float
    per_pair: float = FIRST_GUESS_SECONDS_PER_PAIR

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def can_build(self, pairs: int, share: float) -> bool:
        return self.per_pair * pairs + SOLVE_RESERVE <= min(share, self.left())

    def built(self, pairs: int, seconds: float) -> None:
        if pairs >= 1000:  # small builds are dominated by fixed costs
            self.per_pair = max(self.per_pair * 0.5, seconds / pairs)


def solve_fleet_within(problem: FleetProblem, options: Options) -> Solution:
    """Lexicographically optimal plan within options.time_limit, model building included."""
    started = time.monotonic()
    clock = _Clock(started + options.time_limit)

    def emit(plan: dict[str, str]) -> None:
        if options.on_plan:
            seconds = time.monotonic() - started
            options.on_plan(plan_solution(problem, plan, STATUS_FEASIBLE, seconds).to_json())

    pairs = feasible_pairs(problem)
    plan = greedy_assignments(problem, pairs, on_first=emit)
    emit(plan)
    groups = independent_groups(problem, pairs)
    values, proven = _solve_groups(problem, pairs, groups, plan, options, clock)
    emit(plan)
    proven = _solve_spread(problem, pairs, groups, values, plan, options, clock) and proven
    # Not proven: spend what is left on neighbourhood moves (they never make the plan worse).
    searching = not proven and clock.left() > SOLVE_RESERVE
    if searching and improve_plan(problem, pairs, plan, options, clock.deadline):
        emit(plan)
    status = STATUS_OPTIMAL if proven else STATUS_FEASIBLE
    return plan_solution(problem, plan, status, time.monotonic() - started)


def _solve_groups(
    problem: FleetProblem,
    pairs: list[list[int]],
    groups: list[list[int]],
    plan: dict[str, str],
    options: Options,
    clock: _Clock,
) -> tuple[list[list[int]], bool]:
    """Levels 1-3 group by group, improving `plan` in place; (each group's values, all proven)."""
    values: list[list[int]] = []
    proven = True
    todo = len(problem.trips)
    counted: set[str] = set()  # trips whose vehicle counts in the spread of later groups
    solved: list[tuple[FleetProblem, FleetModel]] = []
    for group in groups:
        sub = restrict(problem, pairs, group)
        part = {t.id: plan[t.id] for t in sub.problem.trips if t.id in plan}
        size = sum(map(len, sub.pairs))
        share = clock.left() * len(group) / max(1, todo)
        todo -= len(group)
        if size and size <= EXACT_PAIRS_LIMIT and clock.can_build(size, share):
            building = time.monotonic()
            fm = build_fleet_model(sub.problem, sub.pairs, part)
            clock.built(size, time.monotonic() - building)
            result = solve_lexicographic(
                fm.model,
                fm.levels[:3],
                replace(
                    options, time_limit=min(share, clock.left()) - (time.monotonic() - building)
                ),
                fm.hint,
                of_levels=4,
            )
            proven = proven and result.proven
            if result.found:
                part = _better(sub.problem, part, fm.decode(result.var_values, sub.problem))
                solved.append((sub.problem, fm))
        elif size:
            proven = False
        for t in sub.problem.trips:
            plan.pop(t.id, None)
        plan.update(part)
        values.append(fleet_objective(sub.problem, part)[:3])
        if len(groups) > 1 and solved and solved[-1][0] is sub.problem:
            _spread_group(problem, sub.problem, fm, plan, counted, options, clock)
        counted.update(t.id for t in sub.problem.trips)
    # Second pass: now every other group's plan is known.
    for sub_problem, fm in solved if len(solved) > 1 else ():
        _spread_group(problem, sub_problem, fm, plan, counted, options, clock)
    return values, proven


def _spread_group(
    problem: FleetProblem,
    sub: FleetProblem,
    fm: FleetModel,
    plan: dict[str, str],
    counted: set[str],
    options: Options,
    clock: _Clock,
) -> None:
    """Re-plan one group in `plan`, its levels 1-3 held (fixed in `fm` by the lexicographic
    solve), so the busiest vehicle over it plus the `counted` trips is as low as found quickly.

    A heuristic: its only use is a good hint for the exact level-4 solve over the whole.
    """
    if clock.left() < 4 * SOLVE_RESERVE:
        return
    mine = {t.id for t in sub.trips}
    part = {t: plan[t] for t in mine if t in plan}
    base: dict[int, int] = defaultdict(int)
    vindex = {v.id: k for k, v in enumerate(problem.vehicles)}
    for trip in problem.trips:
        if trip.id not in mine and trip.id in counted and trip.id in plan:
            base[vindex[plan[trip.id]]] += trip.minutes
    busiest = busiest_with_base(fm, sub, base)
    fm.model.minimize(busiest)
    fm.model.clear_hints()  # type: ignore[no-untyped-call]
    for (t, v), var in fm.x.items():
        fm.model.add_hint(var, part.get(sub.trips[t].id) == sub.vehicles[v].id)
    solver = make_solver(options, min(SPREAD_SECONDS, clock.left() / 4))
    if solver.solve(fm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    spread = fm.decode([int(v) for v in solver.response_proto.solution], sub)
    if fleet_objective(sub, spread)[:3] == fleet_objective(sub, part)[:3]:
        for trip_id in mine:
            plan.pop(trip_id, None)
        plan.update(spread)


def _solve_spread(
    problem: FleetProblem,
    pairs: list[list[int]],
    groups: list[list[int]],
    values: list[list[int]],
    plan: dict[str, str],
    options: Options,
    clock: _Clock,
) -> bool:
    """Level 4 over the whole, each group held at its levels 1-3; True when proven."""
    size = sum(map(len, pairs))
    if size == 0:
        return True
    if size > EXACT_PAIRS_LIMIT or not clock.can_build(size, clock.left()):
        return False
    fm = build_fleet_model(problem, pairs, plan)
    fix_group_levels(fm, problem, groups, values)
    if clock.left() < SOLVE_RESERVE:
        return False
    result = solve_lexicographic(
        fm.model,
        fm.levels[3:],
        replace(options, time_limit=clock.left()),
        fm.hint,
        first_number=4,
        of_levels=4,
    )
    if result.found:
        better = _better(problem, dict(plan), fm.decode(result.var_values, problem))
        plan.clear()  # in place: the caller holds this dict
        plan.update(better)
    return result.proven


def _better(problem: FleetProblem, old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """The lexicographically better of two plans (the old one on ties)."""
    new_key = lex_key(fleet_objective(problem, new))
    return new if new_key < lex_key(fleet_objective(problem, old)) else old
