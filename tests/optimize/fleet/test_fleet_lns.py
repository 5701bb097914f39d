"""The fleet's neighbourhood search: never worse than its start, always feasible, reproducible."""

from __future__ import annotations

import time

import pytest

from optimize.common import Options
from optimize.fleet import FleetProblem, check_fleet, greedy_fleet, parse_fleet, solve_fleet
from optimize.fleet import solve as fleet_solve
from optimize.fleet.lns import improve_plan
from optimize.fleet.plan import fleet_objective, greedy_assignments, lex_key, plan_solution
from optimize.fleet.rules import feasible_pairs
from optimize.generate import generate_instance

OPTIONS = Options(time_limit=5.0, workers=1, seed=0)


def _week(seed: int = 0) -> tuple[FleetProblem, list[list[int]]]:
    problem = parse_fleet(generate_instance("fleet", "week", seed))
    return problem, feasible_pairs(problem)


def test_search_improves_the_greedy_plan_and_keeps_it_feasible() -> None:
    problem, pairs = _week()
    plan = greedy_assignments(problem, pairs)
    start = fleet_objective(problem, plan)
    kept = improve_plan(problem, pairs, plan, OPTIONS, time.monotonic() + 60, max_moves=12)
    after = fleet_objective(problem, plan)
    assert kept > 0
    assert lex_key(after) < lex_key(start)
    assert after[0] >= start[0]
    assert check_fleet(problem, plan_solution(problem, plan, "feasible", 0.0)) == []


def test_same_moves_give_the_same_plan() -> None:
    problem, pairs = _week(1)
    plans = []
    for _ in range(2):
        plan = greedy_assignments(problem, pairs)
        improve_plan(problem, pairs, plan, OPTIONS, time.monotonic() + 60, max_moves=6)
        plans.append(plan)
    assert plans[0] == plans[1]


def test_an_expired_deadline_leaves_the_plan_alone() -> None:
    problem, pairs = _week()
    plan = greedy_assignments(problem, pairs)
    before = dict(plan)
    assert improve_plan(problem, pairs, plan, OPTIONS, time.monotonic()) == 0
    assert plan == before


def test_groups_too_big_for_the_exact_model_are_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on city10x, where CP-SAT's presolve would not finish: every group goes to the search.
    monkeypatch.setattr(fleet_solve, "EXACT_PAIRS_LIMIT", 0)
    problem, _ = _week(2)
    greedy = greedy_fleet(problem).objective
    solution = solve_fleet(problem, Options(time_limit=3.0, workers=1, seed=0))
    assert solution.status == "feasible"
    assert check_fleet(problem, solution) == []
    assert solution.objective[0] >= greedy[0]
    assert lex_key(solution.objective) < lex_key(greedy)
