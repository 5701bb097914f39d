"""A small booking sheet of the pool, so every demo trip keeps the dispatch rules by construction."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from scheduler.i18n import local
from scheduler.models import Agency, Vehicle

TURNAROUND = timedelta(minutes=15)  # the settings' default: "fleet.turnaround_minutes"


class FleetCalendar:
    """Per vehicle and day, the trips booked so far; answers which car may take one more."""

    def __init__(self, vehicles: Sequence[Vehicle]) -> None:
        self.vehicles = sorted(vehicles, key=lambda v: v.code)
        self._busy: dict[tuple[str, date], list[tuple[datetime, datetime]]] = defaultdict(list)
        self._minutes: dict[tuple[str, date], int] = defaultdict(int)

    def free_vehicles(
        self, start: datetime, end: datetime, passengers: int, needs: Sequence[str]
    ) -> list[Vehicle]:
        """Vehicles in the pool over [start, end) with the seats and features, not too busy."""
        return [v for v in self.vehicles if self._can_take(v, start, end, passengers, needs)]

    def _can_take(
        self,
        vehicle: Vehicle,
        start: datetime,
        end: datetime,
        passengers: int,
        needs: Sequence[str],
    ) -> bool:
        if not (vehicle.in_pool and vehicle.active) or vehicle.seats < passengers:
            return False
        if any(need not in vehicle.features for need in needs):
            return False
        if any(outage.overlaps(start, end) for outage in vehicle.outages):
            return False
        key = (vehicle.code, local(start).date())
        minutes = int((end - start).total_seconds() // 60)
        if (
            vehicle.max_minutes_per_day
            and self._minutes[key] + minutes > vehicle.max_minutes_per_day
        ):
            return False
        # Trips never cross midnight (working hours 07:00-21:00), so one day's list is enough.
        return all(
            start >= busy_end + TURNAROUND or end + TURNAROUND <= busy_start
            for busy_start, busy_end in self._busy[key]
        )

    def book(self, vehicle: Vehicle, start: datetime, end: datetime) -> None:
        """Mark `vehicle` taken over [start, end)."""
        key = (vehicle.code, local(start).date())
        self._busy[key].append((start, end))
        self._minutes[key] += int((end - start).total_seconds() // 60)

    def place(
        self,
        rng: random.Random,
        start: datetime,
        end: datetime,
        passengers: int,
        needs: Sequence[str],
        agency: Agency,
    ) -> Vehicle | None:
        """Book a free vehicle (half the time the agency's own, when free), or None if none is."""
        free = self.free_vehicles(start, end, passengers, needs)
        if not free:
            return None
        own = [v for v in free if v.agency is agency]
        vehicle = rng.choice(own) if own and rng.random() < 0.5 else rng.choice(free)
        self.book(vehicle, start, end)
        return vehicle
