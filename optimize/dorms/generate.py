"""Random but realistic dorms instances: vacancies in the Xiyuan and Xinyi staff dormitories."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

DORMS_PRESETS = ("vacancies", "crowded")

# Gender by floor (None: mixed floor, where the accessible rooms are); assumed, as the report
# only says rooms follow rules such as gender-separated floors and accessible rooms.
FLOORS: dict[str, dict[int, str | None]] = {
    "Xiyuan": {1: None, 2: "F", 3: "F", 4: "F", 5: "M", 6: "M", 7: "M"},
    "Xinyi": {1: None, 2: "M", 3: "M", 4: "M", 5: "M", 6: "F", 7: "F", 8: "F"},
}
PREFIX = {"Xiyuan": "XY", "Xinyi": "XN"}
PREFERENCES: tuple[list[str], ...] = (
    ["Xiyuan"],
    ["Xinyi"],
    ["Xiyuan", "Xinyi"],
    ["Xinyi", "Xiyuan"],
    [],
)


def _rooms(rng: random.Random, count: int) -> list[dict[str, Any]]:
    every = [
        (building, floor, number)
        for building, floors in FLOORS.items()
        for floor in floors
        for number in range(1, 9)
    ]
    rooms = []
    for building, floor, number in sorted(rng.sample(every, count)):
        rooms.append(
            {
                "id": f"{PREFIX[building]}-{floor:02d}{number:02d}",
                "building": building,
                "floor": floor,
                "gender": FLOORS[building][floor],
                "accessible": floor == 1 and number <= 3,
            }
        )
    return rooms


def _applicants(rng: random.Random, count: int) -> list[dict[str, Any]]:
    first = date(2019, 1, 1)
    applicants = []
    for n in range(1, count + 1):
        applicants.append(
            {
                "id": f"P{n:03d}",
                # Coarse points and dates so ties on points and on dates both occur.
                "points": rng.randrange(10, 80, 2),
                "applied_on": (first + timedelta(days=rng.randrange(0, 900, 3))).isoformat(),
                "gender": rng.choice(["F", "M"]),
                "needs_accessible": rng.random() < 0.05,
                "preferences": list(rng.choice(PREFERENCES)),
            }
        )
    return applicants


def generate_dorms(preset: str, seed: int) -> dict[str, Any]:
    """A contract instance: "vacancies" (4 to 30 rooms, up to 200 applicants) or "crowded" (30 x 200)."""
    rng = random.Random(f"dorms-{preset}-{seed}")
    if preset == "vacancies":
        rooms, applicants = rng.randint(4, 30), rng.randint(20, 200)
    elif preset == "crowded":
        rooms, applicants = 30, 200
    else:
        raise ValueError(f"unknown dorms preset {preset!r}; choose from {', '.join(DORMS_PRESETS)}")
    return {
        "kind": "dorms",
        "rooms": _rooms(rng, rooms),
        "applicants": _applicants(rng, applicants),
    }
