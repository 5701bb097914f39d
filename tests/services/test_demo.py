"""The demo data reproduces the H1 2021 report: every figure is counted from the stored records."""

from __future__ import annotations

import itertools
import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db import make_engine, make_session_factory
from scheduler.demo import DemoDataError, load_demo
from scheduler.demo.users import DEMO_USERS
from scheduler.i18n import TAIPEI, local
from scheduler.models import (
    Agency,
    AuditEntry,
    BookingEquipment,
    Closure,
    DormApplication,
    DormBuilding,
    DormRoom,
    Lease,
    SurveyAnswer,
    Trip,
    Vehicle,
    Venue,
    VenueBooking,
)
from scheduler.services.accounts import authenticate
from scheduler.services.dorms.queue import occupied_room_ids, vacant_rooms
from tests.conftest import DEMO_TODAY

# Written out here rather than imported, so the test does not trust the generator's own calendar.
HOLIDAYS_2021 = {date(2021, 1, 1), date(2021, 3, 1), date(2021, 4, 2), date(2021, 4, 5),
                 date(2021, 4, 30), date(2021, 6, 14)} | {date(2021, 2, d) for d in range(10, 17)}  # fmt: skip
REPORT_DAY = date(2021, 6, 30)
TURNAROUND = timedelta(minutes=15)
HOLDING = ("approved", "completed", "no_show")  # statuses whose trip occupied its vehicle


def taipei(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TAIPEI)


def in_pool_over(vehicle: Vehicle, start: datetime, end: datetime) -> bool:
    """Enrolled, active and no recall or maintenance meeting [start, end)."""
    return (
        vehicle.in_pool
        and vehicle.active
        and not any(o.overlaps(start, end) for o in vehicle.outages)
    )


