"""Venues problem (contract kind "venues"): frozen dataclasses, parser and the static rules.

Every other venues piece (model, greedy, checker, reasons) shares these rules. Times are integer
minutes from `origin`, an absolute instant, so instances that mix UTC offsets compare correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
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

KIND = "venues"
LEVEL_NAMES = ("priority", "moved", "choice", "slack")


@dataclass(frozen=True)
class Venue:
    """A bookable place; `buffer` minutes must separate two requests held in it."""

    id: str
    capacity: int
    features: frozenset[str]
    unavailable: tuple[tuple[int, int], ...]
    buffer: int


@dataclass(frozen=True)
class Equipment:
    """A shared item (stage, lighting) with `quantity` units, busy during set-up and tear-down too."""

    id: str
    quantity: int
    setup: int
    teardown: int


@dataclass(frozen=True)
class Request:
    """A booking request with fixed times `[start, end)` in minutes from the origin."""

    id: str
    start: int
    end: int
    attendees: int
    candidates: tuple[str, ...]
    requires: frozenset[str]
    equipment: tuple[str, ...]
    priority: int
    pinned_venue: str | None
    previous_venue: str | None


@dataclass(frozen=True)
class VenuesProblem:
    """A parsed venues instance; every list is sorted by id."""

    origin: datetime
    venues: tuple[Venue, ...]
    equipment: tuple[Equipment, ...]
    requests: tuple[Request, ...]

    @cached_property
    def venue_by_id(self) -> dict[str, Venue]:
        """Venues keyed by id."""
        return {v.id: v for v in self.venues}

    @cached_property
    def equipment_by_id(self) -> dict[str, Equipment]:
        """Equipment keyed by id."""
        return {e.id: e for e in self.equipment}

    @cached_property
    def request_by_id(self) -> dict[str, Request]:
        """Requests keyed by id."""
        return {r.id: r for r in self.requests}

    def scope(self, request: Request) -> list[Venue]:
        """The venues a request may use by its candidates, in order of preference."""
        if not request.candidates:
            return list(self.venues)
        return [self.venue_by_id[c] for c in request.candidates]

    def fitting_venues(self, request: Request) -> list[Venue]:
        """The venues that could host the request if nothing else were booked."""
        if self.equipment_shortage(request):
            return []
        return [v for v in self.scope(request) if venue_misfit(self, request, v) is None]

    def equipment_shortage(self, request: Request) -> list[str]:
        """Equipment the request needs that has no unit at all (quantity 0)."""
        return [e for e in request.equipment if self.equipment_by_id[e].quantity == 0]

    def busy_window(self, request: Request, equipment_id: str) -> tuple[int, int]:
        """When the request keeps one unit of the equipment busy (set-up to tear-down)."""
        item = self.equipment_by_id[equipment_id]
        return request.start - item.setup, request.end + item.teardown

    def clock(self, minute: int) -> str:
        """A minute offset as a readable local time in the origin's UTC offset."""
        return (self.origin + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- static rules


def venue_misfits(problem: VenuesProblem, request: Request, venue: Venue) -> list[str]:
    """Every reason the venue cannot host the request even when empty (empty: it can)."""
    reasons = []
    if request.candidates and venue.id not in request.candidates:
        reasons.append("not in candidates")
    if venue.capacity < request.attendees:
        reasons.append(f"capacity {venue.capacity} < {request.attendees} attendees")
    missing = sorted(request.requires - venue.features)
    if missing:
        reasons.append("lacks feature " + ", ".join(f"'{f}'" for f in missing))
    for start, end in venue.unavailable:
        if start < request.end and request.start < end:
            reasons.append(f"unavailable {problem.clock(start)} to {problem.clock(end)}")
    return reasons


def venue_misfit(problem: VenuesProblem, request: Request, venue: Venue) -> str | None:
    """The first reason the venue cannot host the request even when empty, or None."""
    reasons = venue_misfits(problem, request, venue)
    return reasons[0] if reasons else None


def venue_clash(a: Request, b: Request, buffer: int) -> bool:
    """True when a and b cannot share a venue: they overlap or sit closer than the buffer."""
    return a.start < b.end + buffer and b.start < a.end + buffer


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open windows share an instant."""
    return a[0] < b[1] and b[0] < a[1]


def peak_load(windows: Iterable[tuple[int, int]]) -> int:
    """The largest number of half-open windows covering one instant."""
    events = sorted([(s, 1) for s, _ in windows] + [(e, -1) for _, e in windows])
    # Ends sort before starts at the same minute (-1 < 1): back-to-back windows do not add up.
    load = peak = 0
    for _, step in events:
        load += step
        peak = max(peak, load)
    return peak


def maximal_cliques(windows: Mapping[str, tuple[int, int]]) -> list[list[str]]:
    """Maximal sets of pairwise-overlapping half-open windows (an interval graph's cliques).

    Overlapping intervals always share a point (Helly), so the cliques are the sets covering each
    start point; a set is kept only if no later start joins it before one of its members ends.
    """
    items = sorted(windows.items(), key=lambda kv: (kv[1][0], kv[0]))
    starts = sorted({s for s, _ in windows.values()})
    cliques: list[list[str]] = []
    for i, point in enumerate(starts):
        members = [k for k, (s, e) in items if s <= point < e]
        first_end = min(windows[k][1] for k in members)
        if i + 1 < len(starts) and starts[i + 1] < first_end:
            continue  # the next start point's set contains this one
        cliques.append(members)
    return cliques


# ---------------------------------------------------------------- parsing


def parse_venues(data: Mapping[str, Any]) -> VenuesProblem:
    """Check a contract instance and turn it into a VenuesProblem (raises InputError)."""
    if not isinstance(data, Mapping):
        raise InputError("instance", "not an object")
    raw_venues = as_list(data, "venues", "")
    raw_equipment = as_list(data, "equipment", "")
    raw_requests = as_list(data, "requests", "")
    unique_ids(raw_venues, "venues")
    unique_ids(raw_equipment, "equipment")
    unique_ids(raw_requests, "requests")
    starts = [
        parse_time(require(r, "start", f"requests[{i}]"), f"requests[{i}].start")
        for i, r in enumerate(raw_requests)
    ]
    origin = min(starts) if starts else datetime(2000, 1, 1, tzinfo=UTC)
    venues = [_parse_venue(v, i, origin) for i, v in enumerate(raw_venues)]
    equipment = [_parse_equipment(e, i) for i, e in enumerate(raw_equipment)]
    venue_ids = {v.id for v in venues}
    equipment_ids = {e.id for e in equipment}
    requests = [
        _parse_request(r, i, origin, venue_ids, equipment_ids) for i, r in enumerate(raw_requests)
    ]
    problem = VenuesProblem(
        origin=origin,
        venues=tuple(sorted(venues, key=lambda v: v.id)),
        equipment=tuple(sorted(equipment, key=lambda e: e.id)),
        requests=tuple(sorted(requests, key=lambda r: r.id)),
    )
    _check_pins(problem, {r.id: i for i, r in enumerate(requests)})
    return problem


def _parse_venue(raw: Mapping[str, Any], i: int, origin: datetime) -> Venue:
    path = f"venues[{i}]"
    windows = []
    for j, window in enumerate(as_list(raw, "unavailable", path)):
        start, end = parse_window(window, f"{path}.unavailable[{j}]")
        windows.append((minutes_between(origin, start), minutes_between(origin, end)))
    return Venue(
        id=raw["id"],
        capacity=as_int(require(raw, "capacity", path), f"{path}.capacity", minimum=0),
        features=frozenset(as_str_list(raw.get("features"), f"{path}.features")),
        unavailable=tuple(sorted(windows)),
        buffer=as_int(raw.get("buffer_minutes", 0) or 0, f"{path}.buffer_minutes", minimum=0),
    )


def _parse_equipment(raw: Mapping[str, Any], i: int) -> Equipment:
    path = f"equipment[{i}]"
    return Equipment(
        id=raw["id"],
        quantity=as_int(raw.get("quantity", 1), f"{path}.quantity", minimum=0),
        setup=as_int(raw.get("setup_minutes", 0) or 0, f"{path}.setup_minutes", minimum=0),
        teardown=as_int(raw.get("teardown_minutes", 0) or 0, f"{path}.teardown_minutes", minimum=0),
    )


def _parse_request(
    raw: Mapping[str, Any],
    i: int,
    origin: datetime,
    venue_ids: set[str],
    equipment_ids: set[str],
) -> Request:
    path = f"requests[{i}]"
    start, end = parse_window(raw, path)
    candidates = as_str_list(raw.get("candidates"), f"{path}.candidates")
    for j, venue_id in enumerate(candidates):
        if venue_id not in venue_ids:
            raise InputError(f"{path}.candidates[{j}]", f"unknown venue {venue_id!r}")
        if venue_id in candidates[:j]:
            raise InputError(f"{path}.candidates[{j}]", f"venue {venue_id!r} listed twice")
    items = as_str_list(raw.get("equipment"), f"{path}.equipment")
    for j, item in enumerate(items):
        if item not in equipment_ids:
            raise InputError(f"{path}.equipment[{j}]", f"unknown equipment {item!r}")
    pinned = raw.get("pinned_venue")
    if pinned is not None:
        pinned = as_id(pinned, f"{path}.pinned_venue")
        if pinned not in venue_ids:
            raise InputError(f"{path}.pinned_venue", f"unknown venue {pinned!r}")
    previous = raw.get("previous_venue")
    if previous is not None:
        # A previous venue that no longer exists is not an error: the request simply moves.
        previous = as_id(previous, f"{path}.previous_venue")
    return Request(
        id=raw["id"],
        start=minutes_between(origin, start),
        end=minutes_between(origin, end),
        attendees=as_int(require(raw, "attendees", path), f"{path}.attendees", minimum=0),
        candidates=tuple(candidates),
        requires=frozenset(as_str_list(raw.get("requires"), f"{path}.requires")),
        equipment=tuple(sorted(set(items))),
        priority=as_int(raw.get("priority", 1), f"{path}.priority", minimum=1),
        pinned_venue=pinned,
        previous_venue=previous,
    )


def _check_pins(problem: VenuesProblem, index: Mapping[str, int]) -> None:
    """Refuse pins no plan can honour: a misfit venue, or pins clashing with each other."""
    pinned = [r for r in problem.requests if r.pinned_venue is not None]
    for r in pinned:
        path = f"requests[{index[r.id]}].pinned_venue"
        venue = problem.venue_by_id[r.pinned_venue or ""]
        why = venue_misfit(problem, r, venue)
        if why is not None:
            raise InputError(path, f"cannot use pinned venue {venue.id}: {why}")
        if problem.equipment_shortage(r):
            raise InputError(path, "needs " + ", ".join(problem.equipment_shortage(r)) + " (none)")
        for other in pinned:
            same_venue = other.id < r.id and other.pinned_venue == r.pinned_venue
            if same_venue and venue_clash(r, other, venue.buffer):
                raise InputError(path, f"clashes with {other.id}, also pinned to {venue.id}")
    for item in problem.equipment:
        users = [r for r in pinned if item.id in r.equipment]
        for r in users:
            windows = [problem.busy_window(o, item.id) for o in users if o.id <= r.id]
            if peak_load(windows) > item.quantity:
                path = f"requests[{index[r.id]}].pinned_venue"
                raise InputError(path, f"pinned requests need more than {item.quantity} {item.id}")
