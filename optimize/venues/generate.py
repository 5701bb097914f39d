"""Random but realistic venues instances for demos, tests and the benchmark."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from optimize.common import InputError
from optimize.venues.problem import parse_venues

VENUES_PRESETS = ("month", "tight")

TAIPEI = timezone(timedelta(hours=8))
MEETING_ROOMS = ("N201", "N305", "S401", "S502")
HALLS = ("N206", "吳三連廳", "劉銘傳廳")
EVENT_SPACES = ("ATRIUM", "PLAZA")


def _venue(
    ident: str, capacity: int, features: list[str], buffer: int, closed: list[tuple[datetime, int]]
) -> dict[str, Any]:
    windows = [{"start": _iso(s), "end": _iso(s + timedelta(hours=h))} for s, h in closed]
    return {
        "id": ident,
        "capacity": capacity,
        "features": features,
        "unavailable": windows,
        "buffer_minutes": buffer,
    }


def _iso(moment: datetime, rng: random.Random | None = None) -> str:
    """ISO-8601 in Taipei time, or now and then in UTC so instances mix offsets as real ones do."""
    if rng is not None and rng.random() < 0.1:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def _equipment() -> list[dict[str, Any]]:
    return [
        {"id": "stage", "quantity": 1, "setup_minutes": 120, "teardown_minutes": 60},
        {"id": "lighting", "quantity": 1, "setup_minutes": 60, "teardown_minutes": 30},
        {"id": "audio", "quantity": 1, "setup_minutes": 30, "teardown_minutes": 30},
    ]


def _venues(first_day: datetime) -> list[dict[str, Any]]:
    day = timedelta(days=1)
    return [
        _venue(
            "N206", 120, ["streaming", "projector", "microphones"], 30, [(first_day + 25 * day, 72)]
        ),
        _venue("吳三連廳", 200, ["projector", "microphones"], 30, []),
        _venue("劉銘傳廳", 150, ["projector", "microphones"], 30, [(first_day + 9 * day, 24)]),
        _venue("N201", 30, ["projector"], 15, []),
        _venue("N305", 20, [], 15, []),
        _venue("S401", 40, ["projector"], 15, []),
        _venue("S502", 12, [], 0, []),
        _venue("ATRIUM", 300, ["power"], 60, []),
        _venue("PLAZA", 800, ["outdoor"], 60, [(first_day + 17 * day, 48)]),
        _venue("GALLERY", 80, ["walls"], 0, [(first_day + 19 * day, 11 * 24)]),
    ]


def _meeting(rng: random.Random, day: datetime) -> dict[str, Any]:
    start = day + timedelta(hours=8, minutes=30 * rng.randrange(0, 18))
    size = rng.random()
    if size < 0.55:
        attendees, pool = rng.randint(4, 20), list(MEETING_ROOMS)
    elif size < 0.8:
        attendees, pool = rng.randint(20, 40), ["N201", "S401", *HALLS]
    else:
        attendees, pool = rng.randint(50, 180), list(HALLS)
    rng.shuffle(pool)
    request: dict[str, Any] = {
        "start": start,
        "minutes": rng.choice([60, 90, 120, 180]),
        "attendees": attendees,
        "candidates": [] if rng.random() < 0.1 else pool[: rng.randint(1, 3)],
        "requires": [],
        "equipment": [],
    }
    if attendees >= 20 and rng.random() < 0.2:
        request["requires"] = ["streaming"]
    elif rng.random() < 0.3:
        request["requires"] = ["projector"]
    return request


def _event(rng: random.Random, day: datetime) -> dict[str, Any]:
    start = day + timedelta(hours=rng.choice([9, 10, 13, 14, 18]))
    items = [e for e, p in (("stage", 0.45), ("lighting", 0.4), ("audio", 0.6)) if rng.random() < p]
    return {
        "start": start,
        "minutes": rng.choice([120, 180, 240, 360]),
        "attendees": rng.randint(60, 400),
        "candidates": rng.choice([["ATRIUM"], ["ATRIUM", "PLAZA"], ["PLAZA", "ATRIUM"], ["PLAZA"]]),
        "requires": [],
        "equipment": items,
    }


def _exhibition(rng: random.Random, day: datetime) -> dict[str, Any]:
    return {
        "start": day + timedelta(hours=9),
        "minutes": rng.choice([1, 2, 3]) * 24 * 60 - 15 * 60,
        "attendees": rng.randint(20, 80),
        "candidates": ["GALLERY"],
        "requires": ["walls"],
        "equipment": [],
    }


def _finish(rng: random.Random, drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number the drafts by start, add priorities and previous venues, render the times."""
    drafts.sort(key=lambda d: d["start"])
    requests = []
    for n, draft in enumerate(drafts, start=1):
        end = draft["start"] + timedelta(minutes=draft["minutes"])
        previous = None
        if draft["candidates"] and rng.random() < 0.15:
            previous = rng.choice(draft["candidates"])
        requests.append(
            {
                "id": f"R{n:03d}",
                "start": _iso(draft["start"], rng),
                "end": _iso(end, rng),
                "attendees": draft["attendees"],
                "candidates": draft["candidates"],
                "requires": draft["requires"],
                "equipment": draft["equipment"],
                "priority": rng.choices([1, 2, 3, 5], weights=[50, 30, 15, 5])[0],
                "pinned_venue": None,
                "previous_venue": previous,
            }
        )
    return requests


