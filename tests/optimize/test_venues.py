"""Venues model on hand-made instances with known optima: one test per hard constraint and level."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from optimize.common import InputError, Options, Solution
from optimize.venues import (
    VENUES_PRESETS,
    VenuesProblem,
    check_venues,
    generate_venues,
    greedy_venues,
    parse_venues,
    solve_venues,
    venues_bounds,
)

OPTIONS = Options(time_limit=10, workers=1, seed=0)
SCHEMA = json.loads(
    (Path(__file__).parents[2] / "optimize/schemas/venues.instance.json").read_text("utf-8")
)


def at(hhmm: str, offset: str = "+08:00", day: str = "2021-06-01") -> str:
    """An ISO instant on the test day."""
    return f"{day}T{hhmm}:00{offset}"


def venue(ident: str, capacity: int = 50, **extra: Any) -> dict[str, Any]:
    """A venue with the given capacity and any other contract fields."""
    return {"id": ident, "capacity": capacity, **extra}


def request(ident: str, start: str, end: str, attendees: int = 10, **extra: Any) -> dict[str, Any]:
    """A request from `start` to `end` (HH:MM in +08:00 unless full ISO strings)."""
    return {
        "id": ident,
        "start": start if "T" in start else at(start),
        "end": end if "T" in end else at(end),
        "attendees": attendees,
        **extra,
    }


def stage(quantity: int = 1, setup: int = 120, teardown: int = 60) -> dict[str, Any]:
    """The mobile stage: by default one unit, two hours to set up, one to take down."""
    return {
        "id": "stage",
        "quantity": quantity,
        "setup_minutes": setup,
        "teardown_minutes": teardown,
    }


def instance(
    venues: list[dict[str, Any]],
    requests: list[dict[str, Any]],
    equipment: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A venues contract instance."""
    return {"kind": "venues", "venues": venues, "equipment": equipment or [], "requests": requests}


def solve_checked(data: dict[str, Any]) -> tuple[VenuesProblem, Solution]:
    """Parse and solve; the plan must pass the checker and be proven optimal."""
    jsonschema.validate(data, SCHEMA)
    problem = parse_venues(data)
    solution = solve_venues(problem, OPTIONS)
    assert check_venues(problem, solution) == []
    assert solution.status == "optimal"
    return problem, solution


