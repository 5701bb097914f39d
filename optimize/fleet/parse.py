"""The fleet parser: contract JSON to the dataclasses of problem.py, pins checked with the rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from optimize.common import (
    InputError,
    as_id,
    as_int,
    as_list,
    as_str_list,
    minutes_between,
    parse_time,
    parse_window,
    require,
    unique_ids,
)
from optimize.fleet.problem import FleetProblem, Trip, Vehicle, Window
from optimize.fleet.rules import pinned_conflicts, why_not_fit


def _windows(items: list[Any], path: str, origin: datetime) -> tuple[Window, ...]:
    out = []
    for i, item in enumerate(items):
        start, end = parse_window(item, f"{path}[{i}]")
        out.append((minutes_between(origin, start), minutes_between(origin, end)))
    return tuple(sorted(out))


def _optional_str(obj: Mapping[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    return None if value is None else as_id(value, f"{path}.{key}")


def _all_times(data: Mapping[str, Any]) -> list[datetime]:
    """Every start time in the instance, to choose the origin (errors surface later, with a path)."""
    found: list[datetime] = []
    for key, windows in (("trips", None), ("vehicles", ("available", "unavailable"))):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, Mapping):
                continue
            values = [item.get("start")]
            for wkey in windows or ():
                wlist = item.get(wkey)
                if isinstance(wlist, list):
                    values += [w.get("start") for w in wlist if isinstance(w, Mapping)]
            for value in values:
                try:
                    found.append(parse_time(value, ""))
                except InputError:
                    pass
    return found


def parse_fleet(data: Mapping[str, Any]) -> FleetProblem:
    """Check and convert a fleet instance; raises InputError naming the field at fault."""
    if not isinstance(data, Mapping):
        raise InputError("instance", "not an object")
    turnaround = as_int(data.get("turnaround_minutes") or 0, "turnaround_minutes", minimum=0)
    raw_vehicles = as_list(data, "vehicles", "", required=True)
    raw_trips = as_list(data, "trips", "", required=True)
    unique_ids(raw_vehicles, "vehicles")
    unique_ids(raw_trips, "trips")
    times = _all_times(data)
    origin = min(times) if times else datetime.fromisoformat("2000-01-01T00:00:00+00:00")
    vehicles = [_parse_vehicle(v, f"vehicles[{i}]", origin) for i, v in enumerate(raw_vehicles)]
    trips = [_parse_trip(t, i, origin) for i, t in enumerate(raw_trips)]
    problem = FleetProblem(
        turnaround=turnaround,
        vehicles=tuple(sorted(vehicles, key=lambda v: v.id)),
        trips=tuple(sorted(trips, key=lambda t: t.id)),
        origin=origin,
    )
    _check_references(problem)
    return problem


def _parse_vehicle(raw: Mapping[str, Any], path: str, origin: datetime) -> Vehicle:
    limit = raw.get("max_minutes_per_day")
    return Vehicle(
        id=raw["id"],
        agency=_optional_str(raw, "agency", path),
        seats=as_int(require(raw, "seats", path), f"{path}.seats", minimum=0),
        features=frozenset(as_str_list(raw.get("features"), f"{path}.features")),
        available=_windows(as_list(raw, "available", path), f"{path}.available", origin),
        unavailable=_windows(as_list(raw, "unavailable", path), f"{path}.unavailable", origin),
        max_minutes_per_day=None
        if limit is None
        else as_int(limit, f"{path}.max_minutes_per_day", minimum=0),
    )


def _parse_trip(raw: Mapping[str, Any], position: int, origin: datetime) -> Trip:
    path = f"trips[{position}]"
    start = parse_time(require(raw, "start", path), f"{path}.start")
    end = parse_time(require(raw, "end", path), f"{path}.end")
    if end <= start:
        raise InputError(f"{path}.end", "not after start")
    priority = raw.get("priority")
    return Trip(
        id=raw["id"],
        agency=_optional_str(raw, "agency", path),
        start=minutes_between(origin, start),
        end=minutes_between(origin, end),
        passengers=as_int(require(raw, "passengers", path), f"{path}.passengers", minimum=0),
        requires=frozenset(as_str_list(raw.get("requires"), f"{path}.requires")),
        priority=1 if priority is None else as_int(priority, f"{path}.priority", minimum=1),
        pinned_vehicle=_optional_str(raw, "pinned_vehicle", path),
        previous_vehicle=_optional_str(raw, "previous_vehicle", path),
        # The daily limit counts a trip on the calendar day of its start in its own offset.
        day=start.date().toordinal(),
        position=position,
    )


def _check_references(problem: FleetProblem) -> None:
    """Pins must name a vehicle that can take the trip, and pinned trips must fit together."""
    known = {v.id for v in problem.vehicles}
    for trip in problem.trips:
        if trip.pinned_vehicle is None:
            continue
        where = f"trips[{trip.position}].pinned_vehicle"
        if trip.pinned_vehicle not in known:
            raise InputError(where, f"unknown vehicle {trip.pinned_vehicle}")
        reason = why_not_fit(problem, trip, problem.vehicle(trip.pinned_vehicle))
        if reason is not None:
            raise InputError(where, f"{trip.pinned_vehicle} {reason}")
    conflict = pinned_conflicts(problem)
    if conflict is not None:
        trip, problem_text = conflict
        raise InputError(f"trips[{trip.position}].pinned_vehicle", problem_text)