def _add_pins(rng: random.Random, instance: dict[str, Any], count: int) -> None:
    """Pin a few requests to their first candidate, keeping only pins the parser accepts."""
    chosen = rng.sample(instance["requests"], k=min(len(instance["requests"]), 4 * count))
    pinned = 0
    for request in chosen:
        if pinned == count or not request["candidates"]:
            continue
        request["pinned_venue"] = request["candidates"][0]
        try:
            parse_venues(instance)
            pinned += 1
        except InputError:
            request["pinned_venue"] = None


def generate_venues(preset: str, seed: int) -> dict[str, Any]:
    """A contract instance of the named preset ("month" or "tight"), reproducible from the seed."""
    rng = random.Random(f"venues-{preset}-{seed}")
    if preset == "month":
        first_day = datetime(2021, 4, 1, tzinfo=TAIPEI)
        days = [first_day + timedelta(days=d) for d in range(30)]
        workdays = [d for d in days if d.weekday() < 5]
        drafts = [_meeting(rng, rng.choice(workdays)) for _ in range(85)]
        drafts += [_event(rng, rng.choice(days)) for _ in range(25)]
        drafts += [_exhibition(rng, rng.choice(days[:18])) for _ in range(10)]
        venues = _venues(first_day)
    elif preset == "tight":
        first_day = datetime(2021, 5, 3, tzinfo=TAIPEI)
        days = [first_day + timedelta(days=d) for d in range(3)]
        drafts = [_event(rng, rng.choice(days)) for _ in range(30)]
        drafts += [_meeting(rng, rng.choice(days)) for _ in range(40)]
        for draft in drafts[:30]:
            draft["equipment"] = sorted(
                set(draft["equipment"]) | {rng.choice(["stage", "lighting"])}
            )
        venues = [
            v for v in _venues(first_day) if v["id"] in {"N206", "吳三連廳", "N201", *EVENT_SPACES}
        ]
        for draft in drafts:
            draft["candidates"] = [c for c in draft["candidates"] if c in {v["id"] for v in venues}]
    else:
        raise ValueError(
            f"unknown venues preset {preset!r}; choose from {', '.join(VENUES_PRESETS)}"
        )
    instance = {
        "kind": "venues",
        "venues": venues,
        "equipment": _equipment(),
        "requests": _finish(rng, drafts),
    }
    _add_pins(rng, instance, 3)
    return instance
