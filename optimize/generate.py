"""Seeded instance generators for every kind, behind one dispatch."""

from __future__ import annotations

from typing import Any

from optimize.kinds import KINDS


def presets(kind: str) -> tuple[str, ...]:
    """The preset names a kind's generator knows."""
    if kind not in KINDS:
        raise ValueError(f"kind: unknown kind {kind!r} (expected fleet, venues or dorms)")
    return KINDS[kind].presets


def generate_instance(kind: str, preset: str, seed: int = 0) -> dict[str, Any]:
    """A generated instance of the given kind and preset; the same seed gives the same instance."""
    if preset not in presets(kind):
        raise ValueError(f"preset: unknown {kind} preset {preset!r} ({', '.join(presets(kind))})")
    return KINDS[kind].generate(preset, seed)
