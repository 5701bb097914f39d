"""Builders for hand-made fleet instances, shared by the fleet test modules."""

from __future__ import annotations

from typing import Any

from optimize.common import Options, Solution
from optimize.fleet import FleetProblem, check_fleet, parse_fleet, solve_fleet

OPTIONS = Options(time_limit=10, workers=1, seed=0)


def at(hhmm: str, offset: str = "+08:00", day: str = "2021-06-01") -> str:
    """An ISO time on a given day in a given offset."""
    return f"{day}T{hhmm}:00{offset}"


def vehicle(vid: str, seats: int = 5, agency: str = "A1", **extra: Any) -> dict[str, Any]:
    """A vehicle dict; extra keys (features, available, unavailable, max_minutes_per_day) as given."""
    return {"id": vid, "agency": agency, "seats": seats, **extra}


def trip(
    tid: str, start: str, end: str, passengers: int = 1, agency: str = "A1", **extra: Any
) -> dict[str, Any]:
    """A trip dict; start and end are HH:MM on 2021-06-01 +08:00 unless already full ISO times."""
    full = {k: v if "T" in v else at(v) for k, v in (("start", start), ("end", end))}
    return {"id": tid, "agency": agency, "passengers": passengers, **full, **extra}


def instance(
    vehicles: list[dict[str, Any]], trips: list[dict[str, Any]], turnaround: int = 15
) -> dict[str, Any]:
    """A fleet instance."""
    return {"kind": "fleet", "turnaround_minutes": turnaround, "vehicles": vehicles, "trips": trips}


def solve_checked(
    data: dict[str, Any], options: Options = OPTIONS
) -> tuple[FleetProblem, Solution]:
    """Solve and assert the checker finds nothing and every level is proven."""
    problem = parse_fleet(data)
    solution = solve_fleet(problem, options)
    assert check_fleet(problem, solution) == []
    assert solution.status == "optimal"
    return problem, solution
