"""Dorms model on hand-made instances with known optima: hard rules, priority order, preferences."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from optimize.common import InputError, Solution
from optimize.dorms import (
    DORMS_PRESETS,
    DormsProblem,
    check_dorms,
    dorms_bounds,
    generate_dorms,
    greedy_dorms,
    parse_dorms,
    solve_dorms,
)

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "optimize/schemas/dorms.instance.json").read_text("utf-8")
)


def room(ident: str, building: str = "Xiyuan", **extra: Any) -> dict[str, Any]:
    """A vacant room open to anyone unless `gender` or other fields say otherwise."""
    return {"id": ident, "building": building, "floor": 3, "gender": None, **extra}


def applicant(
    ident: str, points: int, applied_on: str = "2021-01-01", **extra: Any
) -> dict[str, Any]:
    """An applicant (gender F unless overridden) accepting any building by default."""
    return {"id": ident, "points": points, "applied_on": applied_on, "gender": "F", **extra}


def solve_checked(
    rooms: list[dict[str, Any]], applicants: list[dict[str, Any]]
) -> tuple[DormsProblem, Solution]:
    """Validate, parse and solve; the allocation must pass the checker and be optimal."""
    data = {"kind": "dorms", "rooms": rooms, "applicants": applicants}
    jsonschema.validate(data, SCHEMA)
    problem = parse_dorms(data)
    solution = solve_dorms(problem)
    assert check_dorms(problem, solution) == []
    assert solution.status == "optimal"
    return problem, solution


@pytest.mark.parametrize(
    ("rooms", "applicants", "message"),
    [
        ([room("A"), room("A")], [], "rooms[1].id: duplicate id 'A'"),
        ([{"id": "A"}], [], "rooms[0].building: missing"),
        ([room("A", accessible="yes")], [], "rooms[0].accessible: not true or false"),
        ([], [{"id": "P1", "points": 3}], "applicants[0].applied_on: missing"),
        ([], [applicant("P1", 3, "2021-02-30")], "applicants[0].applied_on: not an ISO-8601 date"),
        (
            [],
            [applicant("P1", 3, preferences=["X", "X"])],
            "applicants[0].preferences[1]: building",
        ),
        ([], [applicant("P1", 2.5)], "applicants[0].points: not a whole number"),
    ],
)
def test_malformed_instances_name_the_field(
    rooms: list[dict[str, Any]], applicants: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(InputError) as error:
        parse_dorms({"kind": "dorms", "rooms": rooms, "applicants": applicants})
    assert str(error.value).startswith(message)


def test_gender_floor_takes_only_that_gender() -> None:
    _, solution = solve_checked(
        [room("F1", gender="F")], [applicant("M1", 90, gender="M"), applicant("F1", 10)]
    )
    assert solution.assignments == {"F1": "F1"}
    assert solution.unassigned == {"M1": ["no vacant room for gender M"]}


def test_accessible_need_takes_only_accessible_rooms() -> None:
    _, solution = solve_checked(
        [room("R1"), room("R2", accessible=True)],
        [applicant("P1", 90, needs_accessible=True), applicant("P2", 80, needs_accessible=True)],
    )
    assert solution.assignments == {"P1": "R2"}
    assert solution.unassigned == {
        "P2": ["the fitting room is needed by higher-ranked applicant P1"]
    }


def test_accessible_room_missing_is_named() -> None:
    _, solution = solve_checked(
        [room("R1", "Xinyi")], [applicant("P1", 5, needs_accessible=True, preferences=["Xinyi"])]
    )
    assert solution.unassigned == {
        "P1": ["no accessible room for gender F in preferred buildings Xinyi"]
    }


def test_only_preferred_buildings() -> None:
    _, solution = solve_checked(
        [room("XY1", "Xiyuan")], [applicant("P1", 90, preferences=["Xinyi"]), applicant("P2", 1)]
    )
    assert solution.assignments == {"P2": "XY1"}
    assert solution.unassigned == {"P1": ["no vacant room in preferred buildings Xinyi"]}
    assert solution.extra["waitlist"] == ["P1"]


def test_higher_ranked_applicant_is_housed_by_moving_another() -> None:
    # P1 could take A or B, P2 only A: first-come greedy gives P1 A and leaves P2 waiting.
    rooms = [room("A", "Xiyuan"), room("B", "Xinyi")]
    applicants = [
        applicant("P1", 90, preferences=["Xiyuan", "Xinyi"]),
        applicant("P2", 80, preferences=["Xiyuan"]),
        applicant("P3", 70),
    ]
    problem, solution = solve_checked(rooms, applicants)
    assert solution.assignments == {"P1": "B", "P2": "A"}
    assert solution.objective == [2, 1]
    assert solution.extra["waitlist"] == ["P3"]
    assert greedy_dorms(problem).assignments == {"P1": "A", "P3": "B"}


def test_lower_ranked_never_housed_instead_of_a_feasible_higher_ranked() -> None:
    # Housing P3 instead would score 0 at level 2, but P2 outranks P3 and fits, so P2 is housed.
    rooms = [room("A", "Xiyuan")]
    applicants = [
        applicant("P2", 50, preferences=["Xinyi", "Xiyuan"]),
        applicant("P3", 40, preferences=["Xiyuan"]),
    ]
    _, solution = solve_checked(rooms, applicants)
    assert solution.assignments == {"P2": "A"}
    assert solution.objective == [1, 1]


@pytest.mark.parametrize(
    ("applicants", "winner"),
    [
        ([applicant("P1", 10), applicant("P2", 20)], "P2"),  # points first
        ([applicant("P1", 20, "2021-05-01"), applicant("P2", 20, "2021-04-30")], "P2"),  # then date
        ([applicant("P2", 20), applicant("P1", 20)], "P1"),  # then id
    ],
)
def test_priority_order_breaks_ties(applicants: list[dict[str, Any]], winner: str) -> None:
    _, solution = solve_checked([room("A")], applicants)
    assert list(solution.assignments) == [winner]


def test_level2_minimises_preference_positions_for_the_fixed_set() -> None:
    rooms = [room("XY", "Xiyuan"), room("XN", "Xinyi")]
    applicants = [
        applicant("P1", 90, preferences=["Xinyi", "Xiyuan"]),
        applicant("P2", 80, preferences=["Xinyi"]),
        applicant("P3", 70, preferences=["Xiyuan", "Xinyi"]),
    ]
    _, solution = solve_checked(rooms, applicants)
    assert solution.assignments == {"P1": "XY", "P2": "XN"}
    assert solution.objective == [2, 1]


def test_level2_gives_all_but_one_their_first_choice() -> None:
    rooms = [room("XY", "Xiyuan"), room("XN", "Xinyi"), room("XY2", "Xiyuan")]
    applicants = [
        applicant("P1", 90, preferences=["Xinyi", "Xiyuan"]),
        applicant("P2", 80, preferences=["Xiyuan", "Xinyi"]),
        applicant("P3", 70, preferences=["Xinyi", "Xiyuan"]),
    ]
    _, solution = solve_checked(rooms, applicants)
    assert solution.objective == [3, 1]


def test_no_preferences_means_any_building_at_position_zero() -> None:
    _, solution = solve_checked([room("XN", "Xinyi")], [applicant("P1", 1, preferences=[])])
    assert solution.objective == [1, 0]


def test_checker_reports_each_broken_rule() -> None:
    problem = parse_dorms(
        {
            "kind": "dorms",
            "rooms": [room("A", gender="M"), room("B", "Xinyi")],
            "applicants": [
                applicant("P1", 5, preferences=["Xiyuan"]),
                applicant("P2", 4),
                applicant("P3", 3),
            ],
        }
    )
    bad = {"assignments": {"P1": "B", "P2": "A", "P3": "A"}, "unassigned": {}}
    assert check_dorms(problem, bad) == [
        "P1 in B: building Xinyi not in preferences",
        "P2 in A: room is for gender M",
        "P3 in A: room is for gender M",
        "A: given to both P2 and P3",
    ]
    missing = {"assignments": {}, "unassigned": {"P1": ["x"], "P2": []}, "waitlist": ["P2", "P1"]}
    assert check_dorms(problem, missing) == [
        "P2: unassigned without a reason",
        "P3: must be either assigned or unassigned",
        "waitlist: not the unhoused applicants in priority order",
    ]


@pytest.mark.parametrize("preset", DORMS_PRESETS)
def test_presets_are_valid_and_fast(preset: str) -> None:
    data = generate_dorms(preset, 2)
    assert data == generate_dorms(preset, 2)
    jsonschema.validate(data, SCHEMA)
    started = time.monotonic()
    problem = parse_dorms(data)
    solution = solve_dorms(problem)
    assert time.monotonic() - started < 2
    assert check_dorms(problem, solution) == []
    assert solution.objective[0] == dorms_bounds(problem)["housed"]
    assert solution.objective[0] >= greedy_dorms(problem).objective[0]
    assert len(solution.extra["waitlist"]) == len(problem.applicants) - solution.objective[0]


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown dorms preset"):
        generate_dorms("palace", 0)
