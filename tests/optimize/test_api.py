"""The optimizer API: schema errors in the contract's style, and the hard-deadline child process."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest

from optimize.api import solve_instance, solve_with_deadline
from optimize.common import InputError, Options, Progress
from optimize.generate import generate_instance
from tests.optimize.fleet_builders import instance, trip, vehicle

SCHEMAS = Path(__file__).resolve().parents[2] / "optimize" / "schemas"


def test_solution_matches_the_solution_schema() -> None:
    data = instance([vehicle("V1")], [trip("T1", "09:00", "10:00"), trip("T2", "09:30", "10:00")])
    solution = solve_instance(data, Options(time_limit=5))
    jsonschema.validate(solution, json.loads((SCHEMAS / "solution.json").read_text()))
    # Level 4 keeps the shorter of the two clashing trips.
    assert solution["objective"] == [1, 0, 0, 30]
    assert list(solution["unassigned"]) == ["T1"]


def test_generated_presets_match_the_instance_schema() -> None:
    schema = json.loads((SCHEMAS / "fleet.instance.json").read_text())
    for preset in ("day", "week", "tight", "city10x"):
        jsonschema.validate(generate_instance("fleet", preset, 1), schema)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["trips"][0].update(passengers=-1), "trips[0].passengers: must be at least 0"),
        (lambda d: d["trips"][0].update(requires="van"), "trips[0].requires: not a list or null"),
        (lambda d: d["vehicles"][0].pop("id"), "vehicles[0].id: missing"),
        (lambda d: d["trips"][0].update(id=""), "trips[0].id: must not be empty"),
        (lambda d: d.pop("trips"), "trips: missing"),
    ],
)
def test_schema_errors_name_the_field(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = instance([vehicle("V1")], [trip("T1", "09:00", "10:00")])
    mutate(data)
    with pytest.raises(InputError) as raised:
        solve_instance(data)
    assert str(raised.value) == message


def test_deadline_solve_returns_a_plan_within_limit_plus_margin() -> None:
    data = generate_instance("fleet", "city10x", 0)
    seen: list[Progress] = []
    started = time.monotonic()
    solution = solve_with_deadline(
        data, Options(time_limit=4.0), margin=2.0, on_progress=seen.append
    )
    elapsed = time.monotonic() - started
    # The child is killed at limit + margin; the slack only covers a loaded machine's start-up and
    # clean-up (the unbounded solve of this instance would run for minutes).
    assert elapsed < 4.0 + 2.0 + 10.0
    assert solution["status"] == "feasible"
    assert len(solution["assignments"]) > 1000
    assert set(solution["assignments"]) | set(solution["unassigned"]) == {
        t["id"] for t in data["trips"]
    }


def test_deadline_solve_finishes_small_instances_with_progress() -> None:
    data = generate_instance("fleet", "day", 0)
    seen: list[Progress] = []
    solution = solve_with_deadline(data, Options(time_limit=5.0), on_progress=seen.append)
    assert solution["status"] == "optimal"
    assert solution == {
        **solve_instance(data, Options(time_limit=5.0)),
        "solve_seconds": solution["solve_seconds"],
    }
    assert seen and seen[0].level == 1


def test_deadline_solve_raises_input_errors_before_starting() -> None:
    with pytest.raises(InputError, match=r"^trips\[0\]\.end: not after start$"):
        solve_with_deadline(
            instance([vehicle("V1")], [trip("T1", "09:00", "08:00")]), Options(time_limit=1)
        )
