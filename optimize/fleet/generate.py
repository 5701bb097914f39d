"""Seeded fleet instances shaped like the City Hall pool (26 vehicles from 18 agencies)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

TAIPEI = timezone(timedelta(hours=8))
FIRST_DAY = datetime(2021, 6, 7, tzinfo=TAIPEI)  # a Monday


@dataclass(frozen=True)
class FleetPreset:
    """Size and shape of one generated instance."""

    vehicles: int
    agencies: int
    days: int
    trips: int
    peaked: bool  # trips bunched around 09:00 and 14:00 (demand above capacity at the peaks)


FLEET_PRESETS: dict[str, FleetPreset] = {
    "day": FleetPreset(vehicles=26, agencies=18, days=1, trips=30, peaked=False),
    "week": FleetPreset(vehicles=26, agencies=18, days=5, trips=160, peaked=False),
    "tight": FleetPreset(vehicles=26, agencies=18, days=2, trips=150, peaked=True),
    "city10x": FleetPreset(vehicles=260, agencies=18, days=5, trips=1600, peaked=False),
}


def _iso(moment: datetime, offset_hours: int = 8) -> str:
    return moment.astimezone(timezone(timedelta(hours=offset_hours))).isoformat()


def _window(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": _iso(start), "end": _iso(end)}


def _vehicle(
    rng: random.Random, number: int, width: int, agencies: int, days: int
) -> dict[str, Any]:
    kind = rng.random()
    if number == 1:
        seats, features = 8, ["van", "accessible"]
    elif kind < 0.15:
        seats, features = rng.choice([7, 8, 9]), ["van"]
    elif kind < 0.27:
        seats, features = 5, ["sedan", "ev"]
    else:
        seats, features = 5, ["sedan"]
    vehicle: dict[str, Any] = {
        "id": f"V{number:0{width}d}",
        "agency": f"A{rng.randrange(agencies) + 1:02d}",
        "seats": seats,
        "features": features,
    }
    if rng.random() < 0.3:
        vehicle["max_minutes_per_day"] = rng.choice([240, 300, 360, 480])
    roll = rng.random()
    if roll < 0.1:
        # Recalled to its agency part-way through (pandemic or flood duty): available until then.
        until = FIRST_DAY + timedelta(days=rng.randrange(days) + 0.5)
        vehicle["available"] = [_window(FIRST_DAY, until)]
    elif roll < 0.2:
        day = FIRST_DAY + timedelta(days=rng.randrange(days), hours=rng.choice([8, 13]))
        vehicle["unavailable"] = [_window(day, day + timedelta(hours=4))]  # maintenance
    return vehicle


def _trip(rng: random.Random, number: int, width: int, spec: FleetPreset) -> dict[str, Any]:
    day = FIRST_DAY + timedelta(days=rng.randrange(spec.days))
    if spec.peaked and rng.random() < 0.8:
        minute = rng.choice([9 * 60, 14 * 60]) + rng.randrange(-60, 61, 15)
    else:
        minute = rng.randrange(7 * 60 + 30, 18 * 60, 15)
    duration = rng.choice([30, 45, 60, 60, 90, 90, 120, 120, 180, 240])
    start = day + timedelta(minutes=minute)
    passengers = rng.choice([1, 1, 2, 2, 3, 4]) if rng.random() < 0.9 else rng.randrange(5, 10)
    roll = rng.random()
    requires = (
        ["ev"] if roll < 0.03 else ["accessible"] if roll < 0.04 else ["van"] if roll < 0.07 else []
    )
    priority = 3 if rng.random() < 0.05 else 2 if rng.random() < 0.25 else 1
    # A few requests come from systems that write UTC: same instant, other offset.
    offset = 0 if rng.random() < 0.1 else 8
    return {
        "id": f"T{number:0{width}d}",
        "agency": f"A{rng.randrange(spec.agencies) + 1:02d}",
        "start": _iso(start, offset),
        "end": _iso(start + timedelta(minutes=duration), offset),
        "passengers": passengers,
        "requires": requires,
        "priority": priority,
    }


def generate_fleet(preset: str, seed: int = 0) -> dict[str, Any]:
    """A fleet instance for a named preset (day, week, tight, city10x); same seed, same instance."""
    if preset not in FLEET_PRESETS:
        raise ValueError(f"preset: unknown fleet preset {preset!r} ({', '.join(FLEET_PRESETS)})")
    spec = FLEET_PRESETS[preset]
    rng = random.Random(f"fleet-{preset}-{seed}")
    vwidth, twidth = len(str(spec.vehicles)) if spec.vehicles > 99 else 2, len(str(spec.trips))
    vehicles = [
        _vehicle(rng, n, vwidth, spec.agencies, spec.days) for n in range(1, spec.vehicles + 1)
    ]
    trips = [_trip(rng, n, max(3, twidth), spec) for n in range(1, spec.trips + 1)]
    return {"kind": "fleet", "turnaround_minutes": 15, "vehicles": vehicles, "trips": trips}
