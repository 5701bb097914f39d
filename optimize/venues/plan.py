"""Venues plans without the solver: first-fit greedy, objective, checker, reasons and bounds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from optimize.common import STATUS_FEASIBLE, Solution
from optimize.plan_text import bookkeeping_violations, name_list, solution_parts
from optimize.venues.problem import (
    KIND,
    LEVEL_NAMES,
    Request,
    Venue,
    VenuesProblem,
    overlaps,
    peak_load,
    venue_clash,
    venue_misfit,
    venue_misfits,
)


class Ledger:
    """The accepted requests per venue and per equipment item, to test whether one more fits."""

    def __init__(self, problem: VenuesProblem) -> None:
        self.problem = problem
        self.in_venue: dict[str, list[Request]] = defaultdict(list)
        self.using: dict[str, list[Request]] = defaultdict(list)

    def add(self, request: Request, venue_id: str) -> None:
        """Book the request into the venue and its equipment."""
        self.in_venue[venue_id].append(request)
        for item in request.equipment:
            self.using[item].append(request)

    def venue_clashes(self, request: Request, venue: Venue) -> list[Request]:
        """Booked requests in the venue too close to this one."""
        return [o for o in self.in_venue[venue.id] if venue_clash(o, request, venue.buffer)]

    def equipment_clashes(self, request: Request, item_id: str) -> list[Request]:
        """Booked users of the item overlapping this request, if adding it would exceed quantity."""
        window = self.problem.busy_window(request, item_id)
        near = [
            o for o in self.using[item_id] if overlaps(self.problem.busy_window(o, item_id), window)
        ]
        windows = [self.problem.busy_window(o, item_id) for o in near] + [window]
        quantity = self.problem.equipment_by_id[item_id].quantity
        return near if peak_load(windows) > quantity else []

    def fits(self, request: Request, venue: Venue) -> bool:
        """The request can join the venue and all its equipment now."""
        if self.venue_clashes(request, venue):
            return False
        return not any(self.equipment_clashes(request, item) for item in request.equipment)


def greedy_assignments(problem: VenuesProblem, *, prefer_previous: bool) -> dict[str, str]:
    """First fit by start time: pins first, then each request's first venue that still fits.

    With `prefer_previous` a request tries its previous venue first (a hint that keeps the old plan).
    """
    ledger = Ledger(problem)
    assignments: dict[str, str] = {}
    order = sorted(problem.requests, key=lambda r: (r.pinned_venue is None, r.start, r.id))
    for request in order:
        fitting = problem.fitting_venues(request)
        if request.pinned_venue is not None:
            fitting = [v for v in fitting if v.id == request.pinned_venue]
        elif prefer_previous and request.previous_venue is not None:
            fitting.sort(key=lambda v: v.id != request.previous_venue)
        for venue in fitting:
            if ledger.fits(request, venue):
                ledger.add(request, venue.id)
                assignments[request.id] = venue.id
                break
    return assignments


def venues_objective(problem: VenuesProblem, assignments: Mapping[str, str]) -> list[int]:
    """The four level values of a plan, in contract order."""
    priority = moved = choice = slack = 0
    for request in problem.requests:
        venue_id = assignments.get(request.id)
        if request.previous_venue is not None and venue_id != request.previous_venue:
            moved += 1
        if venue_id is None:
            continue
        priority += request.priority
        if request.candidates:
            choice += request.candidates.index(venue_id)
        slack += problem.venue_by_id[venue_id].capacity - request.attendees
    return [priority, moved, choice, slack]


def make_solution(
    problem: VenuesProblem, assignments: Mapping[str, str], status: str, seconds: float
) -> Solution:
    """Wrap a plan into the contract's solution, with reasons for every rejected request."""
    return Solution(
        kind=KIND,
        status=status,
        assignments=dict(sorted(assignments.items())),
        unassigned=rejection_reasons(problem, assignments),
        objective=venues_objective(problem, assignments),
        solve_seconds=seconds,
    )


def greedy_venues(problem: VenuesProblem) -> Solution:
    """The first-fit plan (by start time, first candidate that fits) as a feasible solution."""
    plan = greedy_assignments(problem, prefer_previous=False)
    return make_solution(problem, plan, STATUS_FEASIBLE, 0.0)


# ---------------------------------------------------------------- reasons


def _names(requests: list[Request]) -> str:
    return name_list(sorted({r.id for r in requests}))


