"""Venues, their fee schedules and the lendable equipment of Taipei City Hall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scheduler.demo.context import DemoContext
from scheduler.models import Equipment, Venue, VenueFee


@dataclass(frozen=True)
class VenueSpec:
    """One venue as the demo creates it; `fee` is NT$ per session (0: no fee line)."""

    code: str
    name_zh: str
    name_en: str
    kind: str
    floor: str
    capacity: int
    features: tuple[str, ...] = ()
    buffer_minutes: int = 15
    bookable_from: date | None = None
    fee: int = 0


# Fees are chosen so the report's H1 2021 sessions (13 atrium, 4 plaza, 3 other) sum to NT$57,000.
VENUES: tuple[VenueSpec, ...] = (
    VenueSpec("ATRIUM", "市政大樓1樓中庭", "City Hall 1F Atrium", "atrium", "1F", 300, (), 120, fee=3000),
    VenueSpec("PLAZA", "市民廣場", "Citizen Plaza", "plaza", "", 2000, (), 120, fee=3000),
    VenueSpec("SE-SQ", "市政大樓東南側廣場", "South-east Square", "other", "", 500, (), 120, fee=2000),
    VenueSpec("ARCADE", "市政大樓北側騎樓", "North Arcade", "other", "1F", 150, (), 60, fee=2000),
    VenueSpec("GALLERY", "1樓師生畫廊", "1F Teacher-Student Gallery", "gallery", "1F", 60, (), 60),
    VenueSpec("N206", "N206 大型會議室", "Meeting Room N206 (large)", "meeting_room", "2F", 120,
              ("streaming", "projector", "microphones"), 15, date(2021, 5, 3)),
    VenueSpec("WU", "吳三連廳", "Wu San-lien Hall", "conference_hall", "11F", 150,
              ("microphones", "projector"), 30),
    VenueSpec("LIU", "劉銘傳廳", "Liu Ming-chuan Hall", "conference_hall", "12F", 120,
              ("microphones", "projector"), 30),
    VenueSpec("N203", "N203 會議室", "Meeting Room N203", "meeting_room", "2F", 30, ("projector",)),
    VenueSpec("S508", "S508 會議室", "Meeting Room S508", "meeting_room", "5F", 20, ("projector",)),
    VenueSpec("E1204", "E1204 會議室", "Meeting Room E1204", "meeting_room", "12F", 16),
)  # fmt: skip
OUTSIDE_GROUP_HALL_FEE = 6000  # conference halls charge outside groups only

# hire_cost: what one use would cost hired outside; 9 stage + 7 lighting uses = NT$285,000 saved.
EQUIPMENT = (
    ("STAGE", "活動式舞臺", "Mobile stage", 120, 60, 20_000),
    ("LIGHTS", "燈光音響設備", "Lighting and audio set", 90, 60, 15_000),
)


def create_venues(ctx: DemoContext) -> tuple[dict[str, Venue], dict[str, Equipment]]:
    """Add the venues with their fee lines and the equipment; both returned by code."""
    venues: dict[str, Venue] = {}
    for spec in VENUES:
        venue = Venue(
            code=spec.code,
            name_zh=spec.name_zh,
            name_en=spec.name_en,
            kind=spec.kind,
            floor=spec.floor,
            capacity=spec.capacity,
            features=list(spec.features),
            buffer_minutes=spec.buffer_minutes,
            bookable_from=spec.bookable_from,
        )
        if spec.fee:
            venue.fees.append(VenueFee(label="每場次（4小時內）", unit="session", amount=spec.fee))
        if spec.kind == "conference_hall":
            venue.fees.append(
                VenueFee(label="外部團體每場次", unit="session", amount=OUTSIDE_GROUP_HALL_FEE,
                         applies_to_agencies=False)
            )  # fmt: skip
        venues[spec.code] = venue
    equipment = {
        code: Equipment(
            code=code,
            name_zh=zh,
            name_en=en,
            quantity=1,
            setup_minutes=setup,
            teardown_minutes=teardown,
            hire_cost=cost,
        )
        for code, zh, en, setup, teardown, cost in EQUIPMENT
    }
    ctx.session.add_all([*venues.values(), *equipment.values()])
    return venues, equipment


def session_fee(venue: Venue) -> int:
    """What an agency pays for one session of `venue` (its fee schedule; 0 when free)."""
    return sum(
        fee.amount for fee in venue.fees if fee.unit == "session" and fee.applies_to_agencies
    )
