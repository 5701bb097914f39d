"""Trips: the 3,135 completed in January-July 2021, with a few cancelled and no-show ones."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from scheduler.demo.context import HISTORY_FIRST, HISTORY_LAST, DemoContext
from scheduler.demo.dispatch import FleetCalendar
from scheduler.demo.trip_drafts import Era, TripDraft, draft_trip
from scheduler.demo.workdays import at, previous_working_days, working_days
from scheduler.models import Trip, TripStatus, Vehicle

COMPLETED_2021 = 3135  # "本年截至110年7月已執行3,135次調派任務"
CANCELLED_2021 = 48
NO_SHOW_2021 = 14
URGENT_PRIORITY = 3  # the settings' default "fleet.urgent_priority"
LEVEL_3_ALERT = date(2021, 5, 12)  # Taipei's pandemic duties rose from mid-May 2021
FLOOD_SEASON = date(2021, 6, 1)

AGENCY_WEIGHTS = {
    "SEC": 8, "CIV": 5, "HLT": 4, "SWD": 3, "EDU": 3, "PWD": 3, "DOT": 3, "CUL": 3, "DOED": 3,
    "FIN": 2, "UDD": 2, "DEP": 2, "LAND": 2, "TOUR": 2, "RDEC": 2, "DOIT": 2, "PER": 2,
    "LAW": 2, "POL": 2, "DOL": 2, "FIRE": 1, "DORTS": 1, "SPORT": 1, "ETH": 1, "TWD": 1,
    "IPC": 1, "TRTC": 1, "DBAS": 1,
}  # fmt: skip
CANCEL_REASONS = ("會議取消", "改以視訊方式辦理", "行程異動", "改搭大眾運輸", "活動延期")
NO_SHOW_REASON = "乘客逾時未到"


def era_of(day: date) -> Era:
    """2021's mix of duties: pandemic work from the level 3 alert, flood duty from June."""
    if day < LEVEL_3_ALERT:
        return Era(AGENCY_WEIGHTS, pandemic=0.08, flood=0.0, urgent=0.3)
    weights = {**AGENCY_WEIGHTS, "HLT": 9, "CIV": 7, "SWD": 5}
    return Era(weights, pandemic=0.35, flood=0.12 if day >= FLOOD_SEASON else 0.0, urgent=0.5)


def spread_counts(rng: random.Random, total: int, buckets: int) -> list[int]:
    """`total` split over `buckets` unevenly but summing exactly (largest remainders)."""
    weights = [rng.uniform(0.75, 1.25) for _ in range(buckets)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(buckets), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def placed_draft(
    ctx: DemoContext, calendar: FleetCalendar, day: date, era: Era
) -> tuple[TripDraft, Vehicle]:
    """A request on `day` that a pooled vehicle can take, booked on `calendar`."""
    for _ in range(500):
        draft = draft_trip(ctx.rng, day, era)
        vehicle = calendar.place(
            ctx.rng, draft.start, draft.end, draft.passengers, draft.needs,
            ctx.agencies[draft.agency_code],
        )  # fmt: skip
        if vehicle is not None:
            return draft, vehicle
    raise RuntimeError(f"demo fleet cannot take another trip on {day}")


def trip_row(
    ctx: DemoContext, draft: TripDraft, status: TripStatus, vehicle: Vehicle | None
) -> Trip:
    """The Trip for `draft`; completed trips get actual times (inside the booked slot)."""
    requested_on = previous_working_days(draft.start.date(), 1)[0]
    created_at = at(requested_on, ctx.rng.randint(9 * 60, 17 * 60))
    trip = Trip(
        agency=ctx.agencies[draft.agency_code],
        requested_by=ctx.staff_of(draft.agency_code),
        status=status.value,
        start=draft.start,
        end=draft.end,
        pickup="臺北市政府",
        destination=draft.destination,
        purpose=draft.purpose,
        passenger_count=draft.passengers,
        passenger_names=draft.passenger_names,
        contact_name=draft.contact_name,
        contact_phone=draft.contact_phone,
        contact_email=draft.contact_email,
        needs=list(draft.needs),
        urgent=bool(draft.urgent_reason),
        urgent_reason=draft.urgent_reason,
        priority=URGENT_PRIORITY if draft.urgent_reason else 1,
        vehicle=vehicle,
        created_at=created_at,
        updated_at=created_at,
    )
    if status is TripStatus.COMPLETED:
        # Actual times stay inside the booked slot, so they keep the turnaround too.
        trip.actual_start = draft.start + timedelta(minutes=ctx.rng.randint(0, 6))
        trip.actual_end = draft.end - timedelta(minutes=ctx.rng.randint(0, 12))
        trip.updated_at = trip.actual_end
    return trip


def create_history(ctx: DemoContext, vehicles: list[Vehicle]) -> list[Trip]:
    """January to July 2021: 3,135 completed trips over the working days, and the misses."""
    rng = ctx.rng
    calendar = FleetCalendar(vehicles)
    days = working_days(HISTORY_FIRST, HISTORY_LAST)
    trips: list[Trip] = []
    for day, count in zip(days, spread_counts(rng, COMPLETED_2021, len(days)), strict=True):
        for _ in range(count):
            draft, vehicle = placed_draft(ctx, calendar, day, era_of(day))
            trips.append(trip_row(ctx, draft, TripStatus.COMPLETED, vehicle))
    for day in sorted(rng.choices(days, k=NO_SHOW_2021)):
        draft, vehicle = placed_draft(ctx, calendar, day, era_of(day))
        trip = trip_row(ctx, draft, TripStatus.NO_SHOW, vehicle)
        trip.cancel_reason = NO_SHOW_REASON
        trips.append(trip)
    for day in sorted(rng.choices(days, k=CANCELLED_2021)):
        trip = trip_row(ctx, draft_trip(rng, day, era_of(day)), TripStatus.CANCELLED, None)
        trip.cancel_reason = rng.choice(CANCEL_REASONS)
        trips.append(trip)
    trips.sort(key=lambda t: (t.start, t.agency.code))
    return trips


def assign_odometers(
    rng: random.Random, trips: Iterable[Trip], readings: dict[str, int]
) -> dict[str, int]:
    """Odometer readings for completed trips, continuing `readings` (by vehicle code) in time order."""
    done = [t for t in trips if t.status == TripStatus.COMPLETED.value and t.vehicle is not None]
    for trip in sorted(done, key=lambda t: (t.vehicle.code if t.vehicle else "", t.start)):
        assert trip.vehicle is not None and trip.actual_start and trip.actual_end
        minutes = (trip.actual_end - trip.actual_start).total_seconds() / 60
        reading = readings.setdefault(trip.vehicle.code, rng.randint(12_000, 90_000))
        trip.odometer_start = reading
        trip.odometer_end = reading + max(2, round(minutes * rng.uniform(0.12, 0.4)))
        readings[trip.vehicle.code] = trip.odometer_end
    return readings


def later_readings(readings: dict[str, int], since: datetime, until: datetime) -> dict[str, int]:
    """Readings moved on by about 30 km a working day for the years the demo does not record."""
    days = max(0, (until - since).days)
    return {code: km + days * 30 * 5 // 7 for code, km in readings.items()}
