"""The dorms model's public face (contract kind "dorms"): parse, solve, greedy, check, bounds, generate.

The pieces live in problem (data and rules), plan (the exact method, greedy, bounds), reasons
(why an applicant waits, in words and as codes), check (hard rules and the priority order) and
generate (presets); callers import from here.
"""

from optimize.common import Kind
from optimize.dorms.check import check_dorms, priority_violations
from optimize.dorms.generate import DORMS_PRESETS, generate_dorms
from optimize.dorms.plan import (
    dorms_bounds,
    dorms_objective,
    greedy_dorms,
    solve_dorms,
)
from optimize.dorms.problem import Applicant, DormsProblem, Room, parse_dorms

__all__ = [
    "DORMS_PRESETS",
    "KIND",
    "Applicant",
    "DormsProblem",
    "Room",
    "check_dorms",
    "dorms_bounds",
    "dorms_objective",
    "generate_dorms",
    "greedy_dorms",
    "parse_dorms",
    "priority_violations",
    "solve_dorms",
]


KIND = Kind(
    name="dorms",
    items="applicants",
    parse=parse_dorms,
    solve=solve_dorms,
    greedy=greedy_dorms,
    check=check_dorms,
    objective=dorms_objective,
    bounds=dorms_bounds,
    presets=tuple(DORMS_PRESETS),
    generate=generate_dorms,
)
