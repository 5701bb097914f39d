"""Venue booking rows, and the internal meetings that fill the meeting rooms and halls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from scheduler.demo.context import DemoContext
from scheduler.demo.venue_sheet import VenueSheet
from scheduler.demo.workdays import at
from scheduler.models import BookingEquipment, BookingStatus, Equipment, Venue, VenueBooking

MEETING_KINDS = ("meeting_room", "conference_hall")
RECENT_MEETING_DAYS = 10  # working days before `today` whose meetings the live part creates
# Fixed slots (minutes after midnight) keep a day's meetings apart by more than any room's buffer.
MEETING_SLOTS = ((9 * 60 + 30, 11 * 60 + 30), (14 * 60, 16 * 60), (16 * 60 + 30, 17 * 60 + 30))
MEETING_TITLES = (
    "業務會報", "專案審查會議", "跨局處協調會", "教育訓練", "預算審查會", "採購評選會議", "市政記者會",
    "工作坊", "主管會報", "視訊會議",
)  # fmt: skip
MEETING_AGENCIES = (
    "SEC",
    "CIV",
    "FIN",
    "EDU",
    "DOED",
    "PWD",
    "DOT",
    "SWD",
    "HLT",
    "CUL",
    "RDEC",
    "PER",
    "DOIT",
)


@dataclass
class BookingDraft:
    """What a booking row needs; `venue` None leaves the choice among `candidates` to the optimizer."""

    venue: Venue | None
    agency_code: str
    title: str
    purpose: str
    start: datetime
    end: datetime
    attendees: int
    status: BookingStatus
    fee: int = 0
    organiser: str = ""
    candidates: Sequence[str] = ()
    requires: Sequence[str] = ()
    equipment: Sequence[Equipment] = field(default_factory=tuple)


def booking_row(ctx: DemoContext, draft: BookingDraft) -> VenueBooking:
    """The VenueBooking for `draft`, requested a few weeks ahead; paid fees are marked paid."""
    created_at = at((draft.start - timedelta(days=ctx.rng.randint(7, 40))).date(), 10 * 60)
    booking = VenueBooking(
        venue=draft.venue,
        candidates=list(draft.candidates or ([draft.venue.code] if draft.venue else [])),
        agency=ctx.agencies[draft.agency_code],
        organiser=draft.organiser,
        requested_by=ctx.staff_of(draft.agency_code),
        title=draft.title,
        purpose=draft.purpose,
        start=draft.start,
        end=draft.end,
        attendees=draft.attendees,
        requires=list(draft.requires),
        status=draft.status.value,
        fee=draft.fee,
        fee_paid=draft.fee > 0
        and draft.status in (BookingStatus.COMPLETED, BookingStatus.SUSPENDED),
        created_at=created_at,
        updated_at=created_at,
    )
    booking.equipment_links = [BookingEquipment(equipment=item) for item in draft.equipment]
    return booking


def create_meetings(
    ctx: DemoContext,
    sheet: VenueSheet,
    venues: Sequence[Venue],
    days: Sequence[date],
    status: BookingStatus,
    share: float = 0.3,
) -> list[VenueBooking]:
    """Internal meetings (free for agencies) in the meeting rooms and halls on `days`."""
    rng = ctx.rng
    rooms = sorted((v for v in venues if v.kind in MEETING_KINDS), key=lambda v: v.code)
    bookings = []
    for day in days:
        for room in rooms:
            if room.bookable_from and day < room.bookable_from:
                continue
            for first, last in MEETING_SLOTS:
                start, end = at(day, first), at(day, last)
                if rng.random() >= share or not sheet.venue_free(room, start, end):
                    continue
                sheet.book(room, start, end)
                code = rng.choice(MEETING_AGENCIES)
                title = f"{ctx.agencies[code].name_zh}{rng.choice(MEETING_TITLES)}"
                attendees = rng.randint(max(1, room.capacity // 4), room.capacity)
                requires = (
                    ["streaming"] if "streaming" in room.features and rng.random() < 0.4 else []
                )
                draft = BookingDraft(room, code, title, "policy", start, end, attendees, status,
                                     requires=requires)  # fmt: skip
                bookings.append(booking_row(ctx, draft))
    return bookings