@contextmanager
def session_on_copy(source: Path, path: Path) -> Iterator[Session]:
    """A session on a copy of the database file `source`, so tests never touch the shared one."""
    shutil.copy(source, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


# The shared demo database, and one with another seed and a 'today' just after the history:
# the report's figures must not depend on either.
OTHER_SEED, OTHER_TODAY = 7, date(2021, 9, 4)


@dataclass
class Demo:
    session: Session
    today: date


@pytest.fixture(scope="module", params=["seed 2021", "seed 7 in September 2021"])
def demo(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_template: Path,
    migrated_template: Path,
) -> Iterator[Demo]:
    """A session on a private copy of a demo database, and the 'today' it was loaded for."""
    path = tmp_path_factory.mktemp("demo_read") / "demo.db"
    other = request.param != "seed 2021"
    with session_on_copy(migrated_template if other else demo_template, path) as session:
        if other:
            load_demo(session, seed=OTHER_SEED, today=OTHER_TODAY)
            session.commit()
        yield Demo(session, OTHER_TODAY if other else DEMO_TODAY)


@pytest.fixture(scope="module")
def db(demo: Demo) -> Session:
    return demo.session


@pytest.fixture(scope="module")
def today(demo: Demo) -> date:
    return demo.today


@pytest.fixture(scope="module")
def trips_2021(db: Session) -> list[Trip]:
    return list(
        db.scalars(
            select(Trip).where(
                Trip.start >= taipei(date(2021, 1, 1)), Trip.start < taipei(date(2021, 8, 1))
            )
        )
    )


# ---------------------------------------------------------------- fleet


def test_28_agencies_of_the_report(db: Session) -> None:
    agencies = {a.code: a for a in db.scalars(select(Agency))}
    assert len(agencies) == 28
    assert (agencies["SEC"].name_zh, agencies["SEC"].name_en) == ("秘書處", "Secretariat")
    assert agencies["CIV"].name_zh == "民政局"
    assert len({a.name_zh for a in agencies.values()}) == 28


def test_39_vehicles_of_21_agencies_enrolled_13_recalled(db: Session) -> None:
    enrolled = list(db.scalars(select(Vehicle).where(Vehicle.in_pool.is_(True))))
    assert len(enrolled) == 39
    assert len({v.agency_id for v in enrolled}) == 21
    recalled = [v for v in enrolled if any(o.kind == "recall" for o in v.outages)]
    assert len(recalled) == 13
    for vehicle in recalled:
        (recall,) = [o for o in vehicle.outages if o.kind == "recall"]
        assert recall.end is None  # until further notice
        assert taipei(date(2021, 1, 1)) <= recall.start < taipei(REPORT_DAY)
        assert "防疫" in recall.reason or "防汛" in recall.reason
    plates = list(db.scalars(select(Vehicle.plate)))
    assert len(set(plates)) == len(plates)


@pytest.mark.parametrize("when", ["report day", "today"])
def test_26_vehicles_of_18_agencies_in_the_pool(db: Session, today: date, when: str) -> None:
    day = REPORT_DAY if when == "report day" else today
    # Over the whole working day, so a maintenance stop at any hour would count.
    pool = [
        v for v in db.scalars(select(Vehicle)) if in_pool_over(v, taipei(day, 7), taipei(day, 21))
    ]
    assert len(pool) == 26
    assert len({v.agency_id for v in pool}) == 18


def test_secretariat_has_11_cars_and_a_motorcycle(db: Session) -> None:
    sec = db.scalars(select(Agency).where(Agency.code == "SEC")).one()
    kinds = [v.kind for v in db.scalars(select(Vehicle).where(Vehicle.agency_id == sec.id))]
    assert kinds.count("motorcycle") == 1
    assert len(kinds) - 1 == 11


def test_vehicle_kinds_seats_and_features(db: Session) -> None:
    pool = list(db.scalars(select(Vehicle).where(Vehicle.in_pool.is_(True))))
    vans = [v for v in pool if "van" in v.features]
    assert vans and all(7 <= v.seats <= 9 for v in vans)
    assert all(v.seats == 5 for v in pool if v.kind == "sedan")
    assert sum("accessible" in v.features for v in pool) == 1
    assert any("ev" in v.features for v in pool)
    assert all(v.driver_name and v.driver_phone and v.max_minutes_per_day for v in pool)


def test_3135_completed_trips_on_working_days(trips_2021: list[Trip]) -> None:
    completed = [t for t in trips_2021 if t.status == "completed"]
    assert len(completed) == 3135
    days = {local(t.start).date() for t in completed}
    assert all(d.weekday() < 5 and d not in HOLIDAYS_2021 for d in days)
    assert len(days) > 130  # spread over the working days, not bunched
    assert len({t.agency_id for t in completed}) >= 25
    assert any(t.status == "cancelled" for t in trips_2021)
    assert any(t.status == "no_show" for t in trips_2021)


def test_completed_trips_are_recorded_in_full(trips_2021: list[Trip]) -> None:
    for trip in (t for t in trips_2021 if t.status == "completed"):
        assert trip.vehicle_id is not None and trip.pickup and trip.destination and trip.purpose
        assert trip.passenger_names and trip.contact_phone
        assert trip.actual_start is not None and trip.actual_end is not None
        assert trip.start <= trip.actual_start < trip.actual_end <= trip.end
        assert trip.odometer_start is not None and trip.odometer_end is not None
        assert trip.odometer_end > trip.odometer_start


def test_each_trip_fits_its_vehicle_at_that_time(db: Session) -> None:
    for trip in db.scalars(select(Trip).where(Trip.status.in_(HOLDING))):
        vehicle = trip.vehicle
        assert vehicle is not None
        assert in_pool_over(vehicle, trip.start, trip.end), (trip.id, vehicle.code)
        assert vehicle.seats >= trip.passenger_count
        assert set(trip.needs) <= set(vehicle.features)
        assert trip.end - trip.start <= timedelta(minutes=vehicle.max_minutes_per_day or 10**6)


def test_no_vehicle_double_booked_and_daily_limits_kept(db: Session) -> None:
    by_vehicle: dict[int, list[Trip]] = defaultdict(list)
    minutes: dict[tuple[int, date], int] = defaultdict(int)
    for trip in db.scalars(select(Trip).where(Trip.status.in_(HOLDING))):
        assert trip.vehicle_id is not None
        by_vehicle[trip.vehicle_id].append(trip)
        minutes[(trip.vehicle_id, local(trip.start).date())] += trip.minutes
    for trips in by_vehicle.values():
        trips.sort(key=lambda t: t.start)
        for before, after in itertools.pairwise(trips):
            assert after.start >= before.end + TURNAROUND, (before.id, after.id)
            if before.odometer_end is not None and after.odometer_start is not None:
                assert after.odometer_start >= before.odometer_end
    limits = {v.id: v.max_minutes_per_day for v in db.scalars(select(Vehicle))}
    assert all(total <= (limits[vid] or 10**6) for (vid, _), total in minutes.items())


def test_97_percent_satisfied(db: Session, trips_2021: list[Trip]) -> None:
    ids = {t.id for t in trips_2021 if t.status == "completed"}
    surveys = [s for s in db.scalars(select(SurveyAnswer)) if s.trip_id in ids]
    answered = [s.rating for s in surveys if s.rating is not None]
    assert 0.5 <= len(answered) / len(ids) <= 0.7  # a good share, not all
    assert round(100 * sum(r >= 4 for r in answered) / len(answered)) == 97
    assert set(answered) == {1, 2, 3, 4, 5}
    assert any(s.comment for s in surveys)
    for survey in surveys:
        assert survey.expires_at == survey.sent_at + timedelta(days=30)
        assert (
            survey.answered_at is None or survey.sent_at <= survey.answered_at <= survey.expires_at
        )


def test_survey_tokens_unique_and_long(db: Session) -> None:
    tokens = list(db.scalars(select(SurveyAnswer.token)))
    assert len(set(tokens)) == len(tokens)
    assert min(len(t) for t in tokens) >= 32


# ---------------------------------------------------------------- venues


def venue_bookings(db: Session, *statuses: str) -> list[VenueBooking]:
    return list(db.scalars(select(VenueBooking).where(VenueBooking.status.in_(statuses))))


def test_h1_rentals_13_4_3_for_57000(db: Session) -> None:
    h1 = [
        b for b in venue_bookings(db, "completed")
        if taipei(date(2021, 1, 1)) <= b.start < taipei(date(2021, 7, 1))
        and b.venue and b.venue.kind in ("atrium", "plaza", "other")
    ]  # fmt: skip
    kinds = [b.venue.kind for b in h1 if b.venue]
    assert (kinds.count("atrium"), kinds.count("plaza"), kinds.count("other")) == (13, 4, 3)
    assert sum(b.fee for b in h1) == 57_000
    for booking in h1:
        assert booking.venue is not None and booking.fee_paid
        assert booking.fee == sum(f.amount for f in booking.venue.fees if f.applies_to_agencies)
        assert booking.start < taipei(date(2021, 5, 13))
        assert booking.purpose in ("policy", "public_interest", "cultural", "education")


def test_stage_9_lighting_7_saving_285000(db: Session) -> None:
    links = db.scalars(
        select(BookingEquipment)
        .join(VenueBooking)
        .where(VenueBooking.status == "completed", VenueBooking.start < taipei(date(2021, 7, 1)))
    ).all()
    uses = defaultdict(int)
    for link in links:
        uses[link.equipment.name_zh] += 1
        assert link.booking.venue is not None and link.booking.venue.kind == "atrium"
    assert uses == {"活動式舞臺": 9, "燈光音響設備": 7}
    assert sum(link.equipment.hire_cost for link in links) == 285_000


def test_equipment_never_double_booked_with_setup_and_teardown(db: Session) -> None:
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for booking in venue_bookings(db, "approved", "completed", "suspended"):
        for item in booking.equipment:
            busy[item.id].append(
                (booking.start - timedelta(minutes=item.setup_minutes),
                 booking.end + timedelta(minutes=item.teardown_minutes))
            )  # fmt: skip
    assert busy
    for windows in busy.values():
        windows.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(windows))


