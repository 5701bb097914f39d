"""Venues in 2021: the H1 rentals and equipment uses of the report, the level 3 closure, the gallery."""

from __future__ import annotations

from datetime import date, timedelta

from scheduler.demo.bookings import RECENT_MEETING_DAYS, BookingDraft, booking_row, create_meetings
from scheduler.demo.context import DemoContext
from scheduler.demo.venue_sheet import VenueSheet
from scheduler.demo.venues import session_fee
from scheduler.demo.workdays import at, previous_working_days, working_days
from scheduler.models import BookingStatus, Closure, Equipment, Venue, VenueBooking

CLOSURE_START = date(2021, 5, 13)  # all rentals suspended under pandemic alert level 3
CLOSURE_END = date(2021, 7, 27)  # alert lowered to level 2
CLOSURE_REASON = "疫情警戒第三級，暫停場地租借"
RENTALS_FIRST = date(2021, 1, 4)
# H1 2021 sessions by venue: "中庭13場次、市民廣場4場次、周邊場地3場次".
RENTALS = {"ATRIUM": 13, "PLAZA": 4, "SE-SQ": 2, "ARCADE": 1}
STAGE_USES, LIGHTING_USES = 9, 7
LUNAR_NEW_YEAR = (date(2021, 2, 8), date(2021, 2, 17))

EVENTS = {
    "policy": ("防疫新生活宣導展", "住宅政策說明會", "市政成果展", "參與式預算宣導", "交通安全宣導週"),
    "public_interest": ("市府捐血活動", "身心障礙者就業媒合會", "世界地球日環保市集", "反詐騙宣導", "器官捐贈宣導"),
    "cultural": ("臺北燈節市府展演", "原住民族文化展", "客家桐花祭開幕", "母親節感恩音樂會", "市民書法展"),
    "education": ("兒童節科學體驗營", "高中職多元展能展", "校園樂團聯合演出", "環境教育成果展"),
}  # fmt: skip
EVENT_AGENCIES = {
    "policy": ("SEC", "UDD", "DOT", "RDEC", "HLT"),
    "public_interest": ("SWD", "DOL", "DEP", "POL", "HLT"),
    "cultural": ("CUL", "TOUR", "IPC", "CIV"),
    "education": ("EDU", "DEP", "SPORT"),
}
SUSPENDED = (
    ("ATRIUM", date(2021, 5, 22), "public_interest", "SWD", "市府捐血活動"),
    ("PLAZA", date(2021, 6, 12), "cultural", "CUL", "端午節親子活動"),
)


def create_venue_history(
    ctx: DemoContext, venues: dict[str, Venue], equipment: dict[str, Equipment]
) -> list[VenueBooking]:
    """2021's venue records: rentals, the closure with its suspended bookings, gallery, meetings."""
    sheet = VenueSheet()
    bookings = _rentals(ctx, sheet, venues, equipment)
    ctx.session.add(
        Closure(
            venue_id=None,
            start=at(CLOSURE_START, 0),
            end=at(CLOSURE_END, 0),
            reason=CLOSURE_REASON,
            created_by_id=ctx.users["venues"].id,
            created_at=at(CLOSURE_START - timedelta(days=1), 18 * 60),
        )
    )
    bookings += [
        _suspended(ctx, venues[code], day, purpose, agency, title)
        for code, day, purpose, agency, title in SUSPENDED
    ]
    bookings.append(_gallery(ctx, venues["GALLERY"]))
    live_from = previous_working_days(ctx.today, RECENT_MEETING_DAYS)[
        0
    ]  # live.py goes on from there
    open_days = [
        day for day in working_days(date(2021, 1, 4), date(2021, 12, 30))
        if not CLOSURE_START <= day < CLOSURE_END and day < live_from
    ]  # fmt: skip
    bookings += create_meetings(
        ctx, sheet, list(venues.values()), open_days, BookingStatus.COMPLETED
    )
    return bookings


def _rentals(
    ctx: DemoContext, sheet: VenueSheet, venues: dict[str, Venue], equipment: dict[str, Equipment]
) -> list[VenueBooking]:
    """The 20 paid H1 sessions, each on its own day before the closure; stage and lights in the atrium."""
    rng = ctx.rng
    days = [RENTALS_FIRST + timedelta(days=n) for n in range((CLOSURE_START - RENTALS_FIRST).days)]
    days = [d for d in days if d.weekday() < 6 and not LUNAR_NEW_YEAR[0] <= d <= LUNAR_NEW_YEAR[1]]
    chosen = sorted(rng.sample(days, sum(RENTALS.values())))
    codes = [code for code, count in RENTALS.items() for _ in range(count)]
    rng.shuffle(codes)
    atrium_days = [day for day, code in zip(chosen, codes, strict=True) if code == "ATRIUM"]
    staged = set(rng.sample(atrium_days, STAGE_USES))
    lit = set(rng.sample(atrium_days, LIGHTING_USES))
    bookings = []
    for day, code in zip(chosen, codes, strict=True):
        venue = venues[code]
        purpose = rng.choice(list(EVENTS))
        start = at(day, rng.choice((10, 11, 13, 14)) * 60)
        end = start + timedelta(hours=rng.choice((2, 3, 4)))
        items = [equipment["STAGE"]] * (day in staged) + [equipment["LIGHTS"]] * (day in lit)
        assert sheet.venue_free(venue, start, end) and sheet.equipment_free(items, start, end)
        sheet.book(venue, start, end, items)
        draft = BookingDraft(
            venue, rng.choice(EVENT_AGENCIES[purpose]), rng.choice(EVENTS[purpose]), purpose,
            start, end, rng.randint(venue.capacity // 5, venue.capacity // 2),
            BookingStatus.COMPLETED, fee=session_fee(venue), equipment=items,
        )  # fmt: skip
        bookings.append(booking_row(ctx, draft))
    return bookings


def _suspended(
    ctx: DemoContext, venue: Venue, day: date, purpose: str, agency_code: str, title: str
) -> VenueBooking:
    """A session approved and paid before the closure, then suspended by it and refunded."""
    fee = session_fee(venue)
    draft = BookingDraft(venue, agency_code, title, purpose, at(day, 10 * 60), at(day, 16 * 60),
                         venue.capacity // 4, BookingStatus.SUSPENDED, fee=fee)  # fmt: skip
    booking = booking_row(ctx, draft)
    booking.refunded = fee
    booking.status_reason = f"{CLOSURE_REASON}；已全額退費 NT${fee:,}"
    booking.updated_at = at(CLOSURE_START, 9 * 60)
    return booking


def _gallery(ctx: DemoContext, venue: Venue) -> VenueBooking:
    """The 44th teacher-student exhibition, kept as the report records it although it spans the closure."""
    school = "臺北市立復興高級中學"
    draft = BookingDraft(venue, "EDU", f"第44屆 師生畫廊：{school}", "education",
                         at(date(2021, 5, 1), 9 * 60), at(date(2021, 8, 31), 17 * 60), 40,
                         BookingStatus.COMPLETED, organiser=school)  # fmt: skip
    return booking_row(ctx, draft)
