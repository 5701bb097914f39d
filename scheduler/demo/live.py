"""Work around `today`, so every role finds something to do on signing in."""

from __future__ import annotations

from datetime import date, timedelta

from scheduler.demo.bookings import RECENT_MEETING_DAYS, BookingDraft, booking_row, create_meetings
from scheduler.demo.context import HISTORY_LAST, DemoContext
from scheduler.demo.dispatch import FleetCalendar
from scheduler.demo.surveys import answer, invitation
from scheduler.demo.trip_drafts import Era, draft_trip
from scheduler.demo.trips import (
    AGENCY_WEIGHTS,
    assign_odometers,
    later_readings,
    placed_draft,
    trip_row,
)
from scheduler.demo.venue_sheet import VenueSheet
from scheduler.demo.venues import session_fee
from scheduler.demo.workdays import at, is_working_day, next_working_days, previous_working_days
from scheduler.models import (
    BookingStatus,
    Equipment,
    Trip,
    TripStatus,
    Vehicle,
    Venue,
    VenueBooking,
)

LIVE_ERA = Era(AGENCY_WEIGHTS, pandemic=0.03, flood=0.03, urgent=1.0)
REQUESTS_PER_DAY = 25
REQUEST_DAYS = 5
APPROVED_TODAY, APPROVED_NEXT_DAY = 12, 10
RECENT_DAYS, RECENT_PER_DAY = 3, 18
RECENT_ANSWERED = 0.3

# (candidates, title, purpose, agency, attendees, requires, equipment codes, working day offset, hour, hours)
VenueRequest = tuple[list[str], str, str, str, int, list[str], list[str], int, int, int]
VENUE_REQUESTS: tuple[VenueRequest, ...] = (
    (["ATRIUM", "PLAZA"], "市府聯合徵才活動", "public_interest", "DOL", 200, [], ["STAGE", "LIGHTS"], 3, 10, 4),
    (["ATRIUM"], "世界愛滋病日宣導", "public_interest", "HLT", 120, [], ["STAGE"], 4, 13, 3),
    (["PLAZA", "SE-SQ"], "耶誕市集", "cultural", "DOED", 400, [], ["LIGHTS"], 8, 14, 4),
    (["ATRIUM", "ARCADE"], "原住民族手工藝展", "cultural", "IPC", 80, [], [], 6, 10, 6),
    (["ATRIUM"], "歲末音樂會", "cultural", "CUL", 250, [], ["STAGE", "LIGHTS"], 12, 14, 3),
    (["ATRIUM", "PLAZA"], "反詐騙宣導", "policy", "POL", 150, [], ["STAGE"], 12, 10, 3),
    (["SE-SQ", "ARCADE"], "捐血活動", "public_interest", "SWD", 60, [], [], 9, 9, 8),
    (["N206"], "市政記者會（網路直播）", "policy", "SEC", 80, ["streaming"], [], 2, 10, 2),
    (["N206", "WU"], "防災演練說明會", "policy", "FIRE", 100, ["microphones"], [], 5, 14, 2),
    (["WU", "LIU"], "預算審查協調會", "policy", "DBAS", 90, ["microphones"], [], 7, 9, 3),
    (["LIU", "WU"], "民政業務研習", "education", "CIV", 110, ["microphones"], [], 10, 13, 4),
    (["N203", "S508"], "社福個案研討", "policy", "SWD", 18, [], [], 1, 15, 2),
    (["E1204", "S508"], "資安教育訓練", "education", "DOIT", 15, [], [], 11, 9, 3),
    (["N206"], "線上公聽會", "policy", "UDD", 60, ["streaming"], [], 14, 14, 3),
    (["WU"], "警察局勤務會報", "policy", "POL", 120, ["microphones"], [], 16, 9, 2),
    (["ATRIUM", "PLAZA"], "健康城市博覽會", "public_interest", "HLT", 300, [], ["STAGE"], 18, 10, 5),
)  # fmt: skip


def create_live(
    ctx: DemoContext,
    vehicles: list[Vehicle],
    venues: dict[str, Venue],
    equipment: dict[str, Equipment],
    readings: dict[str, int],
) -> None:
    """Recent completed trips with open surveys, approved and requested trips, venue requests."""
    trips = _live_trips(ctx, FleetCalendar(vehicles))
    since = at(HISTORY_LAST, 18 * 60)
    assign_odometers(ctx.rng, trips, later_readings(readings, since, ctx.now))
    ctx.session.add_all(trips)
    for trip in trips:
        if trip.status == TripStatus.COMPLETED.value:
            survey = invitation(ctx.rng, trip)
            if ctx.rng.random() < RECENT_ANSWERED:
                answer(ctx.rng, survey, ctx.rng.choice((5, 5, 4)), latest=ctx.now)
            ctx.session.add(survey)
    ctx.session.add_all(_live_bookings(ctx, venues, equipment))


