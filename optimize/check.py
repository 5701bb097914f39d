"""Plan checkers that never call the solver: every violated hard constraint as a readable line.

Each kind's checker lives in its package (`optimize/<kind>/`); this module checks a solution of
any kind against its instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from optimize.dorms import parse_dorms, priority_violations
from optimize.fleet.check import check_fleet
from optimize.kinds import get_kind


def check_solution(instance: Mapping[str, Any], solution: Mapping[str, Any]) -> list[str]:
    """Parse the instance of any kind and check the solution against it."""
    kind = get_kind(instance.get("kind") if isinstance(instance, Mapping) else None)
    return list(kind.check(kind.parse(instance), solution))


def check_priority_order(instance: Mapping[str, Any], solution: Mapping[str, Any]) -> list[str]:
    """A dorms plan's hard rules and its priority order: no applicant passed over (level 1)."""
    return priority_violations(parse_dorms(instance), solution)


__all__ = ["check_fleet", "check_priority_order", "check_solution"]
