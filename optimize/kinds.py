"""The registry of model kinds: the one place that maps a kind's name to its package."""

from __future__ import annotations

from typing import Any

from optimize import dorms, fleet, venues
from optimize.common import InputError, Kind

KINDS: dict[str, Kind] = {kind.name: kind for kind in (fleet.KIND, venues.KIND, dorms.KIND)}


def get_kind(name: Any, field: str = "kind") -> Kind:
    """The kind called `name`; an InputError naming `field` when there is none."""
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        names = list(KINDS)
        expected = f"{', '.join(names[:-1])} or {names[-1]}"
        raise InputError(field, f"unknown kind {name!r} (expected {expected})")
    return kind


__all__ = ["KINDS", "Kind", "get_kind"]
