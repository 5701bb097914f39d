"""Dorms plan checkers that never call the solver: the hard rules, and the priority order.

`check_dorms` lists every broken hard constraint (any valid plan passes, greedy's too).
`priority_violations` also checks level 1 of the contract: no waiting applicant could be housed
in addition to the housed ones, or instead of a lower-ranked one. With the plan's own matching
that is one alternating-path search per waiting applicant: from the applicant through fitting
rooms and on through each room's holder to the holder's other fitting rooms; reaching a free
room means "in addition", reaching a lower-ranked holder means "instead of" (that holder's room
frees by moving everyone on the path one room over).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from optimize.common import Solution
from optimize.dorms.plan import dorms_objective
from optimize.dorms.problem import DormsProblem, room_misfit
from optimize.plan_text import bookkeeping_violations, solution_parts


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


def priority_violations(problem: DormsProblem, solution: Solution | Mapping[str, Any]) -> list[str]:
    """Each waiting applicant the plan passes over for a lower-ranked one (or for nobody).

    A plan that breaks a hard rule is reported by check_dorms instead (this returns those lines).
    """
    broken = check_dorms(problem, solution)
    if broken:
        return broken
    _, assignments, _ = solution_parts(solution)
    owner = {room: applicant for applicant, room in assignments.items()}
    rank = {a.id: i for i, a in enumerate(problem.ranked)}
    fitting = {a: [r.id for r in rooms] for a, rooms in problem.fitting.items()}
    problems = []
    for applicant in problem.ranked:
        if applicant.id in assignments:
            continue
        free, holders = _reachable(applicant.id, fitting, owner)
        lower = sorted((h for h in holders if rank[h] > rank[applicant.id]), key=rank.__getitem__)
        if free:
            problems.append(f"{applicant.id}: passed over, could be housed in addition")
        elif lower:
            problems.append(
                f"{applicant.id}: passed over, could be housed instead of lower-ranked {lower[-1]}"
            )
    return problems


def _reachable(
    start: str, fitting: Mapping[str, list[str]], owner: Mapping[str, str]
) -> tuple[bool, set[str]]:
    """Whether an alternating path from `start` ends in a free room; the holders it meets."""
    seen_rooms: set[str] = set()
    holders: set[str] = set()
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for room in fitting[current]:
            if room in seen_rooms:
                continue
            seen_rooms.add(room)
            holder = owner.get(room)
            if holder is None:
                return True, holders
            if holder not in holders:
                holders.add(holder)
                queue.append(holder)
    return False, holders
