"""Leases after the offer: renewals within the term, move-in deadlines, the periodic closing and
reminders (each idempotent), notices to residents, room holds and the family dormitory reviews."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.errors import Conflict, DomainError
from scheduler.models import DormApplication, DormBuilding, Lease, Notification, User
from scheduler.services import dorms
from tests.conftest import Factory
from tests.dorms_factories import TODAY, create_applicant, create_building, create_officer, noon


@pytest.fixture
def officer(factory: Factory) -> User:
    return create_officer(factory)


def _lease(db: Session, room_id: int, resident: User, start: date, **extra: object) -> Lease:
    lease = Lease(
        room_id=room_id,
        resident_id=resident.id,
        start=start,
        end=dorms.periods.years_later(start, 2),
        status="active",
        moved_in_on=start,
        **extra,
    )
    db.add(lease)
    db.commit()
    return lease


@pytest.fixture
def room_id(db: Session) -> int:
    return create_building(db, "XY", rooms=2).rooms[0].id


def test_renewal_is_a_new_period(
    db: Session, factory: Factory, officer: User, room_id: int
) -> None:
    resident = create_applicant(factory)
    lease = _lease(db, room_id, resident, TODAY - timedelta(days=700))
    second = dorms.renew_lease(db, officer, lease.id)
    db.commit()
    assert (lease.status, second.status, second.start) == ("renewed", "active", lease.end)
    assert second.renewed_from_id == lease.id and second.holds(lease.end)
    assert dorms.lease_term(db, second).first_start == lease.start


def test_renewal_beyond_the_term_without_a_reason_is_refused(
    db: Session, factory: Factory, officer: User, room_id: int
) -> None:
    resident = create_applicant(factory)
    lease = _lease(db, room_id, resident, TODAY - timedelta(days=700))
    second = dorms.renew_lease(db, officer, lease.id)  # to 4 years: within the 5-year term
    with pytest.raises(DomainError) as refused:
        dorms.renew_lease(db, officer, second.id)  # to 6 years
    assert refused.value.field == "reason"
    third = dorms.renew_lease(db, officer, second.id, reason="專案延長")
    assert third.status == "active" and third.end == dorms.periods.years_later(lease.start, 6)


def test_move_out_before_an_early_renewal_cancels_it(
    db: Session, factory: Factory, officer: User, room_id: int
) -> None:
    resident = create_applicant(factory)
    lease = _lease(db, room_id, resident, TODAY - timedelta(days=700))
    renewal = dorms.renew_lease(db, officer, lease.id)
    ended = dorms.record_move_out(db, officer, renewal.id, TODAY)
    db.commit()
    assert ended.id == lease.id and ended.moved_out_on == TODAY and renewal.status == "cancelled"
    assert dorms.vacant_rooms(db, TODAY + timedelta(days=1))[0].id == room_id
    with pytest.raises(DomainError):
        dorms.record_move_out(db, officer, renewal.id, TODAY)


def test_periodic_closing_reminders_and_missed_move_ins_are_idempotent(
    db: Session, factory: Factory, room_id: int
) -> None:
    people = [create_applicant(factory) for _ in range(3)]
    rooms = create_building(db, "XI", rooms=3).rooms
    ended = _lease(db, rooms[0].id, people[0], TODAY - timedelta(days=731))
    ending = _lease(db, rooms[1].id, people[1], TODAY - timedelta(days=680))
    application = DormApplication(
        applicant_id=people[2].id, points=1, applied_on=TODAY, gender="F", status="housed"
    )
    db.add(application)
    db.commit()
    missed = _lease(
        db,
        rooms[2].id,
        people[2],
        TODAY - timedelta(days=20),
        application_id=application.id,
        move_in_by=TODAY - timedelta(days=5),
    )
    missed.moved_in_on = None
    db.commit()
    now = noon()
    assert dorms.close_ended_leases(db, now) == 1 and dorms.close_ended_leases(db, now) == 0
    assert ended.status == "ended" and ended.moved_out_on == ended.end
    assert dorms.remind_lease_ends(db, now) == 1 and dorms.remind_lease_ends(db, now) == 0
    assert ending.reminded_at is not None
    assert dorms.release_missed_move_ins(db, now) == 1
    assert dorms.release_missed_move_ins(db, now) == 0
    db.commit()
    assert missed.status == "forfeited" and application.status == "dropped"
    codes = set(db.scalars(select(Notification.code)))
    assert {"dorms.lease_ending", "dorms.move_in_missed"} <= codes


def test_notices_reach_the_building_or_everyone(
    db: Session, factory: Factory, officer: User, room_id: int
) -> None:
    other_room = create_building(db, "XI", rooms=1).rooms[0]
    here, there = create_applicant(factory), create_applicant(factory)
    mine = _lease(db, room_id, here, TODAY - timedelta(days=10))
    theirs = _lease(db, other_room.id, there, TODAY - timedelta(days=10))
    building = db.scalars(select(DormBuilding).where(DormBuilding.code == "XY")).one()
    dorms.post_notice(db, officer, "電梯保養", "週三停用", building.id, TODAY)
    dorms.post_notice(db, officer, "全面消毒", "", None, TODAY)
    db.commit()
    assert [n.title for n in dorms.notices.notices_for(db, mine)] == ["全面消毒", "電梯保養"]
    assert [n.title for n in dorms.notices.notices_for(db, theirs)] == ["全面消毒"]
    notes = db.scalars(select(Notification).where(Notification.code == "dorms.notice_posted"))
    assert sorted(n.user_id for n in notes) == sorted([here.id, here.id, there.id])
    for title, body in (
        ("", "x"),
        ("x" * 121, ""),
        ("ok", "y" * 2001),
        ("a\x00b", ""),
        ("ok", "\x07"),
    ):
        with pytest.raises(DomainError):
            dorms.post_notice(db, officer, title, body, None, TODAY)


def test_rooms_on_hold_stay_out_of_allocations(
    db: Session, factory: Factory, officer: User, room_id: int
) -> None:
    dorms.set_room_hold(db, officer, room_id, "repair", "浴室漏水", TODAY)
    db.commit()
    rows = {row.room.id: row.status for row in dorms.room_rows(db, TODAY)}
    assert rows[room_id] == "repair" and len(dorms.allocatable_rooms(db, TODAY)) == 1
    resident = create_applicant(factory)
    other = next(r for r in rows if r != room_id)
    _lease(db, other, resident, TODAY)
    with pytest.raises(Conflict):
        dorms.set_room_hold(db, officer, other, "reserved", "", TODAY)
    with pytest.raises(DomainError):
        dorms.set_room_hold(db, officer, room_id, "demolished", "", TODAY)


def test_family_dormitory_review(db: Session, factory: Factory, officer: User) -> None:
    family = create_building(db, "FA", kind="family", rooms=1)
    household = create_applicant(factory)
    lease = _lease(db, family.rooms[0].id, household, TODAY - timedelta(days=100))
    (row,) = dorms.households(db, TODAY)
    assert row.lease is not None and row.lease.id == lease.id and row.last_review is None
    checks = {name: True for name in dorms.CHECKS}
    review = dorms.review_stay(db, officer, lease.id, checks, "", TODAY)
    assert review.outcome == "qualifies" and review.next_review_on > TODAY  # type: ignore[operator]
    with pytest.raises(DomainError) as refused:
        dorms.review_stay(db, officer, lease.id, {**checks, "still_serving": False}, "", TODAY)
    assert refused.value.field == "note"
    dorms.review_stay(db, officer, lease.id, {**checks, "still_serving": False}, "已退休", TODAY)
    assert lease.move_out_notice_on == lease.end
    assert dorms.vacant_rooms(db, TODAY) == []  # family dormitories are never allocated
