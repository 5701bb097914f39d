"""The admin services on their own: the rules they enforce and the audit entries they write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.errors import DomainError
from scheduler.models import AuditEntry, DormBuilding, DormRoom, Role, User, Vehicle, VehicleOutage
from scheduler.services.admin.fleet import add_outage, end_outage, remove_outage, save_vehicle
from scheduler.services.admin.resources import (
    save_agency,
    save_building,
    save_room,
    search_page,
    set_active,
)
from scheduler.services.admin.users import save_user, set_user_active

T0 = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)


@pytest.fixture
def actor(factory: Any) -> User:
    user: User = factory.create_user(roles=(Role.ADMIN,))
    return user


@pytest.fixture
def vehicle(db: Session, actor: User) -> Vehicle:
    car = save_vehicle(
        db,
        actor,
        None,
        code="V01",
        plate="ABC-1234",
        agency_id=actor.agency_id,
        kind="sedan",
        seats=4,
        features=["ev"],
        max_minutes_per_day=None,
        driver_name="",
        driver_phone="",
        in_pool=True,
    )
    db.commit()
    return car


def _audit(db: Session, object_type: str) -> list[AuditEntry]:
    return list(
        db.scalars(
            select(AuditEntry).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
        )
    )


def test_codes_are_unique_ignoring_letter_case(db: Session, actor: User) -> None:
    save_agency(db, actor, None, code="CIV", name_zh="民政局", name_en="Civil Affairs")
    with pytest.raises(DomainError) as refused:
        save_agency(db, actor, None, code="civ", name_zh="x", name_en="x")
    assert refused.value.field == "code"


def test_an_update_records_only_what_changed(db: Session, actor: User) -> None:
    agency = save_agency(db, actor, None, code="CIV", name_zh="民政局", name_en="Civil Affairs")
    save_agency(
        db, actor, agency, code="CIV", name_zh="民政局", name_en="Civil Affairs"
    )  # no change: no entry
    save_agency(db, actor, agency, code="CIV", name_zh="民政局", name_en="Dept. of Civil Affairs")
    entries = _audit(db, "Agency")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].detail["changes"] == {"name_en": ["Civil Affairs", "Dept. of Civil Affairs"]}
    assert entries[1].summary == "CIV" and entries[1].user_id == actor.id


def test_room_numbers_are_unique_within_a_building_only(db: Session, actor: User) -> None:
    xy = save_building(db, actor, None, code="XY", name_zh="西園", name_en="Xiyuan", kind="single")
    xi = save_building(db, actor, None, code="XI", name_zh="信義", name_en="Xinyi", kind="single")
    save_room(
        db, actor, None, building_id=xy.id, number="0301", floor=3, gender="F", accessible=False
    )
    save_room(
        db, actor, None, building_id=xi.id, number="0301", floor=3, gender="", accessible=True
    )
    with pytest.raises(DomainError) as refused:
        save_room(
            db,
            actor,
            None,
            building_id=xy.id,
            number="0301",
            floor=3,
            gender=None,
            accessible=False,
        )
    assert refused.value.field == "number"
    genders = dict(
        db.execute(select(DormBuilding.code, DormRoom.gender).join(DormRoom.building)).all()
    )
    assert genders == {"XY": "F", "XI": None}


def test_retire_and_reactivate_are_audited_and_idempotent(db: Session, actor: User) -> None:
    agency = save_agency(db, actor, None, code="CIV", name_zh="民政局", name_en="Civil Affairs")
    set_active(db, actor, agency, False)
    set_active(db, actor, agency, False)
    assert agency.active is False
    set_active(db, actor, agency, True)
    assert [e.action for e in _audit(db, "Agency")] == ["create", "retire", "reactivate"]


def test_nobody_retires_themselves_or_drops_their_own_admin_role(db: Session, actor: User) -> None:
    with pytest.raises(DomainError):
        set_user_active(db, actor, actor, False)
    with pytest.raises(DomainError) as refused:
        save_user(
            db,
            actor,
            actor,
            username=actor.username,
            display_name="x",
            email="",
            phone="",
            agency_id=actor.agency_id,
            gender=None,
            roles=["dispatcher"],
            password=None,
        )
    assert refused.value.field == "roles"
    assert actor.active and Role.ADMIN in actor.roles


@pytest.mark.parametrize(
    ("password", "roles", "field"),
    [
        ("short", ["resident"], "password"),
        (None, ["resident"], "password"),
        ("long enough!", [], "roles"),
    ],
)
def test_new_users_need_a_long_password_and_a_role(
    db: Session, actor: User, password: str | None, roles: list[str], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        save_user(
            db,
            actor,
            None,
            username="new.user",
            display_name="New",
            email="",
            phone="",
            agency_id=actor.agency_id,
            gender="",
            roles=roles,
            password=password,
        )
    assert refused.value.field == field
    assert db.scalar(select(func.count()).select_from(User).where(User.username == "new.user")) == 0


@pytest.mark.parametrize(
    ("start_h", "end_h", "refused"),
    [
        (-5, 0, False),  # ends where the existing one starts (half-open periods)
        (24, 30, False),  # starts where it ends
        (-5, 1, True),
        (23, 30, True),
        (2, 3, True),  # inside
        (-5, 30, True),  # around
        (25, None, False),  # open-ended, after it
        (-5, None, True),  # open-ended, from before it
    ],
)
def test_outages_of_one_vehicle_never_overlap(
    db: Session, actor: User, vehicle: Vehicle, start_h: int, end_h: int | None, refused: bool
) -> None:
    add_outage(
        db, actor, vehicle, kind="recall", start=T0, end=T0 + timedelta(hours=24), reason="flood"
    )
    end = T0 + timedelta(hours=end_h) if end_h is not None else None
    attempt = {
        "kind": "maintenance",
        "start": T0 + timedelta(hours=start_h),
        "end": end,
        "reason": "x",
    }
    if refused:
        with pytest.raises(DomainError) as error:
            add_outage(db, actor, vehicle, **attempt)
        assert error.value.field == "start"
    else:
        add_outage(db, actor, vehicle, **attempt)
    assert len(vehicle.outages) == (1 if refused else 2)


def test_an_open_outage_blocks_everything_after_it(
    db: Session, actor: User, vehicle: Vehicle
) -> None:
    add_outage(db, actor, vehicle, kind="recall", start=T0, end=None, reason="pandemic")
    with pytest.raises(DomainError):
        add_outage(
            db,
            actor,
            vehicle,
            kind="maintenance",
            start=T0 + timedelta(days=400),
            end=None,
            reason="x",
        )


def test_end_now_and_remove_follow_time(db: Session, actor: User, vehicle: Vehicle) -> None:
    running = add_outage(
        db, actor, vehicle, kind="recall", start=T0, end=T0 + timedelta(days=5), reason="flood"
    )
    later = add_outage(
        db,
        actor,
        vehicle,
        kind="maintenance",
        start=T0 + timedelta(days=10),
        end=T0 + timedelta(days=11),
        reason="service",
    )
    now = T0 + timedelta(days=1)
    with pytest.raises(DomainError):
        remove_outage(db, actor, running, now)  # started: its history stays
    with pytest.raises(DomainError):
        end_outage(db, actor, later, now)  # not started: remove it instead
    end_outage(db, actor, running, now)
    assert running.end == now
    with pytest.raises(DomainError):
        end_outage(db, actor, running, now + timedelta(hours=1))  # already over
    later_id = later.id
    remove_outage(db, actor, later, now)
    db.commit()
    assert [o.id for o in db.scalars(select(VehicleOutage))] == [running.id]
    assert [(e.action, e.object_id) for e in _audit(db, "VehicleOutage")] == [
        ("end", running.id),
        ("remove", later_id),
    ]


def test_vehicle_plates_are_unique_and_features_known(
    db: Session, actor: User, vehicle: Vehicle
) -> None:
    base: dict[str, Any] = {
        "code": "V02",
        "plate": "XYZ-0001",
        "agency_id": actor.agency_id,
        "kind": "van",
        "seats": 8,
        "features": [],
        "max_minutes_per_day": None,
        "driver_name": "",
        "driver_phone": "",
        "in_pool": True,
    }
    with pytest.raises(DomainError) as refused:
        save_vehicle(db, actor, None, **{**base, "plate": "abc-1234"})
    assert refused.value.field == "plate"
    with pytest.raises(DomainError) as refused:
        save_vehicle(db, actor, None, **{**base, "features": ["jetpack"]})
    assert refused.value.field == "features"
    car = save_vehicle(db, actor, None, **{**base, "features": ["accessible", "van"]})
    assert car.features == ["van", "accessible"]


def test_search_page_filters_sorts_and_escapes_wildcards(db: Session, actor: User) -> None:
    for code in ("B_2", "B12", "A_1"):
        save_agency(db, actor, None, code=code, name_zh=code, name_en=code)
    from scheduler.models import Agency

    stmt = select(Agency).order_by(Agency.code)
    page = search_page(db, stmt, "_", (Agency.code,))
    assert [a.code for a in page.rows] == ["A_1", "B_2"]  # "_" is a character, not a wildcard
    page = search_page(db, stmt, "", (Agency.code,), number=2, size=2)
    assert page.total == 4 and page.pages == 2 and len(page.rows) == 2
