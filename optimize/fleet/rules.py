"""The fleet's hard rules as plain functions, shared by the parser, model, greedy plan and checker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from optimize.fleet.problem import FleetProblem, Trip, Vehicle


def why_not_fit(problem: FleetProblem, trip: Trip, vehicle: Vehicle) -> str | None:
    """Why this vehicle can never take this trip (seats, features, windows, daily limit), or None."""
    if vehicle.seats < trip.passengers:
        return f"has {vehicle.seats} seats, trip needs {trip.passengers}"
    missing = trip.requires - vehicle.features
    if missing:
        return f"lacks {', '.join(sorted(missing))}"
    if vehicle.available and not any(
        ws <= trip.start and trip.end <= we for ws, we in vehicle.available
    ):
        return "is not available for the whole trip"
    if any(us < trip.end and trip.start < ue for us, ue in vehicle.unavailable):
        return "is unavailable (maintenance) during the trip"
    limit = vehicle.max_minutes_per_day
    if limit is not None and trip.minutes > limit:
        return f"has a daily limit of {limit} min, trip takes {trip.minutes} min"
    return None


def conflict(a: Trip, b: Trip, turnaround: int) -> bool:
    """True when one vehicle cannot do both: they are closer than the turnaround."""
    return a.start < b.end + turnaround and b.start < a.end + turnaround


def feasible_pairs(problem: FleetProblem) -> list[list[int]]:
    """For each trip (by index), the indexes of vehicles that can ever take it (pins respected)."""
    index = {v.id: k for k, v in enumerate(problem.vehicles)}
    out: list[list[int]] = []
    for trip in problem.trips:
        if trip.pinned_vehicle is not None:
            out.append([index[trip.pinned_vehicle]])
            continue
        out.append(
            [k for k, v in enumerate(problem.vehicles) if why_not_fit(problem, trip, v) is None]
        )
    return out


def maximal_cliques(
    trips: Sequence[Trip], members: Iterable[int], turnaround: int
) -> list[list[int]]:
    """Maximal sets of mutually conflicting trips among `members` (trip indexes).

    Conflict is the overlap of [start, end + turnaround), an interval graph, so its maximal cliques
    are the active sets just before an end that follows a start in a sweep over the endpoints.
    Ends sort before starts at one instant: a trip may start exactly when the turnaround is over.
    """
    events: list[tuple[int, int, int]] = []
    for i in members:
        events.append((trips[i].start, 1, i))
        events.append((trips[i].end + turnaround, 0, i))
    events.sort()
    active: set[int] = set()
    cliques: list[list[int]] = []
    grew = False
    for _, kind, i in events:
        if kind == 1:
            active.add(i)
            grew = True
        else:
            if grew and len(active) > 1:
                cliques.append(sorted(active))
            grew = False
            active.discard(i)
    return cliques


def first_conflict(trips: Sequence[Trip], turnaround: int) -> tuple[Trip, Trip] | None:
    """Some pair of conflicting trips among these (earlier one first), or None."""
    reach: Trip | None = None  # the trip whose end + turnaround reaches furthest so far
    for trip in sorted(trips, key=lambda t: (t.start, t.end, t.id)):
        if reach is not None and trip.start < reach.end + turnaround:
            return reach, trip
        if reach is None or trip.end > reach.end:
            reach = trip
    return None


def daily_minutes(trips: Iterable[Trip]) -> dict[int, int]:
    """Summed minutes per calendar day of the trips' starts (own offset)."""
    total: dict[int, int] = defaultdict(int)
    for trip in trips:
        total[trip.day] += trip.minutes
    return dict(total)


def pinned_conflicts(problem: FleetProblem) -> tuple[Trip, str] | None:
    """The first pinned trip that cannot go with the other trips pinned to its vehicle, or None."""
    by_vehicle: dict[str, list[Trip]] = defaultdict(list)
    for trip in problem.trips:
        if trip.pinned_vehicle is not None:
            by_vehicle[trip.pinned_vehicle].append(trip)
    for vehicle_id in sorted(by_vehicle):
        trips = by_vehicle[vehicle_id]
        pair = first_conflict(trips, problem.turnaround)
        if pair is not None:
            return pair[1], (
                f"{vehicle_id} is also pinned to {pair[0].id}, "
                f"less than {problem.turnaround} min apart"
            )
        limit = problem.vehicle(vehicle_id).max_minutes_per_day
        if limit is None:
            continue
        for day, minutes in sorted(daily_minutes(trips).items()):
            if minutes > limit:
                last = max((t for t in trips if t.day == day), key=lambda t: (t.start, t.id))
                return last, (
                    f"{vehicle_id} would drive {minutes} min that day with its pinned trips, "
                    f"daily limit {limit} min"
                )
    return None
