"""The whole dormitory cycle on a real database: apply, verify, allocate, approve, offer, accept,
lease, move out, reallocate; lapses pass rooms on; runs re-run to the same allocation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimize.check import check_priority_order
from scheduler.errors import Conflict, NotFound
from scheduler.models import DormApplication, Lease, Notification, OptimizationRun, PlanItem
from scheduler.services import dorms
from scheduler.services.messages import render
from scheduler.services.settings import set_setting
from tests.conftest import Factory
from tests.dorms_factories import (
    TODAY,
    apply_verified,
    create_applicant,
    create_building,
    create_officer,
    create_rules,
    noon,
)


@pytest.fixture
def setting(db: Session, factory: Factory) -> dict[str, object]:
    """Rules, one building with two rooms open to anyone, an officer."""
    create_rules(db)
    building = create_building(db, "XY", rooms=2)
    return {"officer": create_officer(factory), "building": building}


def _codes(db: Session, user_id: int) -> list[str]:
    return list(db.scalars(select(Notification.code).where(Notification.user_id == user_id)))


def test_apply_verify_allocate_approve_accept_move_out_and_reallocate(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    first, second, third = (create_applicant(factory) for _ in range(3))
    high = apply_verified(db, officer, first, answers={**_answers(), "service_years": "9"})
    middle = apply_verified(db, officer, second)
    low = apply_verified(db, officer, third, answers={**_answers(), "service_years": "1"})
    assert [a.id for a in dorms.waiting_list(db)] == [high.id, middle.id, low.id]
    assert (high.points, middle.points, low.points) == (68, 60, 52)

    run = dorms.run_allocation(db, officer, noon())
    db.commit()
    assert run.state == "draft" and run.kind == "dorms"
    housed = {i.item_id: i.resource_id for i in run.items if i.resource_id}
    assert set(housed) == {high.id, middle.id}
    waiting_item = next(i for i in run.items if i.item_id == low.id)
    assert waiting_item.reasons[0]["code"] == "dorms.needed_by_higher_ranked"
    assert render(waiting_item.reasons[0]["code"], waiting_item.reasons[0]["params"], "en") == (
        f"Every fitting room (2) goes to higher-ranked applicants: #{high.id}, #{middle.id}."
    )
    assert check_priority_order(run.progress["instance"], run.progress["solution"]) == []

    offers = dorms.approve_allocation(db, officer, run.id, noon())
    db.commit()
    assert {o.resident_id for o in offers} == {first.id, second.id}
    assert all(o.status == "offered" for o in offers)
    assert offers[0].offer_expires_at == noon(TODAY + timedelta(days=8)) - timedelta(hours=12)
    assert "dorms.offer_made" in _codes(db, first.id)
    assert run.state == "approved" and run.decided_by_id == officer.id

    offer = next(o for o in offers if o.resident_id == first.id)
    lease = dorms.accept_offer(db, first, offer.id, noon(TODAY + timedelta(days=2)))
    db.commit()
    assert lease.status == "active" and lease.start == TODAY + timedelta(days=2)
    assert (lease.end - lease.start).days in (730, 731)
    assert lease.move_in_by == lease.start + timedelta(days=15)
    assert db.get(DormApplication, high.id).status == "housed"  # type: ignore[union-attr]
    dorms.record_move_in(db, officer, lease.id, lease.start, lease.start)
    db.commit()

    declined = next(o for o in offers if o.resident_id == second.id)
    dorms.decline_offer(db, second, declined.id, noon(TODAY + timedelta(days=3)))
    db.commit()
    assert db.get(DormApplication, middle.id).status == "waiting"  # type: ignore[union-attr]

    moved_out = dorms.record_move_out(db, officer, lease.id, TODAY + timedelta(days=40))
    db.commit()
    assert moved_out.status == "ended" and not moved_out.holds(TODAY + timedelta(days=40))
    assert len(dorms.allocatable_rooms(db, TODAY + timedelta(days=41))) == 2

    again = dorms.run_allocation(db, officer, noon(TODAY + timedelta(days=41)))
    db.commit()
    assert {i.item_id for i in again.items if i.resource_id} == {middle.id, low.id}
    dorms.approve_allocation(db, officer, again.id, noon(TODAY + timedelta(days=41)))
    db.commit()
    assert db.get(DormApplication, low.id).status == "offered"  # type: ignore[union-attr]


def _answers() -> dict[str, str]:
    from tests.dorms_factories import ANSWERS

    return dict(ANSWERS)


def test_an_offer_that_lapses_passes_the_room_on(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    people = [create_applicant(factory) for _ in range(3)]
    apps = [
        apply_verified(db, officer, p, answers={**_answers(), "service_years": str(9 - n)})
        for n, p in enumerate(people)
    ]
    run = dorms.run_allocation(db, officer, noon())
    offers = dorms.approve_allocation(db, officer, run.id, noon())
    db.commit()
    assert dorms.expire_offers(db, noon(TODAY + timedelta(days=7))) == 0
    later = noon(TODAY + timedelta(days=8))
    assert dorms.expire_offers(db, later) == 2
    assert dorms.expire_offers(db, later) == 0  # idempotent
    db.commit()
    assert {o.status for o in offers} == {"lapsed"}
    assert {db.get(DormApplication, a.id).status for a in apps[:2]} == {"dropped"}  # type: ignore[union-attr]
    assert "dorms.offer_lapsed" in _codes(db, people[0].id)
    with pytest.raises(Conflict):
        dorms.accept_offer(db, people[0], offers[0].id, later)
    db.rollback()
    nxt = dorms.run_allocation(db, officer, later)
    assert [i.item_id for i in nxt.items if i.resource_id] == [apps[2].id]


def test_lapsed_offer_keeps_the_place_when_the_rule_says_so(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    set_setting(db, "dorms.on_lapse", "keep")
    app = apply_verified(db, officer, create_applicant(factory))
    run = dorms.run_allocation(db, officer, noon())
    dorms.approve_allocation(db, officer, run.id, noon())
    dorms.expire_offers(db, noon(TODAY + timedelta(days=9)))
    db.commit()
    assert db.get(DormApplication, app.id).status == "waiting"  # type: ignore[union-attr]


def test_a_recorded_run_re_runs_to_the_same_allocation(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    for n in range(4):
        apply_verified(
            db, officer, create_applicant(factory), answers={**_answers(), "service_years": str(n)}
        )
    run = dorms.run_allocation(db, officer, noon())
    db.commit()
    stored = run.progress
    assert stored["options"] == {"seed": 0, "workers": 1} and stored["instance"]["kind"] == "dorms"
    replay = dorms.replay(db, officer, run.id)
    assert replay.same and replay.fingerprint_matches and replay.violations == []
    assert replay.assignments == stored["solution"]["assignments"]


def test_the_database_refuses_a_room_or_a_person_twice(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    room = setting["building"].rooms[0]  # type: ignore[attr-defined]
    a, b = create_applicant(factory), create_applicant(factory)
    end = TODAY + timedelta(days=700)
    db.add(Lease(room_id=room.id, resident_id=a.id, start=TODAY, end=end, status="offered"))
    db.commit()
    db.add(Lease(room_id=room.id, resident_id=b.id, start=TODAY, end=end, status="active"))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    other = setting["building"].rooms[1]  # type: ignore[attr-defined]
    db.add(Lease(room_id=other.id, resident_id=a.id, start=TODAY, end=end, status="active"))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    db.add(Lease(room_id=room.id, resident_id=b.id, start=TODAY, end=end, status="declined"))
    db.commit()  # a declined offer holds nothing


def test_approving_twice_or_a_stale_proposal_is_refused(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    apply_verified(db, officer, create_applicant(factory))
    first = dorms.run_allocation(db, officer, noon())
    second = dorms.run_allocation(db, officer, noon())
    dorms.approve_allocation(db, officer, first.id, noon())
    db.commit()
    with pytest.raises(Conflict):
        dorms.approve_allocation(db, officer, first.id, noon())
    with pytest.raises(Conflict):
        dorms.approve_allocation(db, officer, second.id, noon())  # its applicant is offered now
    db.rollback()
    assert len(db.scalars(select(Lease).where(Lease.status == "offered")).all()) == 1
    assert db.get(OptimizationRun, second.id).state == "draft"  # type: ignore[union-attr]
    assert db.scalars(select(PlanItem).where(PlanItem.run_id == second.id)).all()


def test_nobody_answers_another_persons_offer_or_reads_their_application(
    db: Session, factory: Factory, setting: dict[str, object]
) -> None:
    officer = setting["officer"]
    owner, other = create_applicant(factory), create_applicant(factory)
    app = apply_verified(db, officer, owner)
    run = dorms.run_allocation(db, officer, noon())
    (offer,) = dorms.approve_allocation(db, officer, run.id, noon())
    db.commit()
    for call in (
        lambda: dorms.accept_offer(db, other, offer.id, noon()),
        lambda: dorms.decline_offer(db, other, offer.id, noon()),
        lambda: dorms.own_application(db, other, app.id),
        lambda: dorms.own_lease(db, other, offer.id),
        lambda: dorms.withdraw_application(db, other, app.id),
    ):
        with pytest.raises(NotFound):
            call()
    assert offer.status == "offered"
