"""The fleet solver against an exhaustive reference written from the contract text alone.

The reference below shares no code with `optimize/`: it reads the instance JSON itself, checks each
hard rule as the contract words it, enumerates every assignment of up to 7 trips to up to 3 vehicles
(or none), and keeps the lexicographically best objective vector. The solver must prove the same
vector on all four levels, and the checker must find nothing wrong with its plan.
"""

from __future__ import annotations

import copy
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from optimize.common import InputError, Options
from optimize.fleet import check_fleet, parse_fleet, solve_fleet

OFFSETS = [8 * 60, 0, -5 * 60, 5 * 60 + 30]  # minutes east of UTC, mixed on purpose
BASE = datetime(2021, 6, 1, tzinfo=UTC)  # instants are minutes after this, in UTC

# ---------------------------------------------------------------- the reference


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _fits(trip: dict[str, Any], vehicle: dict[str, Any]) -> bool:
    """Seats, features and windows, straight from the contract's wording."""
    start, end = _t(trip["start"]), _t(trip["end"])
    if vehicle["seats"] < trip["passengers"]:
        return False
    if not set(trip.get("requires") or []) <= set(vehicle.get("features") or []):
        return False
    available = vehicle.get("available") or []
    if available and not any(_t(w["start"]) <= start and end <= _t(w["end"]) for w in available):
        return False
    # Half-open windows overlap when each starts before the other ends.
    return not any(
        _t(w["start"]) < end and start < _t(w["end"]) for w in vehicle.get("unavailable") or []
    )


def _minutes(trip: dict[str, Any]) -> int:
    return int((_t(trip["end"]) - _t(trip["start"])).total_seconds()) // 60


def _can_join(
    trip: dict[str, Any], vehicle: dict[str, Any], others: list[dict[str, Any]], turn: int
) -> bool:
    """Turnaround with each trip already on the vehicle, and the daily limit of the trip's day."""
    gap = timedelta(minutes=turn)
    start, end = _t(trip["start"]), _t(trip["end"])
    for other in others:
        o_start, o_end = _t(other["start"]), _t(other["end"])
        if not (start >= o_end + gap or o_start >= end + gap):
            return False
    limit = vehicle.get("max_minutes_per_day")
    if limit is None:
        return True
    day = _t(trip["start"]).date()  # calendar day in the trip's own offset
    same_day = [o for o in others if _t(o["start"]).date() == day]
    return sum(map(_minutes, same_day)) + _minutes(trip) <= limit


def _objective(
    data: dict[str, Any], plan: dict[str, str], vehicles: dict[str, dict[str, Any]]
) -> tuple[int, int, int, int]:
    served = moved = foreign = 0
    load: dict[str, int] = defaultdict(int)
    for trip in data["trips"]:
        where = plan.get(trip["id"])
        previous = trip.get("previous_vehicle")
        if previous is not None and where != previous:
            moved += 1
        if where is None:
            continue
        served += trip.get("priority") or 1
        if vehicles[where].get("agency") != trip.get("agency"):
            foreign += 1
        load[where] += _minutes(trip)
    return served, moved, foreign, max(load.values(), default=0)


