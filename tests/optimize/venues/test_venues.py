"""Venues model on hand-made instances with known optima: one test per hard constraint and level."""

from __future__ import annotations

import pytest

from tests.optimize.venues.venues_builders import at, instance, request, solve_checked, stage, venue

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
