"""A booking sheet of venues and equipment, so demo bookings keep buffers and set-up times."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from scheduler.models import Equipment, Venue


class VenueSheet:
    """Intervals taken per venue (with its buffer) and per equipment item (with set-up/tear-down)."""

    def __init__(self) -> None:
        self._venue: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        self._equipment: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)

    def venue_free(self, venue: Venue, start: datetime, end: datetime) -> bool:
        """No booking of `venue` comes closer than its buffer to [start, end)."""
        gap = timedelta(minutes=venue.buffer_minutes)
        return all(end + gap <= s or start >= e + gap for s, e in self._venue[venue.code])

    def equipment_free(self, items: Sequence[Equipment], start: datetime, end: datetime) -> bool:
        """Every item (quantity 1) is idle over [start, end) widened by its set-up and tear-down."""
        return all(
            all(
                b_end <= a_start or a_end <= b_start
                for b_start, b_end in self._equipment[item.code]
            )
            for item in items
            for a_start, a_end in [_busy(item, start, end)]
        )

    def book(
        self, venue: Venue, start: datetime, end: datetime, items: Sequence[Equipment] = ()
    ) -> None:
        """Take `venue` and `items` over [start, end)."""
        self._venue[venue.code].append((start, end))
        for item in items:
            self._equipment[item.code].append(_busy(item, start, end))


def _busy(item: Equipment, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    return (
        start - timedelta(minutes=item.setup_minutes),
        end + timedelta(minutes=item.teardown_minutes),
    )
