"""The venues model's public face (contract kind "venues"): parse, solve, greedy, check, bounds, generate.

The pieces live in venues_problem (data and rules), venues_model (CP-SAT), venues_plan (greedy,
checker, reasons, bounds) and venues_generate (presets); callers import from here.
"""

from optimize.venues_generate import VENUES_PRESETS, generate_venues
from optimize.venues_model import build_venues_model, solve_venues
from optimize.venues_plan import check_venues, greedy_venues, venues_bounds, venues_objective
from optimize.venues_problem import Equipment, Request, Venue, VenuesProblem, parse_venues

__all__ = [
    "VENUES_PRESETS",
    "Equipment",
    "Request",
    "Venue",
    "VenuesProblem",
    "build_venues_model",
    "check_venues",
    "generate_venues",
    "greedy_venues",
    "parse_venues",
    "solve_venues",
    "venues_bounds",
    "venues_objective",
]
