"""Property tests: on random small dorms instances the allocation matches an exhaustive reference.

The reference enumerates every allocation the checker accepts, keeps the housed sets that are best
in priority order (compared applicant by applicant, best-ranked first) and, among those, the least
total preference position. It shares no code with the matching and min-cost flow of the solver.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from optimize.dorms import (
    DormsProblem,
    check_dorms,
    dorms_objective,
    greedy_dorms,
    parse_dorms,
    solve_dorms,
)

BUILDINGS = ("Xiyuan", "Xinyi")


@st.composite
def dorms_instances(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 4 rooms and 6 applicants with ties on points and dates."""
    rooms = [
        {
            "id": f"R{n}",
            "building": draw(st.sampled_from(BUILDINGS)),
            "gender": draw(st.sampled_from([None, "F", "M"])),
            "accessible": draw(st.booleans()),
        }
        for n in range(draw(st.integers(0, 4)))
    ]
    applicants = [
        {
            "id": f"P{n}",
            "points": draw(st.integers(1, 3)),
            "applied_on": draw(st.sampled_from(["2021-01-01", "2021-02-01"])),
            "gender": draw(st.sampled_from(["F", "M"])),
            "needs_accessible": draw(st.booleans()),
            "preferences": draw(st.lists(st.sampled_from(BUILDINGS), unique=True)),
        }
        for n in range(draw(st.integers(0, 6)))
    ]
    return {"kind": "dorms", "rooms": rooms, "applicants": applicants}


def _allocations(
    applicants: list[str], rooms: list[str], taken: dict[str, str]
) -> Iterator[dict[str, str]]:
    """Every partial injective map of applicants to rooms (room constraints not yet checked)."""
    if not applicants:
        yield dict(taken)
        return
    first, rest = applicants[0], applicants[1:]
    yield from _allocations(rest, rooms, taken)
    for room_id in rooms:
        if room_id not in taken.values():
            taken[first] = room_id
            yield from _allocations(rest, rooms, taken)
            del taken[first]


def _best_by_enumeration(problem: DormsProblem) -> tuple[tuple[bool, ...], int]:
    ranked = [a.id for a in problem.ranked]
    best: tuple[tuple[bool, ...], int] | None = None
    for allocation in _allocations(ranked, [r.id for r in problem.rooms], {}):
        plan = {
            "assignments": allocation,
            "unassigned": {a: ["-"] for a in ranked if a not in allocation},
        }
        if check_dorms(problem, plan):
            continue
        housed = tuple(a in allocation for a in ranked)
        cost = dorms_objective(problem, allocation)[1]
        # More True earlier is better; Python compares tuples left to right (True > False).
        if best is None or housed > best[0] or (housed == best[0] and cost < best[1]):
            best = (housed, cost)
    assert best is not None  # housing nobody is always allowed
    return best


@settings(max_examples=300, deadline=None)
@given(dorms_instances())
def test_allocation_is_valid_and_equals_the_exhaustive_optimum(data: dict[str, Any]) -> None:
    problem = parse_dorms(data)
    solution = solve_dorms(problem)
    greedy = greedy_dorms(problem)
    assert check_dorms(problem, solution) == []
    assert check_dorms(problem, greedy) == []
    assert solution.objective[0] >= greedy.objective[0]
    housed, cost = _best_by_enumeration(problem)
    ranked = [a.id for a in problem.ranked]
    assert tuple(a in solution.assignments for a in ranked) == housed  # the best set is unique
    assert solution.objective == [sum(housed), cost]
