"""Seeded instance generators for every kind, behind one dispatch."""

from __future__ import annotations

import importlib
from typing import Any

from .fleet_generate import FLEET_PRESETS, generate_fleet


def presets(kind: str) -> tuple[str, ...]:
    """The preset names a kind's generator knows."""
    if kind == "fleet":
        return tuple(FLEET_PRESETS)
    if kind in ("venues", "dorms"):
        module = importlib.import_module(f"optimize.{kind}")
        return tuple(getattr(module, f"{kind.upper()}_PRESETS"))
    raise ValueError(f"kind: unknown kind {kind!r} (expected fleet, venues or dorms)")


def generate_instance(kind: str, preset: str, seed: int = 0) -> dict[str, Any]:
    """A generated instance of the given kind and preset; the same seed gives the same instance."""
    if kind == "fleet":
        return generate_fleet(preset, seed)
    if preset not in presets(kind):
        raise ValueError(f"preset: unknown {kind} preset {preset!r} ({', '.join(presets(kind))})")
    module = importlib.import_module(f"optimize.{kind}")
    instance: dict[str, Any] = getattr(module, f"generate_{kind}")(preset, seed)
    return instance