def _live_trips(ctx: DemoContext, calendar: FleetCalendar) -> list[Trip]:
    rng = ctx.rng
    trips = []
    for day in previous_working_days(ctx.today, RECENT_DAYS):
        for _ in range(RECENT_PER_DAY):
            draft, vehicle = placed_draft(ctx, calendar, day, LIVE_ERA)
            trips.append(trip_row(ctx, draft, TripStatus.COMPLETED, vehicle))
    approved_days = ([ctx.today] if is_working_day(ctx.today) else []) + next_working_days(
        ctx.today, 1
    )
    for day, count in zip(approved_days, (APPROVED_TODAY, APPROVED_NEXT_DAY), strict=False):
        for _ in range(count):
            draft, vehicle = placed_draft(ctx, calendar, day, LIVE_ERA)
            trips.append(trip_row(ctx, draft, TripStatus.APPROVED, vehicle))
    for day in next_working_days(ctx.today, REQUEST_DAYS):
        for _ in range(REQUESTS_PER_DAY):
            trips.append(trip_row(ctx, draft_trip(rng, day, LIVE_ERA), TripStatus.REQUESTED, None))
    latest = ctx.now - timedelta(hours=1)
    for trip in trips:  # nothing is requested after the demo's 'now'
        trip.created_at = trip.updated_at = min(trip.created_at, latest)
        if trip.actual_end is not None:
            trip.updated_at = trip.actual_end
    return sorted(trips, key=lambda t: (t.start, t.agency.code))


def _live_bookings(
    ctx: DemoContext, venues: dict[str, Venue], equipment: dict[str, Equipment]
) -> list[VenueBooking]:
    """Meetings past and coming, two approved events, and the venue requests of the next 4 weeks."""
    sheet = VenueSheet()
    rooms = list(venues.values())
    bookings = create_meetings(
        ctx,
        sheet,
        rooms,
        previous_working_days(ctx.today, RECENT_MEETING_DAYS),
        BookingStatus.COMPLETED,
    )
    coming = next_working_days(ctx.today, 20)
    bookings += create_meetings(ctx, sheet, rooms, coming[:15], BookingStatus.APPROVED, share=0.25)
    for offset, venue_code, items in ((1, "ATRIUM", ["STAGE", "LIGHTS"]), (3, "N206", [])):
        bookings.append(_approved_event(ctx, sheet, venues[venue_code], coming[offset],
                                        [equipment[c] for c in items]))  # fmt: skip
    for (
        candidates,
        title,
        purpose,
        agency,
        people,
        requires,
        items,
        offset,
        hour,
        hours,
    ) in VENUE_REQUESTS:
        start = at(coming[offset], hour * 60)
        draft = BookingDraft(None, agency, title, purpose, start, start + timedelta(hours=hours), people,
                             BookingStatus.REQUESTED, candidates=candidates, requires=requires,
                             equipment=[equipment[c] for c in items])  # fmt: skip
        bookings.append(booking_row(ctx, draft))
    latest = ctx.now - timedelta(hours=2)
    for booking in bookings:
        booking.created_at = booking.updated_at = min(booking.created_at, latest)
    return bookings


def _approved_event(
    ctx: DemoContext, sheet: VenueSheet, venue: Venue, day: date, items: list[Equipment]
) -> VenueBooking:
    """An approved event on the first free afternoon from `day` on."""
    titles = {
        "ATRIUM": ("臺北市政府年終成果展", "policy", "RDEC"),
        "N206": ("智慧城市論壇", "policy", "DOIT"),
    }
    title, purpose, agency = titles[venue.code]
    while True:
        start, end = at(day, 13 * 60 + 30), at(day, 16 * 60 + 30)
        if sheet.venue_free(venue, start, end) and sheet.equipment_free(items, start, end):
            break
        day += timedelta(days=1)
    sheet.book(venue, start, end, items)
    requires = ["streaming"] if "streaming" in venue.features else []
    draft = BookingDraft(venue, agency, title, purpose, start, end, venue.capacity // 2,
                         BookingStatus.APPROVED, fee=session_fee(venue), requires=requires,
                         equipment=items)  # fmt: skip
    return booking_row(ctx, draft)
