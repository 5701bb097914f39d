"""Staff dormitories: 123 single rooms with a lease history from 2012 to today, and the waiting list."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.demo.context import REPORT_DAY, DemoContext
from scheduler.demo.names import mobile_phone, person_name
from scheduler.models import DormApplication, DormBuilding, DormRoom, Lease, Role, User

# (code, 中文, English, rooms per floor, gender per floor from 1F, accessible room numbers)
BUILDINGS = (
    ("XY", "西園", "Xiyuan", 15, (None, "F", "F", "M", "M"), ("0101", "0102")),
    ("XI", "信義", "Xinyi", 12, (None, "F", "M", "M"), ("0101",)),
)  # 75 + 48 = 123 rooms
VACANT_ON_REPORT_DAY = 4  # "119間出借、4間待分配" at the end of June 2021
VACANT_TODAY = (5, 8)
WAITING = 40
WITHDRAWN = 12
HISTORY_START = date(2012, 1, 1)
LEASE_YEARS = 2  # the settings' default "dorms.lease_years"
PREFERENCES = (["XY", "XI"], ["XI", "XY"], ["XY"], ["XI"])


@dataclass
class Tenancy:
    """One resident's stay in one room: moved in, and moved out (None: still there today)."""

    room: DormRoom
    move_in: date
    move_out: date | None
    resident: User | None = None


def create_dorms(ctx: DemoContext) -> None:
    """Buildings, rooms, the residents' leases and applications, and today's waiting list."""
    rng = ctx.rng
    rooms = _create_rooms(ctx)
    vacant_report = set(rng.sample(range(len(rooms)), VACANT_ON_REPORT_DAY))
    vacant_today = set(rng.sample(range(len(rooms)), rng.randint(*VACANT_TODAY)))
    tenancies = [
        Tenancy(room, move_in, move_out)
        for i, room in enumerate(rooms)
        for move_in, move_out in _timeline(rng, i in vacant_report, i in vacant_today, ctx.today)
    ]
    _give_demo_resident(ctx, tenancies)
    applications = {id(t): _housed_application(ctx, t) for t in tenancies}
    applications_list = list(applications.values())
    applications_list += [_waiting_application(ctx, None, "withdrawn") for _ in range(WITHDRAWN)]
    applications_list += [_waiting_application(ctx, None, "waiting") for _ in range(WAITING - 1)]
    applications_list.append(_waiting_application(ctx, ctx.users["applicant"], "waiting"))
    ctx.session.add_all(applications_list)
    ctx.session.flush()  # leases point at applications and at the lease they renew
    chains = [_leases(ctx, t, applications[id(t)]) for t in tenancies]
    ctx.session.add_all([lease for chain in chains for lease in chain])
    ctx.session.flush()
    for chain in chains:
        for previous, lease in itertools.pairwise(chain):
            lease.renewed_from_id = previous.id


def _create_rooms(ctx: DemoContext) -> list[DormRoom]:
    rooms: list[DormRoom] = []
    for code, zh, en, per_floor, genders, accessible in BUILDINGS:
        building = DormBuilding(code=code, name_zh=zh, name_en=en, kind="single")
        for floor, gender in enumerate(genders, start=1):
            for n in range(1, per_floor + 1):
                number = f"{floor:02d}{n:02d}"
                building.rooms.append(
                    DormRoom(
                        number=number, floor=floor, gender=gender, accessible=number in accessible
                    )
                )
        ctx.session.add(building)
        rooms += building.rooms
    return rooms


def _timeline(
    rng: random.Random, vacant_on_report: bool, vacant_today: bool, today: date
) -> list[tuple[date, date | None]]:
    """A room's stays, random but vacant or held on the report day and today as asked."""
    stays: list[list[date]] = []
    cursor = HISTORY_START + timedelta(days=rng.randint(0, 900))
    while cursor <= today:
        length = timedelta(days=rng.randint(240, 2900))
        stays.append([cursor, cursor + length])
        gap = rng.randint(0, 20) if rng.random() < 0.7 else rng.randint(21, 150)
        cursor += length + timedelta(days=gap)
    _make_state(rng, stays, REPORT_DAY, vacant_on_report, keep=None)
    _make_state(rng, stays, today, vacant_today, keep=REPORT_DAY)
    return [(a, b if b <= today else None) for a, b in stays if a <= today]