def reference_optimum(data: dict[str, Any]) -> tuple[int, int, int, int] | None:
    """The lexicographic optimum by exhaustive search; None when the pins cannot all hold."""
    trips, turn = data["trips"], data.get("turnaround_minutes") or 0
    vehicles = {v["id"]: v for v in data["vehicles"]}
    on: dict[str, list[dict[str, Any]]] = defaultdict(list)
    plan: dict[str, str] = {}
    best: list[tuple[int, int, int, int]] = []

    def key(obj: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return (-obj[0], obj[1], obj[2], obj[3])

    def visit(k: int) -> None:
        if k == len(trips):
            obj = _objective(data, plan, vehicles)
            if not best or key(obj) < key(best[0]):
                best[:] = [obj]
            return
        trip = trips[k]
        pin = trip.get("pinned_vehicle")
        for vid, vehicle in vehicles.items():
            if pin is not None and vid != pin:
                continue
            if _fits(trip, vehicle) and _can_join(trip, vehicle, on[vid], turn):
                on[vid].append(trip)
                plan[trip["id"]] = vid
                visit(k + 1)
                on[vid].pop()
                del plan[trip["id"]]
        if pin is None:
            visit(k + 1)

    visit(0)
    return best[0] if best else None


# ---------------------------------------------------------------- random small instances


def _iso(minute: int, offset: int) -> str:
    zone = timezone(timedelta(minutes=offset))
    return (BASE + timedelta(minutes=minute)).astimezone(zone).isoformat()


def _window(rng: random.Random, marks: list[int]) -> dict[str, str]:
    """A window whose ends often sit exactly on trip boundaries (half-open edges get tested)."""
    start = rng.choice(marks) + rng.choice([0, 0, -1, 1, -30])
    end = max(start + 15, rng.choice(marks) + rng.choice([0, 0, 1, -1, 60]))
    return {"start": _iso(start, rng.choice(OFFSETS)), "end": _iso(end, rng.choice(OFFSETS))}


def random_instance(rng: random.Random) -> dict[str, Any]:
    """At most 7 trips and 3 vehicles, crowded around midnight UTC so local days differ."""
    turn = rng.choice([0, 10, 15, None])
    n_vehicles, n_trips = rng.randint(1, 3), rng.randint(1, 7)
    trips: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for i in range(n_trips):
        if spans and rng.random() < 0.4:
            # Right at (or a minute inside) the turnaround after another trip.
            start = rng.choice(spans)[1] + (turn or 0) - rng.choice([0, 0, 1])
        else:
            start = rng.randrange(-6 * 60, 6 * 60, 5)
        end = start + rng.choice([15, 30, 45, 60, 90, 120, 180])
        spans.append((start, end))
        trip: dict[str, Any] = {
            "id": f"T{i}",
            "start": _iso(start, rng.choice(OFFSETS)),
            "end": _iso(end, rng.choice(OFFSETS)),
            "passengers": rng.choice([0, 1, 2, 4, 5, 7]),
            "requires": rng.choice([[], [], [], ["van"], ["ev"]]),
            "agency": rng.choice(["A", "A", "B", None]),
        }
        if rng.random() < 0.8:
            trip["priority"] = rng.choice([1, 1, 2, 3, None])
        if rng.random() < 0.35:
            trip["previous_vehicle"] = f"V{rng.randrange(n_vehicles + 1)}"  # V<n>: unknown
        if rng.random() < 0.06:
            trip["pinned_vehicle"] = f"V{rng.randrange(n_vehicles)}"
        trips.append(trip)
    marks = [s for s, _ in spans] + [e for _, e in spans]
    vehicles = []
    for k in range(n_vehicles):
        vehicle: dict[str, Any] = {
            "id": f"V{k}",
            "seats": rng.choice([2, 4, 5, 8]),
            "features": rng.choice([[], ["van"], ["ev"], ["van", "ev"]]),
            "agency": rng.choice(["A", "B", "B", None]),
        }
        if rng.random() < 0.5:
            vehicle["max_minutes_per_day"] = rng.choice([0, 60, 90, 120, 180, 240])
        roll = rng.random()
        if roll < 0.15:
            vehicle["available"] = []
        elif roll < 0.45:
            vehicle["available"] = [_window(rng, marks) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.35:
            vehicle["unavailable"] = [_window(rng, marks)]
        vehicles.append(vehicle)
    return {"kind": "fleet", "turnaround_minutes": turn, "vehicles": vehicles, "trips": trips}


def assert_matches_reference(data: dict[str, Any]) -> None:
    """The solver proves the reference's optimum on every level, or both refuse the pins."""
    expected = reference_optimum(data)
    try:
        problem = parse_fleet(data)
    except InputError as error:
        assert expected is None, f"solver refused a feasible instance: {error}"
        assert "pinned_vehicle" in error.field
        return
    assert expected is not None, "pins cannot all hold, yet the instance was accepted"
    solution = solve_fleet(problem, Options(time_limit=10, workers=1, seed=0))
    assert check_fleet(problem, solution) == []
    assert solution.status == "optimal"
    assert tuple(solution.objective) == expected


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_solver_proves_the_exhaustive_optimum(seed: int) -> None:
    assert_matches_reference(random_instance(random.Random(seed)))


def _pair(second_start: str, second_end: str, **extra: Any) -> dict[str, Any]:
    vehicle = {"id": "V0", "seats": 4, "max_minutes_per_day": 60, **extra}
    first = {"id": "T0", "start": "2021-06-01T09:00+08:00", "end": "2021-06-01T09:30+08:00"}
    second = {"id": "T1", "start": second_start, "end": second_end}
    trips = [dict(t, passengers=1, agency="A") for t in (first, second)]
    return {"kind": "fleet", "turnaround_minutes": 15, "vehicles": [vehicle], "trips": trips}


def test_reference_reads_the_contract_literally() -> None:
    """Hand-checked corners of the reference itself, so a misreading shared with the solver shows."""
    # T1 is 09:45-10:45 +08:00, exactly the turnaround after T0, written in UTC: same calendar day
    # (2021-06-01) in its own offset, so the 60-minute limit keeps only the shorter T0.
    same_day = _pair("2021-06-01T01:45+00:00", "2021-06-01T02:45+00:00", agency="A")
    assert reference_optimum(same_day) == (1, 0, 0, 30)
    # The same instant written at -05:00 starts on 2021-05-31: another day, both fit.
    other_day = _pair("2021-05-31T20:45-05:00", "2021-05-31T21:45-05:00", agency="A")
    assert reference_optimum(other_day) == (2, 0, 0, 90)
    # A minute inside the turnaround: never both on one vehicle.
    too_close = _pair("2021-05-31T20:44-05:00", "2021-05-31T21:44-05:00", agency="A")
    assert reference_optimum(too_close) == (1, 0, 0, 30)
    # A vehicle without an agency differs from a trip's agency "A" (level 3 counts both trips)...
    assert reference_optimum(other_day | {"vehicles": [{"id": "V0", "seats": 4}]}) == (2, 0, 2, 90)
    # Level 2 outranks level 4: T1 stays on its previous vehicle and the shorter T0 waits...
    kept = _pair("2021-06-01T01:45+00:00", "2021-06-01T02:45+00:00", agency="A")
    kept["trips"][1]["previous_vehicle"] = "V0"
    assert reference_optimum(kept) == (1, 0, 0, 60)
    # ...and a trip whose previous vehicle can no longer take it counts on level 2 unassigned.
    moved = copy.deepcopy(kept)
    moved["trips"][1]["passengers"] = 5
    assert reference_optimum(moved) == (1, 1, 0, 30)
    for data in (same_day, other_day, too_close, kept, moved):
        assert_matches_reference(data)