# ---------------------------------------------------------------- input errors


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([request("R1", "10:00", "10:00")], "requests[0].end: not after start"),
        (
            [request("R1", "09:00", "10:00"), request("R2", "09:00", "10:00", candidates=["X"])],
            "requests[1].candidates[0]: unknown venue 'X'",
        ),
        (
            [request("R1", "09:00", "10:00", equipment=["crane"])],
            "requests[0].equipment[0]: unknown",
        ),
        ([request("R1", "09:00", "10:00", pinned_venue="X")], "requests[0].pinned_venue: unknown"),
        (
            [request("R1", "09:00", "10:00", attendees=60, pinned_venue="A")],
            "requests[0].pinned_venue: cannot use pinned venue A: capacity 50 < 60 attendees",
        ),
        ([request("R1", "09:00", "10:00"), request("R1", "11:00", "12:00")], "requests[1].id: dup"),
        (
            [{"id": "R1", "start": at("09:00"), "end": at("10:00")}],
            "requests[0].attendees: missing",
        ),
        ([request("R1", "2021-06-01T09:00:00", "10:00")], "requests[0].start: has no UTC offset"),
    ],
)
def test_malformed_requests_name_the_field(requests: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_venues(instance([venue("A"), venue("B")], requests))
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(("gap_start", "ok"), [("10:30", True), ("10:29", False)])
def test_pins_clashing_through_the_buffer_are_refused_at_exact_boundary(
    gap_start: str, ok: bool
) -> None:
    data = instance(
        [venue("A", buffer_minutes=30)],
        [
            request("R1", "09:00", "10:00", pinned_venue="A"),
            request("R2", gap_start, "12:00", pinned_venue="A"),
        ],
    )
    if ok:
        _, solution = solve_checked(data)
        assert solution.objective[0] == 2
    else:
        with pytest.raises(InputError, match=r"requests\[1\]\.pinned_venue: clashes with R1"):
            parse_venues(data)


def test_pins_that_overload_equipment_are_refused() -> None:
    data = instance(
        [venue("A"), venue("B")],
        [
            request("R1", "10:00", "12:00", pinned_venue="A", equipment=["stage"]),
            request("R2", "14:59", "16:00", pinned_venue="B", equipment=["stage"]),
        ],
        [stage()],
    )
    with pytest.raises(InputError, match=r"requests\[1\]\.pinned_venue: .*more than 1 stage"):
        parse_venues(data)


def test_pin_into_a_closure_is_refused() -> None:
    closed = [{"start": at("09:30"), "end": at("18:00")}]
    data = instance(
        [venue("A", unavailable=closed)], [request("R1", "09:00", "10:00", pinned_venue="A")]
    )
    with pytest.raises(InputError, match=r"requests\[0\]\.pinned_venue: .*unavailable"):
        parse_venues(data)


# ---------------------------------------------------------------- hard constraints


def test_capacity_and_features_choose_the_only_fitting_venue() -> None:
    data = instance(
        [
            venue("SMALL", 80, features=["streaming"]),
            venue("BIG", 200),
            venue("N206", 120, features=["streaming"]),
        ],
        [request("R1", "09:00", "10:00", attendees=120, requires=["streaming"])],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "N206"}
    assert solution.objective == [1, 0, 0, 0]


def test_rejected_request_gets_a_reason_per_venue() -> None:
    data = instance(
        [venue("SMALL", 80, features=["streaming"]), venue("BIG", 200)],
        [request("R1", "09:00", "10:00", attendees=120, requires=["streaming"])],
    )
    _, solution = solve_checked(data)
    assert solution.unassigned == {
        "R1": ["BIG: lacks feature 'streaming'", "SMALL: capacity 80 < 120 attendees"]
    }


@pytest.mark.parametrize(("closure_end", "accepted"), [("10:00", 1), ("10:01", 0)])
def test_closure_is_half_open(closure_end: str, accepted: int) -> None:
    closed = [{"start": at("08:00"), "end": at(closure_end)}]
    data = instance([venue("A", unavailable=closed)], [request("R1", "10:00", "11:00")])
    _, solution = solve_checked(data)
    assert solution.objective[0] == accepted
    if not accepted:
        assert solution.unassigned["R1"] == ["A: unavailable 2021-06-01 08:00 to 2021-06-01 10:01"]


@pytest.mark.parametrize(("second_start", "accepted"), [("10:30", 2), ("10:29", 1)])
def test_buffer_separates_requests_in_one_venue_at_exact_boundary(
    second_start: str, accepted: int
) -> None:
    data = instance(
        [venue("A", buffer_minutes=30)],
        [request("R1", "09:00", "10:00"), request("R2", second_start, "11:00")],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == accepted


def test_buffer_applies_before_as_well_as_after() -> None:
    # R2 ends 29 minutes before R1 starts: too close, whichever comes first.
    data = instance(
        [venue("A", buffer_minutes=30)],
        [request("R1", "10:00", "11:00", priority=2), request("R2", "08:00", "09:31")],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "A"}
    assert solution.unassigned["R2"] == ["A busy with R1"]


def test_buffer_is_per_venue() -> None:
    data = instance(
        [venue("A", buffer_minutes=60), venue("B")],
        [request("R1", "09:00", "10:00", candidates=["A"]), request("R2", "10:00", "11:00")],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "A", "R2": "B"}


@pytest.mark.parametrize(("second_start", "accepted"), [("15:00", 2), ("14:59", 1)])
def test_equipment_shared_across_venues_with_setup_and_teardown(
    second_start: str, accepted: int
) -> None:
    # Stage busy 08:00-13:00 for R1 and from second_start - 2h for R2.
    data = instance(
        [venue("A"), venue("B")],
        [
            request("R1", "10:00", "12:00", candidates=["A"], equipment=["stage"]),
            request("R2", second_start, "16:00", candidates=["B"], equipment=["stage"], priority=3),
        ],
        [stage()],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == (4 if accepted == 2 else 3)
    if accepted == 1:
        assert solution.assignments == {"R2": "B"}
        assert solution.unassigned["R1"] == ["stage busy (with set-up and tear-down) with R2"]


def test_equipment_quantity_allows_that_many_at_once() -> None:
    data = instance(
        [venue("A"), venue("B"), venue("C")],
        [request(f"R{i}", "10:00", "12:00", equipment=["stage"]) for i in range(1, 4)],
        [stage(quantity=2)],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == 2


def test_equipment_with_no_units_rejects_with_a_reason() -> None:
    data = instance(
        [venue("A")], [request("R1", "10:00", "12:00", equipment=["stage"])], [stage(0)]
    )
    _, solution = solve_checked(data)
    assert solution.unassigned == {"R1": ["no stage available (quantity 0)"]}


def test_mixed_utc_offsets_compare_instants() -> None:
    # R1 is 01:00-02:00Z; R2 overlaps it (01:30Z); R3 follows it exactly (02:00Z).
    data = instance(
        [venue("A")],
        [
            request("R1", "09:00", "10:00"),
            request("R2", at("01:30", "Z"), at("02:30", "+00:00")),
            request("R3", at("02:00", "Z"), at("13:00", "+10:00")),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == 2
    assert solution.assignments == {"R1": "A", "R3": "A"}


# ---------------------------------------------------------------- levels


def test_level1_prefers_priority_over_count() -> None:
    data = instance(
        [venue("A")],
        [
            request("BIG", "09:00", "12:00", priority=5),
            request("R1", "09:00", "10:00", priority=2),
            request("R2", "10:00", "11:00", priority=2),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == 5
    assert solution.unassigned["R1"] == ["A busy with BIG"]


def test_tie_on_priority_accepts_one_of_equal_requests() -> None:
    data = instance(
        [venue("A")], [request("R1", "09:00", "10:00"), request("R2", "09:30", "10:30")]
    )
    _, solution = solve_checked(data)
    assert solution.objective == [1, 0, 0, 40]
    assert len(solution.assignments) == 1


def test_pinned_low_priority_request_keeps_its_venue() -> None:
    data = instance(
        [venue("A")],
        [
            request("R1", "09:00", "10:00", pinned_venue="A"),
            request("R2", "09:00", "10:00", priority=5),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "A"}
    assert solution.objective[0] == 1


def test_level2_keeps_previous_venue_before_first_choice() -> None:
    data = instance(
        [venue("A"), venue("B")],
        [request("R1", "09:00", "10:00", candidates=["A", "B"], previous_venue="B")],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "B"}
    assert solution.objective == [1, 0, 1, 40]


def test_level2_counts_moves_forced_by_priority() -> None:
    data = instance(
        [venue("A")],
        [
            request("OLD", "09:00", "10:00", previous_venue="A"),
            request("NEW", "09:00", "10:00", priority=2),
            request("GONE", "11:00", "12:00", previous_venue="ELSEWHERE"),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective[:2] == [3, 2]


def test_level3_gives_first_choices() -> None:
    data = instance(
        [venue("A"), venue("B"), venue("C")],
        [
            request("R1", "09:00", "10:00", candidates=["C", "A"]),
            request("R2", "09:00", "10:00", candidates=["C", "B"]),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective[:3] == [2, 0, 1]


def test_level4_fits_rooms_to_groups() -> None:
    data = instance(
        [venue("HALL", 300), venue("MID", 40), venue("TINY", 20)],
        [
            request("R1", "09:00", "10:00", attendees=18),
            request("R2", "09:00", "10:00", attendees=30),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"R1": "TINY", "R2": "MID"}
    assert solution.objective == [2, 0, 0, 12]


def test_empty_instance_is_an_optimal_empty_plan() -> None:
    _, solution = solve_checked(instance([], []))
    assert solution.objective == [0, 0, 0, 0]
    assert solution.assignments == {} and solution.unassigned == {}


# ---------------------------------------------------------------- checker, greedy, bounds


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