def test_venue_buffers_kept(db: Session) -> None:
    by_venue: dict[int, list[VenueBooking]] = defaultdict(list)
    for booking in venue_bookings(db, "approved", "completed"):
        assert booking.venue_id is not None
        by_venue[booking.venue_id].append(booking)
    for bookings in by_venue.values():
        bookings.sort(key=lambda b: b.start)
        for a, b in itertools.pairwise(bookings):
            assert a.venue is not None
            assert b.start >= a.end + timedelta(minutes=a.venue.buffer_minutes), (a.id, b.id)


def test_level_3_closure_suspends_and_refunds(db: Session) -> None:
    (closure,) = db.scalars(select(Closure)).all()
    assert closure.venue_id is None
    assert closure.start == taipei(date(2021, 5, 13))
    assert closure.end == taipei(date(2021, 7, 27))
    assert "第三級" in closure.reason
    rentals = [b for b in venue_bookings(db, "completed", "approved")
               if b.venue and b.venue.kind in ("atrium", "plaza", "other", "meeting_room", "conference_hall")]  # fmt: skip
    assert not any(closure.overlaps(b.start, b.end) for b in rentals)
    suspended = venue_bookings(db, "suspended")
    assert len(suspended) >= 2
    for booking in suspended:
        assert closure.overlaps(booking.start, booking.end)
        assert booking.fee > 0 and booking.refunded == booking.fee and booking.status_reason


