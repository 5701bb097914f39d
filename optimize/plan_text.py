"""Pieces the venues and dorms plans share: id lists inside reasons and the solution's bookkeeping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from optimize.common import Solution

MAX_NAMES = 8  # ids listed in one reason before "and N more"


def name_list(ids: Iterable[str], limit: int = MAX_NAMES) -> str:
    """Ids joined by commas in the given order, duplicates dropped, long lists cut short."""
    ordered = list(dict.fromkeys(ids))
    shown = ", ".join(ordered[:limit])
    extra = len(ordered) - limit
    return shown + (f" and {extra} more" if extra > 0 else "")


def solution_parts(
    solution: Solution | Mapping[str, Any],
) -> tuple[Mapping[str, Any], Mapping[str, str], Mapping[str, list[str]]]:
    """The solution as contract JSON, with its assignments and unassigned maps."""
    data = solution.to_json() if isinstance(solution, Solution) else solution
    return data, data.get("assignments") or {}, data.get("unassigned") or {}


def bookkeeping_violations(
    ids: Iterable[str], assignments: Mapping[str, str], unassigned: Mapping[str, list[str]]
) -> list[str]:
    """Each id must be either assigned or unassigned with at least one reason; no strangers."""
    problems = []
    known = set()
    for ident in ids:
        known.add(ident)
        if (ident in assignments) + (ident in unassigned) != 1:
            problems.append(f"{ident}: must be either assigned or unassigned")
        elif ident in unassigned and not unassigned[ident]:
            problems.append(f"{ident}: unassigned without a reason")
    problems += [f"{ident}: unknown id in unassigned" for ident in unassigned if ident not in known]
    return problems
