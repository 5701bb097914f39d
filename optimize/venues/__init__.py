"""The venues model's public face (contract kind "venues"): parse, solve, greedy, check, bounds, generate.

The pieces live in problem (data and rules), model (CP-SAT), plan (greedy, checker,
reasons, bounds) and generate (presets); callers import from here.
"""

from optimize.common import Kind
from optimize.venues.generate import VENUES_PRESETS, generate_venues
from optimize.venues.model import build_venues_model, solve_venues
from optimize.venues.plan import check_venues, greedy_venues, venues_bounds, venues_objective
from optimize.venues.problem import Equipment, Request, Venue, VenuesProblem, parse_venues

__all__ = [
    "KIND",
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


KIND = Kind(
    name="venues",
    items="requests",
    parse=parse_venues,
    solve=solve_venues,
    greedy=greedy_venues,
    check=check_venues,
    objective=venues_objective,
    bounds=venues_bounds,
    presets=tuple(VENUES_PRESETS),
    generate=generate_venues,
)
