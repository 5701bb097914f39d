"""The dorms model's public face (contract kind "dorms"): parse, solve, greedy, check, bounds, generate.

The pieces live in dorms_problem (data and rules), dorms_plan (the exact method, greedy, checker,
reasons, bounds) and dorms_generate (presets); callers import from here.
"""

from optimize.dorms_generate import DORMS_PRESETS, generate_dorms
from optimize.dorms_plan import (
    check_dorms,
    dorms_bounds,
    dorms_objective,
    greedy_dorms,
    solve_dorms,
)
from optimize.dorms_problem import Applicant, DormsProblem, Room, parse_dorms

__all__ = [
    "DORMS_PRESETS",
    "Applicant",
    "DormsProblem",
    "Room",
    "check_dorms",
    "dorms_bounds",
    "dorms_objective",
    "generate_dorms",
    "greedy_dorms",
    "parse_dorms",
    "solve_dorms",
]
