"""Dorms allocation: the exact two-level method, a simple greedy, the objective and bounds.

Level 1: the sets of applicants that can all be housed together are the independent sets of a
transversal matroid, so taking applicants in priority order and keeping each one whenever an
augmenting path still fits them in (Kuhn's bipartite matching) gives the lexicographically best set
in priority order, which is also a largest one. Level 2: with that set fixed, a min-cost flow gives
each housed applicant a room with the least total preference position. Both steps are exact.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from optimize.common import STATUS_FEASIBLE, STATUS_OPTIMAL, Options, Progress, Solution
from optimize.dorms.problem import (
    KIND,
    LEVEL_NAMES,
    DormsProblem,
    preference_position,
)
from optimize.dorms.reasons import Reason, needed_by_higher_ranked, no_room, rooms_taken


class Matching:
    """A bipartite matching of applicants to rooms, grown by augmenting paths."""

    def __init__(self, fitting: Mapping[str, list[str]]) -> None:
        self.fitting = fitting
        self.owner: dict[str, str] = {}  # room -> applicant
        self.room_of: dict[str, str] = {}  # applicant -> room

    def augment(self, applicant_id: str, visited: set[str]) -> bool:
        """House the applicant by a chain of swaps if one exists (breadth-first, no recursion).

        `visited` ends up holding every room the search reached; on failure all are occupied.
        """
        reached_from: dict[str, str] = {}  # room -> applicant whose swap reaches it
        queue = deque([applicant_id])
        while queue:
            current = queue.popleft()
            for room_id in self.fitting[current]:
                if room_id in visited:
                    continue
                visited.add(room_id)
                reached_from[room_id] = current
                holder = self.owner.get(room_id)
                if holder is None:
                    self._flip(room_id, reached_from, applicant_id)
                    return True
                queue.append(holder)
        return False

    def _flip(self, room_id: str, reached_from: Mapping[str, str], start: str) -> None:
        """Move everyone along the path one room over, ending with `start` housed."""
        while True:
            mover = reached_from[room_id]
            vacated = self.room_of.get(mover)
            self.owner[room_id] = mover
            self.room_of[mover] = room_id
            if mover == start or vacated is None:
                return
            room_id = vacated


def priority_set(problem: DormsProblem) -> tuple[list[str], dict[str, list[Reason]]]:
    """Level 1: the housed set, best in priority order; and why each other applicant waits."""
    fitting = {a: [r.id for r in rooms] for a, rooms in problem.fitting.items()}
    matching = Matching(fitting)
    housed: list[str] = []
    waiting: dict[str, list[Reason]] = {}
    for applicant in problem.ranked:
        visited: set[str] = set()
        if matching.augment(applicant.id, visited):
            housed.append(applicant.id)
        elif not fitting[applicant.id]:
            waiting[applicant.id] = [no_room(problem, applicant)]
        else:
            # The failed search proved no chain of swaps frees a fitting room: all of them are
            # needed by the higher-ranked applicants housed so far (who hold them right now).
            rank = {a: i for i, a in enumerate(housed)}
            holders = sorted(
                {matching.owner[r] for r in fitting[applicant.id]}, key=rank.__getitem__
            )
            waiting[applicant.id] = [needed_by_higher_ranked(len(fitting[applicant.id]), holders)]
    return housed, waiting


def cheapest_rooms(problem: DormsProblem, housed: list[str]) -> dict[str, str]:
    """Level 2: a room for every housed applicant with the least total preference position."""
    if not housed:
        return {}
    rooms = [r.id for r in problem.rooms]
    # Applicant and room ids may coincide, so they get separate node tables.
    applicant_node = {a: 1 + i for i, a in enumerate(housed)}
    room_node = {r: 1 + len(housed) + i for i, r in enumerate(rooms)}
    sink = 1 + len(housed) + len(rooms)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs: list[tuple[int, str, str]] = []
    for applicant_id in housed:
        flow.add_arc_with_capacity_and_unit_cost(0, applicant_node[applicant_id], 1, 0)
        applicant = problem.applicant_by_id[applicant_id]
        for room in problem.fitting[applicant_id]:
            cost = preference_position(applicant, room)
            arc = flow.add_arc_with_capacity_and_unit_cost(
                applicant_node[applicant_id], room_node[room.id], 1, cost
            )
            arcs.append((arc, applicant_id, room.id))
    for room_id in rooms:
        flow.add_arc_with_capacity_and_unit_cost(room_node[room_id], sink, 1, 0)
    flow.set_node_supply(0, len(housed))
    flow.set_node_supply(sink, -len(housed))
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: level 1 proved the set can be housed
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return {applicant_id: room_id for arc, applicant_id, room_id in arcs if flow.flow(arc)}


def dorms_objective(problem: DormsProblem, assignments: Mapping[str, str]) -> list[int]:
    """The two level values of an allocation: number housed, total preference position."""
    positions = sum(
        preference_position(problem.applicant_by_id[a], problem.room_by_id[r])
        for a, r in assignments.items()
    )
    return [len(assignments), positions]


def make_solution(
    problem: DormsProblem,
    assignments: Mapping[str, str],
    reasons: Mapping[str, list[Reason]],
    status: str,
    seconds: float,
) -> Solution:
    """The contract's solution with the waitlist in priority order and the reasons as codes."""
    waitlist = [a.id for a in problem.ranked if a.id not in assignments]
    return Solution(
        kind=KIND,
        status=status,
        assignments=dict(sorted(assignments.items())),
        unassigned={a: [r.text for r in reasons[a]] for a in sorted(waitlist)},
        objective=dorms_objective(problem, assignments),
        solve_seconds=seconds,
        extra={
            "waitlist": waitlist,
            "unassigned_codes": {a: [r.as_code() for r in reasons[a]] for a in sorted(waitlist)},
        },
    )