def test_gallery_exhibition_may_to_august(db: Session) -> None:
    (show,) = [b for b in venue_bookings(db, "completed") if "第44屆" in b.title]
    assert show.venue is not None and show.venue.kind == "gallery"
    assert show.title == "第44屆 師生畫廊：臺北市立復興高級中學"
    assert (local(show.start).date(), local(show.end).date()) == (
        date(2021, 5, 1),
        date(2021, 8, 31),
    )
    assert show.fee == 0


def test_n206_streaming_from_may_and_named_halls(db: Session) -> None:
    venues = {v.code: v for v in db.scalars(select(Venue))}
    n206 = venues["N206"]
    assert n206.bookable_from == date(2021, 5, 3) and "streaming" in n206.features
    assert all(
        local(b.start).date() >= n206.bookable_from
        for b in db.scalars(select(VenueBooking).where(VenueBooking.venue_id == n206.id))
    )
    halls = {v.name_zh: v.floor for v in venues.values() if v.kind == "conference_hall"}
    assert halls == {"吳三連廳": "11F", "劉銘傳廳": "12F"}


# ---------------------------------------------------------------- dormitories


def test_123_rooms_119_held_4_vacant_at_end_of_june(db: Session) -> None:
    single = select(DormBuilding).where(DormBuilding.kind == "single")
    buildings = {b.code: b for b in db.scalars(single)}
    assert set(buildings) == {"XY", "XI"}  # the 3 family dormitories (眷舍) are not allocated
    rooms = [r for r in db.scalars(select(DormRoom)) if r.building.kind == "single"]
    assert len(rooms) == 123
    assert {r.gender for r in rooms} == {None, "F", "M"} and any(r.accessible for r in rooms)
    held = occupied_room_ids(db, REPORT_DAY)
    assert len(held) == 119
    assert len(vacant_rooms(db, REPORT_DAY)) == 4


def test_no_room_leased_twice_at_once_and_residents_fit(db: Session) -> None:
    by_room: dict[int, list[Lease]] = defaultdict(list)
    for lease in db.scalars(select(Lease).where(Lease.status != "cancelled")):
        by_room[lease.room_id].append(lease)
        if lease.room.gender:
            assert lease.resident.gender == lease.room.gender
    for leases in by_room.values():
        leases.sort(key=lambda l: l.start)
        for a, b in itertools.pairwise(leases):
            assert (a.moved_out_on or a.end) <= b.start, (a.id, b.id)


def test_lease_history_renewals_and_move_outs(db: Session, today: date) -> None:
    leases = {l.id: l for l in db.scalars(select(Lease))}
    renewals = [l for l in leases.values() if l.renewed_from_id]
    assert renewals and any(l.status == "ended" for l in leases.values())
    assert any(
        l.status == "ended" and l.moved_out_on and l.moved_out_on < today for l in leases.values()
    )
    for lease in renewals:
        old = leases[lease.renewed_from_id]
        assert old.status == "renewed" and old.end == lease.start
        assert (old.room_id, old.resident_id) == (lease.room_id, lease.resident_id)
    for lease in leases.values():
        assert (lease.end - lease.start).days in (730, 731)
        if lease.status == "active":
            assert lease.start <= today < lease.end


def test_vacancies_and_waiting_list_today(db: Session, today: date) -> None:
    assert 5 <= len(vacant_rooms(db, today)) <= 8
    waiting = list(db.scalars(select(DormApplication).where(DormApplication.status == "waiting")))
    assert 35 <= len(waiting) <= 45
    assert all(a.applied_on <= today and set(a.preferences) <= {"XY", "XI"} for a in waiting)
    statuses = set(db.scalars(select(DormApplication.status)))
    assert {"waiting", "housed", "withdrawn"} <= statuses


