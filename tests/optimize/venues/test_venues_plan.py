"""Venues plans beyond the solver: checker, greedy, bounds, presets, plan hook and time limit."""

from __future__ import annotations

from typing import Any

import pytest

from optimize.common import Options
from optimize.venues import (
    VENUES_PRESETS,
    check_venues,
    generate_venues,
    greedy_venues,
    parse_venues,
    solve_venues,
    venues_bounds,
)
from tests.optimize.venues.venues_builders import instance, request, solve_checked, stage, venue


def test_checker_reports_each_broken_rule() -> None:
    problem = parse_venues(
        instance(
            [venue("A", 20, buffer_minutes=30, features=["x"]), venue("B", 20)],
            [
                request("R1", "09:00", "10:00", equipment=["stage"], pinned_venue="A"),
                request("R2", "10:15", "11:00", attendees=30, requires=["x"], equipment=["stage"]),
                request("R3", "09:00", "10:00", candidates=["A"]),
            ],
            [stage()],
        )
    )
    bad = {"assignments": {"R2": "A", "R3": "B"}, "unassigned": {"R1": []}}
    problems = check_venues(problem, bad)
    assert "R2 in A: capacity 20 < 30 attendees" in problems
    assert "R3 in B: not in candidates" in problems
    assert "R1: not in pinned venue A" in problems
    assert "R1: unassigned without a reason" in problems
    both = {"assignments": {"R1": "A", "R2": "B"}, "unassigned": {"R3": ["A busy"]}}
    assert check_venues(problem, both) == [
        "R2 in B: capacity 20 < 30 attendees",
        "R2 in B: lacks feature 'x'",
        "stage: more than 1 in use at once among R1, R2",
    ]


def test_greedy_is_feasible_first_fit_and_bounds_hold() -> None:
    data = instance(
        [venue("A", 100), venue("B", 30)],
        [
            request("R1", "09:00", "11:00", attendees=20),
            request("R2", "10:00", "12:00", attendees=80),
            request("R3", "09:30", "10:30", attendees=25, candidates=["A"]),
        ],
    )
    problem, solution = solve_checked(data)
    greedy = greedy_venues(problem)
    assert check_venues(problem, greedy) == []
    assert greedy.objective[0] == 1  # first fit puts R1 in A, which blocks R2 and R3
    assert solution.objective[0] == 2
    assert venues_bounds(problem) == {"priority": 3, "moved": 0, "choice": 0, "slack": 10 + 20 + 75}


@pytest.mark.parametrize("preset", VENUES_PRESETS)
def test_presets_are_valid_and_solve_to_optimality(preset: str) -> None:
    data = generate_venues(preset, 1)
    assert data == generate_venues(preset, 1)
    problem, solution = solve_checked(data)
    bounds = venues_bounds(problem)
    assert greedy_venues(problem).objective[0] <= solution.objective[0] <= bounds["priority"]
    assert all(reasons for reasons in solution.unassigned.values())


def test_plan_hook_sees_valid_plans_ending_with_the_answer() -> None:
    problem = parse_venues(generate_venues("tight", 0))
    plans: list[dict[str, Any]] = []
    options = Options(time_limit=10, workers=1, seed=0, on_plan=plans.append)
    solution = solve_venues(problem, options)
    assert len(plans) >= 2  # the hint first, then after the levels
    assert all(check_venues(problem, plan) == [] for plan in plans)
    assert plans[-1]["assignments"] == solution.assignments


def test_tiny_time_limit_still_returns_a_valid_plan() -> None:
    problem = parse_venues(generate_venues("month", 3))
    solution = solve_venues(problem, Options(time_limit=0.001, workers=1, seed=0))
    assert check_venues(problem, solution) == []
    assert solution.objective[0] > 0


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown venues preset"):
        generate_venues("year", 0)


def test_a_request_with_no_venue_at_all_still_gets_a_reason() -> None:
    from optimize.api import solve_instance

    solution = solve_instance(
        {
            "kind": "venues",
            "venues": [],
            "requests": [
                {
                    "id": "R1",
                    "start": "2021-06-01T09:00:00+08:00",
                    "end": "2021-06-01T10:00:00+08:00",
                    "attendees": 3,
                }
            ],
        }
    )
    assert solution["unassigned"] == {"R1": ["no venue to choose from"]}
