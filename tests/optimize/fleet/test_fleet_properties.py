"""Random small fleet instances: every plan passes the checker and never serves less than greedy."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from optimize.common import Options
from optimize.fleet import check_fleet, greedy_fleet, parse_fleet, solve_fleet
from tests.optimize.fleet_builders import instance

OFFSETS = ["+08:00", "+00:00", "-05:00"]


def _time(minute: int, offset: str) -> str:
    hours = int(offset[:3])
    local = minute + hours * 60 + 24 * 60  # minutes after 2021-05-31T00:00 local
    day, rest = divmod(local, 24 * 60)
    return f"2021-{5 + (day > 0):02d}-{31 if day == 0 else day:02d}T{rest // 60:02d}:{rest % 60:02d}:00{offset}"


@st.composite
def fleet_instances(draw: st.DrawFn) -> dict[str, Any]:
    n_vehicles = draw(st.integers(1, 4))
    vehicles = []
    for i in range(n_vehicles):
        v: dict[str, Any] = {
            "id": f"V{i}",
            "agency": draw(st.sampled_from(["A", "B"])),
            "seats": draw(st.sampled_from([4, 5, 8])),
            "features": draw(st.sampled_from([[], ["van"]])),
        }
        if draw(st.booleans()):
            v["max_minutes_per_day"] = draw(st.sampled_from([60, 120, 240]))
        if draw(st.integers(0, 3)) == 0:
            s = draw(st.integers(0, 600))
            v["unavailable"] = [{"start": _time(s, "+08:00"), "end": _time(s + 90, "+08:00")}]
        vehicles.append(v)
    trips = []
    for i in range(draw(st.integers(0, 9))):
        start = draw(st.integers(0, 720)) // 5 * 5
        offset = draw(st.sampled_from(OFFSETS))
        t: dict[str, Any] = {
            "id": f"T{i}",
            "agency": draw(st.sampled_from(["A", "B"])),
            "start": _time(start, offset),
            "end": _time(start + draw(st.sampled_from([15, 30, 60, 120])), offset),
            "passengers": draw(st.integers(1, 7)),
            "requires": draw(st.sampled_from([[], [], ["van"]])),
            "priority": draw(st.integers(1, 3)),
        }
        if draw(st.integers(0, 3)) == 0:
            t["previous_vehicle"] = f"V{draw(st.integers(0, n_vehicles))}"
        trips.append(t)
    return instance(vehicles, trips, turnaround=draw(st.sampled_from([0, 15])))


@settings(max_examples=40, deadline=None)
@given(fleet_instances())
def test_solutions_pass_the_checker_and_beat_greedy(data: dict[str, Any]) -> None:
    problem = parse_fleet(data)
    solution = solve_fleet(problem, Options(time_limit=5, workers=1, seed=0))
    greedy = greedy_fleet(problem)
    assert check_fleet(problem, solution) == []
    assert check_fleet(problem, greedy) == []
    assert solution.status == "optimal"
    assert solution.objective[0] >= greedy.objective[0]
    assert set(solution.assignments) | set(solution.unassigned) == {t["id"] for t in data["trips"]}
