"""Reasons as codes beside the texts, and the checker of the priority order (level 1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings

from optimize.api import solve_instance
from optimize.check import check_priority_order
from optimize.dorms import greedy_dorms, parse_dorms, priority_violations, solve_dorms
from tests.optimize.dorms.test_dorms import applicant, room
from tests.optimize.dorms.test_dorms_properties import dorms_instances

SOLUTION_SCHEMA = json.loads(
    (Path(__file__).parents[3] / "optimize/schemas/solution.json").read_text("utf-8")
)


def instance(rooms: list[dict[str, Any]], applicants: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "dorms", "rooms": rooms, "applicants": applicants}


def test_every_reason_comes_as_a_code_too() -> None:
    data = instance(
        [room("F1", gender="F"), room("XN", "Xinyi")],
        [
            applicant("M1", 90, gender="M", preferences=["Xiyuan"]),
            applicant("P1", 80, preferences=["Xiyuan"]),
            applicant("P2", 70, preferences=["Xiyuan"]),
            applicant("P3", 60, preferences=["Zhongshan"]),
            applicant("P4", 50, needs_accessible=True),
        ],
    )
    solution = solve_instance(data)
    jsonschema.validate(solution, SOLUTION_SCHEMA)
    assert solution["assignments"] == {"P1": "F1"}
    codes = solution["unassigned_codes"]
    assert set(codes) == set(solution["unassigned"])
    assert codes["M1"] == [
        {"code": "dorms.no_room_for_gender", "params": {"gender": "M", "buildings": ["Xiyuan"]}}
    ]
    assert codes["P2"] == [
        {"code": "dorms.needed_by_higher_ranked", "params": {"rooms": 1, "holders": ["P1"]}}
    ]
    assert codes["P3"] == [
        {"code": "dorms.no_room_in_preferred", "params": {"buildings": ["Zhongshan"]}}
    ]
    assert codes["P4"][0]["code"] == "dorms.no_accessible_room"


def test_greedy_reasons_have_codes() -> None:
    problem = parse_dorms(instance([room("A")], [applicant("P1", 9), applicant("P2", 8)]))
    greedy = greedy_dorms(problem).to_json()
    assert greedy["unassigned_codes"] == {
        "P2": [{"code": "dorms.rooms_taken", "params": {"holders": ["P1"]}}]
    }


def test_checker_finds_a_higher_ranked_applicant_passed_over() -> None:
    # P1 could take A or B, P2 only A: greedy gives P1 A and houses P3 in B, passing P2 over.
    data = instance(
        [room("A", "Xiyuan"), room("B", "Xinyi")],
        [
            applicant("P1", 90, preferences=["Xiyuan", "Xinyi"]),
            applicant("P2", 80, preferences=["Xiyuan"]),
            applicant("P3", 70),
        ],
    )
    greedy = greedy_dorms(parse_dorms(data)).to_json()
    assert check_priority_order(data, greedy) == [
        "P2: passed over, could be housed instead of lower-ranked P3"
    ]
    assert check_priority_order(data, solve_instance(data)) == []
    nobody = {"assignments": {}, "unassigned": {a["id"]: ["-"] for a in data["applicants"]}}
    assert check_priority_order(data, nobody)[0] == "P1: passed over, could be housed in addition"


def test_a_broken_plan_is_reported_by_its_hard_rules() -> None:
    data = instance([room("A", gender="M")], [applicant("P1", 5)])
    bad = {"assignments": {"P1": "A"}, "unassigned": {}}
    assert check_priority_order(data, bad) == ["P1 in A: room is for gender M"]


@settings(max_examples=300, deadline=None)
@given(dorms_instances())
def test_the_exact_allocation_never_passes_anyone_over(data: dict[str, Any]) -> None:
    problem = parse_dorms(data)
    solution = solve_dorms(problem)
    assert priority_violations(problem, solution) == []
    codes = solution.extra["unassigned_codes"]
    assert {a: len(r) for a, r in codes.items()} == {
        a: len(r) for a, r in solution.unassigned.items()
    }