# ---------------------------------------------------------------- live work and sign-ins


def test_pending_work_after_today(db: Session, today: date) -> None:
    after = taipei(today + timedelta(days=1))
    requested = list(
        db.scalars(select(Trip).where(Trip.status == "requested", Trip.start >= after))
    )
    per_day = defaultdict(int)
    for trip in requested:
        per_day[local(trip.start).date()] += 1
        assert trip.vehicle_id is None
    assert len(per_day) == 5 and all(20 <= n <= 30 for n in per_day.values())
    assert any(t.urgent and t.urgent_reason in ("pandemic", "flood") for t in requested)
    assert db.scalars(
        select(Trip).where(Trip.status == "approved", Trip.start >= taipei(today))
    ).first()
    recent = db.scalars(
        select(Trip).where(
            Trip.status == "completed", Trip.start >= taipei(today - timedelta(days=7))
        )
    ).all()
    assert recent and any(t.survey and t.survey.rating is None for t in recent)
    venue_requests = [b for b in venue_bookings(db, "requested") if b.start >= after]
    assert len(venue_requests) >= 10 and all(b.candidates for b in venue_requests)
    assert any(b.equipment for b in venue_requests)
    assert all(b.start < taipei(today + timedelta(days=35)) for b in venue_requests)


def test_demo_users_sign_in_with_their_roles(db: Session, today: date) -> None:
    for demo in DEMO_USERS:
        user = authenticate(db, demo.username, demo.password)
        assert user is not None, demo.username
        assert user.roles == set(demo.roles) and user.agency.code == demo.agency_code
        assert demo.description
    assert authenticate(db, "admin", "wrong") is None
    resident = authenticate(db, "resident", "demo2021")
    assert resident is not None
    held = [
        l
        for l in db.scalars(select(Lease).where(Lease.resident_id == resident.id))
        if l.holds(today)
    ]
    assert len(held) == 1 and held[0].status == "active"
    applicant = authenticate(db, "applicant", "demo2021")
    assert applicant is not None
    assert db.scalars(select(DormApplication).where(
        DormApplication.applicant_id == applicant.id, DormApplication.status == "waiting")).one()  # fmt: skip


def test_audit_trail_records_recalls_and_closure(db: Session, today: date) -> None:
    entries = list(db.scalars(select(AuditEntry)))
    actions = [(e.action, e.object_type) for e in entries]
    assert actions.count(("recall", "VehicleOutage")) == 13
    assert ("create", "Closure") in actions and ("suspend", "VenueBooking") in actions
    assert any(action == "approve" for action, _ in actions)
    assert all(e.user_id is not None and e.at <= taipei(today, 23) for e in entries)


# ---------------------------------------------------------------- loading


def _rows(session: Session, model: Any) -> list[tuple[Any, ...]]:
    columns = [c for c in model.__table__.columns]
    rows = session.execute(select(*columns).order_by(model.__table__.c.id)).all()
    return [tuple(row) for row in rows]


def test_same_seed_same_records(
    tmp_path: Path, migrated_template: Path, demo_template: Path
) -> None:
    with (
        session_on_copy(migrated_template, tmp_path / "again.db") as again,
        session_on_copy(demo_template, tmp_path / "first.db") as first,
    ):
        load_demo(again, seed=2021, today=DEMO_TODAY)
        again.commit()
        for model in (Trip, Vehicle, VenueBooking, Lease, DormApplication, DormRoom):
            assert _rows(again, model) == _rows(first, model), model.__name__


@pytest.mark.parametrize(
    ("source", "day", "message"),
    [("demo", DEMO_TODAY, "already has agencies"), ("empty", date(2021, 7, 1), "today must be")],
)
def test_refuses_a_full_database_or_a_today_inside_the_history(
    tmp_path: Path,
    migrated_template: Path,
    demo_template: Path,
    source: str,
    day: date,
    message: str,
) -> None:
    template = demo_template if source == "demo" else migrated_template
    with (
        session_on_copy(template, tmp_path / "x.db") as session,
        pytest.raises(DemoDataError, match=message),
    ):
        load_demo(session, seed=2021, today=day)
