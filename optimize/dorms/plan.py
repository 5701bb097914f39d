"""Dorms allocation: the exact two-level method, a simple greedy, checker, reasons and bounds.

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
from typing import Any

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from optimize.common import STATUS_FEASIBLE, STATUS_OPTIMAL, Options, Progress, Solution
from optimize.dorms.problem import (
    KIND,
    LEVEL_NAMES,
    Applicant,
    DormsProblem,
    preference_position,
    room_misfit,
)
from optimize.plan_text import bookkeeping_violations, name_list, solution_parts


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


def priority_set(problem: DormsProblem) -> tuple[list[str], dict[str, list[str]]]:
    """Level 1: the housed set, best in priority order; and why each other applicant waits."""
    fitting = {a: [r.id for r in rooms] for a, rooms in problem.fitting.items()}
    matching = Matching(fitting)
    housed: list[str] = []
    waiting: dict[str, list[str]] = {}
    for applicant in problem.ranked:
        visited: set[str] = set()
        if matching.augment(applicant.id, visited):
            housed.append(applicant.id)
        elif not fitting[applicant.id]:
            waiting[applicant.id] = [no_room_reason(problem, applicant)]
        else:
            # The failed search proved no chain of swaps frees a fitting room: all of them are
            # needed by the higher-ranked applicants housed so far (who hold them right now).
            rank = {a: i for i, a in enumerate(housed)}
            holders = sorted(
                {matching.owner[r] for r in fitting[applicant.id]}, key=rank.__getitem__
            )
            count = len(fitting[applicant.id])
            rooms = "the fitting room is" if count == 1 else f"all {count} fitting rooms are"
            who = "applicant" if len(holders) == 1 else "applicants"
            waiting[applicant.id] = [f"{rooms} needed by higher-ranked {who} {name_list(holders)}"]
    return housed, waiting


def no_room_reason(problem: DormsProblem, applicant: Applicant) -> str:
    """Which of the applicant's own requirements no vacant room meets, narrowest first."""
    rooms = list(problem.rooms)
    where = ""
    if applicant.preferences:
        where = " in preferred buildings " + ", ".join(applicant.preferences)
        rooms = [r for r in rooms if r.building in applicant.preferences]
        if not rooms:
            return "no vacant room" + where
    rooms = [r for r in rooms if r.gender is None or r.gender == applicant.gender]
    who = f" for gender {applicant.gender}" if applicant.gender else " open to any gender"
    if not rooms:
        return "no vacant room" + who + where
    return "no accessible room" + who + where


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
    reasons: Mapping[str, list[str]],
    status: str,
    seconds: float,
) -> Solution:
    """The contract's solution with the waitlist in priority order."""
    waitlist = [a.id for a in problem.ranked if a.id not in assignments]
    return Solution(
        kind=KIND,
        status=status,
        assignments=dict(sorted(assignments.items())),
        unassigned={a: list(reasons[a]) for a in sorted(waitlist)},
        objective=dorms_objective(problem, assignments),
        solve_seconds=seconds,
        extra={"waitlist": waitlist},
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
    reasons: dict[str, list[str]] = {}
    for applicant in problem.ranked:
        fitting = problem.fitting[applicant.id]
        free = [r for r in fitting if r.id not in taken.values()]
        if free:
            taken[applicant.id] = free[0].id
        elif not fitting:
            reasons[applicant.id] = [no_room_reason(problem, applicant)]
        else:
            holders = [a for a, r in taken.items() if r in {room.id for room in fitting}]  # ranked
            reasons[applicant.id] = [f"fitting rooms taken by {name_list(holders)}"]
    return make_solution(problem, taken, reasons, STATUS_FEASIBLE, 0.0)


def check_dorms(problem: DormsProblem, solution: Solution | Mapping[str, Any]) -> list[str]:
    """Every hard constraint the allocation breaks, as readable strings (empty: valid)."""
    data, assignments, unassigned = solution_parts(solution)
    problems: list[str] = []
    holder: dict[str, str] = {}
    for applicant_id, room_id in sorted(assignments.items()):
        applicant = problem.applicant_by_id.get(applicant_id)
        room = problem.room_by_id.get(room_id)
        if applicant is None or room is None:
            problems.append(f"{applicant_id}: unknown applicant or room {room_id!r}")
            continue
        why = room_misfit(applicant, room)
        if why is not None:
            problems.append(f"{applicant_id} in {room_id}: {why}")
        if room_id in holder:
            problems.append(f"{room_id}: given to both {holder[room_id]} and {applicant_id}")
        holder[room_id] = applicant_id
    problems += bookkeeping_violations([a.id for a in problem.applicants], assignments, unassigned)
    known = {a: r for a, r in assignments.items() if a in problem.applicant_by_id}
    if not problems and "objective" in data:
        expected = dorms_objective(problem, known)
        if list(data["objective"]) != expected:
            problems.append(f"objective: reported {list(data['objective'])}, gives {expected}")
    waitlist = [a.id for a in problem.ranked if a.id not in assignments]
    if "waitlist" in data and list(data["waitlist"]) != waitlist:
        problems.append("waitlist: not the unhoused applicants in priority order")
    return problems


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
