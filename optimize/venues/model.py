"""The venues CP-SAT model, built in named steps, and `solve_venues`.

Request times are fixed, so every (request, venue) choice is one Boolean. A venue's requests whose
buffer-extended windows `[start, end + buffer)` overlap pairwise cannot share it; those windows
form an interval graph, so one at-most-one per maximal clique states the no-overlap exactly and
with a far tighter relaxation than optional intervals (see the field notes). Equipment is the same
with a cumulative limit: at every start of a busy window at most `quantity` covering uses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimize.common import (
    STATUS_FEASIBLE,
    STATUS_OPTIMAL,
    Level,
    Options,
    Solution,
    solve_lexicographic,
)
from optimize.venues.plan import greedy_assignments, make_solution
from optimize.venues.problem import VenuesProblem, maximal_cliques


@dataclass
class VenuesVars:
    """The model's decision variables: choose[request id][venue id] is 1 when booked there."""

    choose: dict[str, dict[str, cp_model.IntVar]]

    def accepted(self, request_id: str) -> cp_model.LinearExprT:
        """1 when the request is booked anywhere."""
        return sum(self.choose[request_id].values())


def build_venues_model(problem: VenuesProblem) -> tuple[cp_model.CpModel, VenuesVars, list[Level]]:
    """The complete model with its four lexicographic levels."""
    model = cp_model.CpModel()
    variables = _add_choices(model, problem)
    _add_venue_separation(model, problem, variables)
    _add_equipment_limits(model, problem, variables)
    return model, variables, _levels(problem, variables)


def _add_choices(model: cp_model.CpModel, problem: VenuesProblem) -> VenuesVars:
    """One Boolean per statically fitting venue; at most one venue per request; pins forced."""
    choose: dict[str, dict[str, cp_model.IntVar]] = {}
    for request in problem.requests:
        row = {
            v.id: model.new_bool_var(f"x[{request.id},{v.id}]")
            for v in problem.fitting_venues(request)
        }
        if row:
            model.add_at_most_one(row.values())
        if request.pinned_venue is not None:
            model.add(row[request.pinned_venue] == 1)  # parse_venues refused unfit pins
        choose[request.id] = row
    return VenuesVars(choose)


def _add_venue_separation(
    model: cp_model.CpModel, problem: VenuesProblem, variables: VenuesVars
) -> None:
    """In one venue, requests are apart by its buffer: extend each window by it on one side."""
    for venue in problem.venues:
        windows = {
            r.id: (r.start, r.end + venue.buffer)
            for r in problem.requests
            if venue.id in variables.choose[r.id]
        }
        for clique in maximal_cliques(windows):
            if len(clique) > 1:
                model.add_at_most_one(variables.choose[rid][venue.id] for rid in clique)


def _add_equipment_limits(
    model: cp_model.CpModel, problem: VenuesProblem, variables: VenuesVars
) -> None:
    """At no instant more than `quantity` accepted users of an item, set-up and tear-down included."""
    for item in problem.equipment:
        windows = {
            r.id: problem.busy_window(r, item.id)
            for r in problem.requests
            if item.id in r.equipment and variables.choose[r.id]
        }
        for clique in maximal_cliques(windows):
            if len(clique) > item.quantity:
                model.add(sum(variables.accepted(rid) for rid in clique) <= item.quantity)


def _levels(problem: VenuesProblem, variables: VenuesVars) -> list[Level]:
    priority: list[cp_model.LinearExprT] = []
    moved: list[cp_model.LinearExprT] = []
    choice: list[cp_model.LinearExprT] = []
    slack: list[cp_model.LinearExprT] = []
    for request in problem.requests:
        row = variables.choose[request.id]
        priority.append(request.priority * variables.accepted(request.id))
        if request.previous_venue is not None:
            kept = row.get(request.previous_venue)
            moved.append(1 - kept if kept is not None else 1)
        for venue_id, var in row.items():
            if request.candidates:
                choice.append(request.candidates.index(venue_id) * var)
            slack.append((problem.venue_by_id[venue_id].capacity - request.attendees) * var)
    return [
        Level("priority", sum(priority), "max"),
        Level("moved", sum(moved), "min"),
        Level("choice", sum(choice), "min"),
        Level("slack", sum(slack), "min"),
    ]


def _hint(problem: VenuesProblem, variables: VenuesVars) -> dict[int, int]:
    """A complete feasible plan: first fit that keeps each previous venue when it still fits."""
    plan = greedy_assignments(problem, prefer_previous=True)
    return {
        var.index: int(plan.get(request_id) == venue_id)
        for request_id, row in variables.choose.items()
        for venue_id, var in row.items()
    }


def _plan(variables: VenuesVars, values: list[int]) -> dict[str, str]:
    """The plan a full assignment of the model's variables describes."""
    return {
        request_id: venue_id
        for request_id, row in variables.choose.items()
        for venue_id, var in row.items()
        if values[var.index]
    }


def solve_venues(problem: VenuesProblem, options: Options | None = None) -> Solution:
    """Solve the four levels one after another within the time limit; never raises on timeout.

    `options.on_plan` sees the hint plan first and then the plan after each finished level, so a
    caller that must stop the solve early still holds the best plan known.
    """
    options = options or Options()
    started = time.monotonic()
    model, variables, levels = build_venues_model(problem)
    hint = _hint(problem, variables)
    fallback = [0] * len(model.proto.variables)
    for index, value in hint.items():
        fallback[index] = value

    def report(values: list[int]) -> None:
        if options.on_plan is not None:
            seconds = time.monotonic() - started
            plan = make_solution(problem, _plan(variables, values), STATUS_FEASIBLE, seconds)
            options.on_plan(plan.to_json())

    report(fallback)
    result = solve_lexicographic(
        model, levels, options, hint, on_level=lambda partial: report(partial.var_values)
    )
    values = result.var_values if result.found else fallback
    status = STATUS_OPTIMAL if result.found and result.proven else STATUS_FEASIBLE
    return make_solution(problem, _plan(variables, values), status, time.monotonic() - started)
