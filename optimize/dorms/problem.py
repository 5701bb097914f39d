"""Dorms problem (contract kind "dorms"): frozen dataclasses, parser and the room rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from optimize.common import (
    InputError,
    as_id,
    as_int,
    as_list,
    as_str_list,
    parse_date,
    require,
    unique_ids,
)

KIND = "dorms"
LEVEL_NAMES = ("housed", "preference")


@dataclass(frozen=True)
class Room:
    """A vacant room; `gender` None takes anyone."""

    id: str
    building: str
    floor: int | None
    gender: str | None
    accessible: bool


@dataclass(frozen=True)
class Applicant:
    """A person on the waiting list; empty `preferences` accepts any building."""

    id: str
    points: int
    applied_on: date
    gender: str | None
    needs_accessible: bool
    preferences: tuple[str, ...]

    def rank_key(self) -> tuple[int, date, str]:
        """Sort key of the priority order: points descending, then applied_on, then id."""
        return -self.points, self.applied_on, self.id


@dataclass(frozen=True)
class DormsProblem:
    """A parsed dorms instance; rooms and applicants sorted by id."""

    rooms: tuple[Room, ...]
    applicants: tuple[Applicant, ...]

    @cached_property
    def ranked(self) -> tuple[Applicant, ...]:
        """The applicants in priority order, best first."""
        return tuple(sorted(self.applicants, key=Applicant.rank_key))

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        """Rooms keyed by id."""
        return {r.id: r for r in self.rooms}

    @cached_property
    def applicant_by_id(self) -> dict[str, Applicant]:
        """Applicants keyed by id."""
        return {a.id: a for a in self.applicants}

    @cached_property
    def fitting(self) -> dict[str, list[Room]]:
        """Each applicant's admissible rooms, best preference first, then by id."""
        return {a.id: fitting_rooms(a, self.rooms) for a in self.applicants}


def fitting_rooms(applicant: Applicant, rooms: tuple[Room, ...]) -> list[Room]:
    """The rooms the applicant may get, best preference first, then by id."""
    admissible = [r for r in rooms if room_misfit(applicant, r) is None]
    return sorted(admissible, key=lambda r: (preference_position(applicant, r), r.id))


def room_misfit(applicant: Applicant, room: Room) -> str | None:
    """Why the room cannot go to the applicant, or None when it can."""
    if applicant.preferences and room.building not in applicant.preferences:
        return f"building {room.building} not in preferences"
    if room.gender is not None and room.gender != applicant.gender:
        return f"room is for gender {room.gender}"
    if applicant.needs_accessible and not room.accessible:
        return "room is not accessible"
    return None


def preference_position(applicant: Applicant, room: Room) -> int:
    """0 for the first-choice building (and for applicants without preferences)."""
    if not applicant.preferences:
        return 0
    return applicant.preferences.index(room.building)


def parse_dorms(data: Mapping[str, Any]) -> DormsProblem:
    """Check a contract instance and turn it into a DormsProblem (raises InputError)."""
    if not isinstance(data, Mapping):
        raise InputError("instance", "not an object")
    raw_rooms = as_list(data, "rooms", "")
    raw_applicants = as_list(data, "applicants", "")
    unique_ids(raw_rooms, "rooms")
    unique_ids(raw_applicants, "applicants")
    rooms = [_parse_room(r, i) for i, r in enumerate(raw_rooms)]
    applicants = [_parse_applicant(a, i) for i, a in enumerate(raw_applicants)]
    return DormsProblem(
        rooms=tuple(sorted(rooms, key=lambda r: r.id)),
        applicants=tuple(sorted(applicants, key=lambda a: a.id)),
    )


def _optional_gender(value: Any, path: str) -> str | None:
    return None if value is None else as_id(value, path)


def _as_bool(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(path, "not true or false")
    return value


def _parse_room(raw: Mapping[str, Any], i: int) -> Room:
    path = f"rooms[{i}]"
    floor = raw.get("floor")
    return Room(
        id=raw["id"],
        building=as_id(require(raw, "building", path), f"{path}.building"),
        floor=None if floor is None else as_int(floor, f"{path}.floor"),
        gender=_optional_gender(raw.get("gender"), f"{path}.gender"),
        accessible=_as_bool(raw.get("accessible"), f"{path}.accessible"),
    )


def _parse_applicant(raw: Mapping[str, Any], i: int) -> Applicant:
    path = f"applicants[{i}]"
    preferences = as_str_list(raw.get("preferences"), f"{path}.preferences")
    for j, building in enumerate(preferences):
        if building in preferences[:j]:
            raise InputError(f"{path}.preferences[{j}]", f"building {building!r} listed twice")
    return Applicant(
        id=raw["id"],
        points=as_int(require(raw, "points", path), f"{path}.points"),
        applied_on=parse_date(require(raw, "applied_on", path), f"{path}.applied_on"),
        gender=_optional_gender(raw.get("gender"), f"{path}.gender"),
        needs_accessible=_as_bool(raw.get("needs_accessible"), f"{path}.needs_accessible"),
        preferences=tuple(preferences),
    )