def rejection_reasons(
    problem: VenuesProblem, assignments: Mapping[str, str]
) -> dict[str, list[str]]:
    """For each rejected request, why: what each venue lacks, or who holds the venues/equipment."""
    ledger = Ledger(problem)
    for request in problem.requests:
        if request.id in assignments:
            ledger.add(request, assignments[request.id])
    reasons: dict[str, list[str]] = {}
    for request in problem.requests:
        if request.id not in assignments:
            reasons[request.id] = _reasons_for(problem, ledger, request)
    return reasons


def _reasons_for(problem: VenuesProblem, ledger: Ledger, request: Request) -> list[str]:
    shortage = problem.equipment_shortage(request)
    if shortage:
        return [f"no {item} available (quantity 0)" for item in shortage]
    fitting = problem.fitting_venues(request)
    if not fitting:
        misfits = [f"{v.id}: {venue_misfit(problem, request, v)}" for v in problem.scope(request)]
        return misfits or ["no venue to choose from"]
    reasons: list[str] = []
    busy = {v.id: ledger.venue_clashes(request, v) for v in fitting}
    taken = [vid for vid, clashes in busy.items() if clashes]
    if taken:
        holders = [o for vid in taken for o in busy[vid]]
        reasons.append(f"{', '.join(taken)} busy with {_names(holders)}")
    for item in request.equipment:
        holders = ledger.equipment_clashes(request, item)
        if holders:
            reasons.append(f"{item} busy (with set-up and tear-down) with {_names(holders)}")
    if not reasons:
        free = ", ".join(v.id for v in fitting)
        reasons.append(f"fits {free} but was left out when the time limit ran out")
    return reasons


# ---------------------------------------------------------------- checker and bounds


def check_venues(problem: VenuesProblem, solution: Solution | Mapping[str, Any]) -> list[str]:
    """Every hard constraint the solution breaks, as readable strings (empty: valid)."""
    data, assignments, unassigned = solution_parts(solution)
    problems: list[str] = []
    ledger = Ledger(problem)
    for request_id, venue_id in sorted(assignments.items()):
        request = problem.request_by_id.get(request_id)
        venue = problem.venue_by_id.get(venue_id)
        if request is None or venue is None:
            problems.append(f"{request_id}: unknown request or venue {venue_id!r}")
            continue
        for why in venue_misfits(problem, request, venue):
            problems.append(f"{request_id} in {venue_id}: {why}")
        for other in ledger.venue_clashes(request, venue):
            problems.append(f"{other.id} and {request_id} in {venue_id}: closer than buffer")
        ledger.add(request, venue_id)
    for item in problem.equipment:
        windows = [problem.busy_window(r, item.id) for r in ledger.using[item.id]]
        if peak_load(windows) > item.quantity:
            users = _names(ledger.using[item.id])
            problems.append(f"{item.id}: more than {item.quantity} in use at once among {users}")
    for request in problem.requests:
        if request.pinned_venue is not None and assignments.get(request.id) != request.pinned_venue:
            problems.append(f"{request.id}: not in pinned venue {request.pinned_venue}")
    problems += bookkeeping_violations([r.id for r in problem.requests], assignments, unassigned)
    known = {k: v for k, v in assignments.items() if k in problem.request_by_id}
    if "objective" in data and list(data["objective"]) != venues_objective(problem, known):
        problems.append(
            f"objective: reported {list(data['objective'])}, the plan gives "
            f"{venues_objective(problem, known)}"
        )
    return problems


def venues_bounds(problem: VenuesProblem) -> dict[str, int]:
    """What each level allows at best, keyed by level name in level order.

    priority: the priorities of requests that fit some venue alone (an upper bound); moved: the
    previous venues that can no longer host their request; choice and slack: each fitting request
    in its best fitting venue (lower bounds when every fitting request is accepted).
    """
    priority = moved = choice = slack = 0
    for request in problem.requests:
        fitting = problem.fitting_venues(request)
        if request.previous_venue is not None and request.previous_venue not in {
            v.id for v in fitting
        }:
            moved += 1
        if not fitting:
            continue
        priority += request.priority
        if request.candidates:
            choice += min(request.candidates.index(v.id) for v in fitting)
        slack += min(v.capacity for v in fitting) - request.attendees
    return dict(zip(LEVEL_NAMES, [priority, moved, choice, slack], strict=True))
