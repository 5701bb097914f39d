"""Property tests: on random small venues instances the solver's plan is valid and exactly optimal.

The exact reference enumerates every plan (each request in one fitting venue or rejected), keeps
those the checker accepts and takes the lexicographic best; it shares no code with the model.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimize.common import InputError, Options
from optimize.venues import (
    VenuesProblem,
    check_venues,
    greedy_venues,
    parse_venues,
    solve_venues,
    venues_objective,
)

OPTIONS = Options(time_limit=5, workers=1, seed=0)
OFFSETS = {"+08:00": 8 * 60, "Z": 0, "-05:00": -5 * 60}
VENUE_IDS = ("A", "B", "C")


def _time(minute: int, offset: str) -> str:
    """Minute of 2021-06-01 in UTC, written in the given offset."""
    local = minute + OFFSETS[offset]
    day, rest = divmod(local, 24 * 60)
    return f"2021-06-{1 + day:02d}T{rest // 60:02d}:{rest % 60:02d}:00{offset}"


@st.composite
def venues_instances(draw: st.DrawFn) -> dict[str, Any]:
    """2-3 venues, a stage and lighting, up to 5 requests on a 15-minute grid around noon UTC."""
    venues = [
        {
            "id": ident,
            "capacity": draw(st.sampled_from([10, 30, 60])),
            "features": draw(st.sampled_from([[], ["streaming"]])),
            "buffer_minutes": draw(st.sampled_from([0, 15, 30])),
            "unavailable": draw(
                st.sampled_from([[], [{"start": _time(600, "Z"), "end": _time(660, "+08:00")}]])
            ),
        }
        for ident in VENUE_IDS[: draw(st.integers(2, 3))]
    ]
    equipment = [
        {
            "id": "stage",
            "quantity": 1,
            "setup_minutes": draw(st.sampled_from([0, 30])),
            "teardown_minutes": draw(st.sampled_from([0, 15])),
        },
        {"id": "lighting", "quantity": draw(st.integers(0, 2)), "setup_minutes": 15},
    ]
    ids = [v["id"] for v in venues]
    requests = []
    for n in range(draw(st.integers(1, 5))):
        start = 540 + 15 * draw(st.integers(0, 16))
        end = start + 15 * draw(st.integers(1, 8))
        candidates = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        previous = draw(st.sampled_from([None, *ids]))
        requests.append(
            {
                "id": f"R{n}",
                "start": _time(start, draw(st.sampled_from(list(OFFSETS)))),
                "end": _time(end, draw(st.sampled_from(list(OFFSETS)))),
                "attendees": draw(st.sampled_from([5, 20, 50])),
                "candidates": candidates,
                "requires": draw(st.sampled_from([[], [], ["streaming"]])),
                "equipment": draw(st.lists(st.sampled_from(["stage", "lighting"]), unique=True)),
                "priority": draw(st.integers(1, 3)),
                "previous_venue": previous,
                "pinned_venue": draw(st.sampled_from([None, None, None, *ids])),
            }
        )
    return {"kind": "venues", "venues": venues, "equipment": equipment, "requests": requests}


def _parse_or_drop_pins(data: dict[str, Any]) -> VenuesProblem:
    """Random pins may be impossible (an input error by contract); then solve without them."""
    try:
        return parse_venues(data)
    except InputError:
        for item in data["requests"]:
            item["pinned_venue"] = None
        return parse_venues(data)


def _best_by_enumeration(problem: VenuesProblem) -> list[int]:
    options = [[None, *(v.id for v in problem.venues)] for _ in problem.requests]
    best: tuple[int, int, int, int] | None = None
    for choice in itertools.product(*options):
        assignments = {r.id: v for r, v in zip(problem.requests, choice, strict=True) if v}
        plan = {
            "assignments": assignments,
            "unassigned": {r.id: ["-"] for r in problem.requests if r.id not in assignments},
        }
        if check_venues(problem, plan):
            continue
        value = venues_objective(problem, assignments)
        key = (-value[0], value[1], value[2], value[3])
        best = key if best is None or key < best else best
    assert best is not None  # the plan with only the pins is always feasible
    return [-best[0], best[1], best[2], best[3]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(venues_instances())
def test_solution_is_valid_optimal_and_no_worse_than_greedy(data: dict[str, Any]) -> None:
    problem = _parse_or_drop_pins(data)
    solution = solve_venues(problem, OPTIONS)
    greedy = greedy_venues(problem)
    assert check_venues(problem, solution) == []
    assert check_venues(problem, greedy) == []
    assert solution.status == "optimal"
    assert solution.objective[0] >= greedy.objective[0]
    assert solution.objective == _best_by_enumeration(problem)