def _make_state(
    rng: random.Random, stays: list[list[date]], day: date, vacant: bool, keep: date | None
) -> None:
    """Shorten or lengthen stays so `day` is vacant or held, leaving the room's state on `keep` alone."""
    covering = next((s for s in stays if s[0] <= day < s[1]), None)
    if vacant and covering is not None:
        lowest = covering[0] + timedelta(days=1)
        if keep is not None and covering[0] <= keep:
            lowest = max(lowest, keep + timedelta(days=1))
        if lowest > day:
            stays.remove(covering)  # it began on `day` itself: it never happened
        else:
            covering[1] = day - timedelta(days=rng.randint(0, min(60, (day - lowest).days)))
    elif not vacant and covering is None:
        before = [s for s in stays if s[1] <= day]
        lowest = before[-1][1] if before else HISTORY_START
        if keep is not None and lowest <= keep:
            lowest = keep + timedelta(days=1)
        start = day - timedelta(days=rng.randint(0, min(120, (day - lowest).days)))
        after = [s for s in stays if s[0] > day]
        if after:
            after[0][0] = start  # the next resident moved in earlier
        else:
            stays.append([start, day + timedelta(days=rng.randint(200, 2900))])


def _give_demo_resident(ctx: DemoContext, tenancies: list[Tenancy]) -> None:
    """The demo resident lives in a room open to her, with a lease that does not end soon; others get new people."""
    rng = ctx.rng
    current = [
        t for t in tenancies
        if t.move_out is None and t.room.gender in (None, "F") and not t.room.accessible
        and (ctx.today - t.move_in).days % (365 * LEASE_YEARS) < 400
    ]  # fmt: skip
    rng.choice(current).resident = ctx.users["resident"]
    for tenancy in tenancies:
        if tenancy.resident is None:
            tenancy.resident = _resident(
                ctx, tenancy.room.gender or rng.choice("FM"), tenancy.move_in
            )


def _resident(ctx: DemoContext, gender: str, since: date) -> User:
    rng = ctx.rng
    user = User(
        username=f"r{ctx.next_serial():04d}",
        password_hash=ctx.unknown_password_hash,
        display_name=person_name(rng, gender),
        phone=mobile_phone(rng),
        gender=gender,
        agency=ctx.agencies[rng.choice(list(ctx.agencies))],
        created_at=ctx.stamp(since - timedelta(days=200)),
    )
    user.email = f"{user.username}@mail.taipei.gov.tw"
    user.set_roles({Role.RESIDENT})
    return user


def _housed_application(ctx: DemoContext, tenancy: Tenancy) -> DormApplication:
    rng = ctx.rng
    assert tenancy.resident is not None
    building = tenancy.room.building.code
    other = "XI" if building == "XY" else "XY"
    return DormApplication(
        applicant=tenancy.resident,
        points=rng.randint(20, 95),
        applied_on=tenancy.move_in - timedelta(days=rng.randint(30, 420)),
        gender=tenancy.resident.gender or "F",
        needs_accessible=tenancy.room.accessible and rng.random() < 0.5,
        preferences=[building, other] if rng.random() < 0.6 else [building],
        status="housed",
        created_at=ctx.stamp(tenancy.move_in - timedelta(days=400)),
    )


def _waiting_application(ctx: DemoContext, user: User | None, status: str) -> DormApplication:
    """A waiting (or withdrawn) application; a new applicant unless `user` is given."""
    rng = ctx.rng
    applied_on = ctx.today - timedelta(days=rng.randint(5, 700))
    if user is None:
        user = _resident(ctx, rng.choice("FM"), applied_on)
    return DormApplication(
        applicant=user,
        points=rng.randint(5, 95),
        applied_on=applied_on,
        gender=user.gender or "F",
        needs_accessible=rng.random() < 0.05,
        preferences=list(rng.choice(PREFERENCES)),
        status=status,
        created_at=ctx.stamp(applied_on),
    )


def _leases(ctx: DemoContext, tenancy: Tenancy, application: DormApplication) -> list[Lease]:
    """Two-year leases from move-in: renewed while the resident stays, ended at move-out."""
    assert tenancy.resident is not None
    leases: list[Lease] = []
    start = tenancy.move_in
    while True:
        end = _years_later(start, LEASE_YEARS)
        lease = Lease(
            room=tenancy.room,
            resident=tenancy.resident,
            application_id=application.id if not leases else None,
            start=start,
            end=end,
            moved_in_on=tenancy.move_in,
            created_at=ctx.stamp(start - timedelta(days=14 if not leases else 30)),
        )
        leases.append(lease)
        if tenancy.move_out is not None and tenancy.move_out <= end:
            lease.status, lease.moved_out_on = "ended", tenancy.move_out
            return leases
        if tenancy.move_out is None and ctx.today < end:
            lease.status = "active"
            return leases
        lease.status = "renewed"
        start = end


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