def solve_dorms(problem: DormsProblem, options: Options | None = None) -> Solution:
    """The exact allocation (both levels proven optimal); fast enough to ignore the time limit."""
    options = options or Options()
    started = time.monotonic()
    housed, reasons = priority_set(problem)
    assignments = cheapest_rooms(problem, housed)
    solution = make_solution(problem, assignments, reasons, STATUS_OPTIMAL, 0.0)
    solution.solve_seconds = time.monotonic() - started
    if options.progress:
        for level, value in enumerate(solution.objective, start=1):
            options.progress(Progress(level, 2, value, value, solution.solve_seconds))
    if options.on_plan:
        options.on_plan(solution.to_json())
    return solution


def greedy_dorms(problem: DormsProblem) -> Solution:
    """In priority order, each applicant takes their best free fitting room (no swaps)."""
    taken: dict[str, str] = {}
    reasons: dict[str, list[Reason]] = {}
    for applicant in problem.ranked:
        fitting = problem.fitting[applicant.id]
        free = [r for r in fitting if r.id not in taken.values()]
        if free:
            taken[applicant.id] = free[0].id
        elif not fitting:
            reasons[applicant.id] = [no_room(problem, applicant)]
        else:
            holders = [a for a, r in taken.items() if r in {room.id for room in fitting}]  # ranked
            reasons[applicant.id] = [rooms_taken(holders)]
    return make_solution(problem, taken, reasons, STATUS_FEASIBLE, 0.0)


def dorms_bounds(problem: DormsProblem) -> dict[str, int]:
    """What each level allows at best, keyed by level name in level order.

    housed: the size of a maximum matching (exact); preference: each applicant of the level-1 set
    in their best fitting building (a lower bound).
    """
    housed, _ = priority_set(problem)
    best = sum(
        preference_position(problem.applicant_by_id[a], problem.fitting[a][0]) for a in housed
    )
    return dict(zip(LEVEL_NAMES, [len(housed), best], strict=True))
