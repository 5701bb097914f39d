"""The fleet problem as frozen dataclasses in integer minutes (parse.py reads them from contract JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

Window = tuple[int, int]  # half-open [start, end) in minutes from the problem's origin


@dataclass(frozen=True)
class Vehicle:
    """A pooled vehicle; `available` empty means always available."""

    id: str
    agency: str | None
    seats: int
    features: frozenset[str]
    available: tuple[Window, ...]
    unavailable: tuple[Window, ...]
    max_minutes_per_day: int | None


@dataclass(frozen=True)
class Trip:
    """A trip request; `day` is the calendar day of its start in its own UTC offset (ordinal)."""

    id: str
    agency: str | None
    start: int
    end: int
    passengers: int
    requires: frozenset[str]
    priority: int
    pinned_vehicle: str | None
    previous_vehicle: str | None
    day: int
    position: int  # index in the instance's `trips` list, for error messages

    @property
    def minutes(self) -> int:
        """Duration in minutes."""
        return self.end - self.start


@dataclass(frozen=True)
class FleetProblem:
    """A parsed fleet instance; vehicles and trips sorted by id so models are reproducible."""

    turnaround: int
    vehicles: tuple[Vehicle, ...]
    trips: tuple[Trip, ...]
    origin: datetime

    def vehicle(self, vehicle_id: str) -> Vehicle:
        """The vehicle with this id (KeyError if unknown)."""
        return self._vehicle_index()[vehicle_id]

    def _vehicle_index(self) -> dict[str, Vehicle]:
        cached: dict[str, Vehicle] | None = self.__dict__.get("_by_id")
        if cached is None:
            cached = {v.id: v for v in self.vehicles}
            object.__setattr__(self, "_by_id", cached)
        return cached
