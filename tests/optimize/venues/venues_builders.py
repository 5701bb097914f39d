"""Builders for hand-made venues instances, shared by the venues test modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from optimize.common import Options, Solution
from optimize.venues import VenuesProblem, check_venues, parse_venues, solve_venues

OPTIONS = Options(time_limit=10, workers=1, seed=0)
SCHEMA = json.loads(
    (Path(__file__).parents[3] / "optimize/schemas/venues.instance.json").read_text("utf-8")
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
