"""Dormitory rules, buildings, rooms and applicants for the dormitory tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from scheduler.demo.dorm_rules import demo_questions
from scheduler.i18n import TAIPEI
from scheduler.models import DormApplication, DormBuilding, DormRoom, Role, User
from scheduler.services import dorms
from tests.conftest import Factory

TODAY = date(2026, 3, 2)
# central 30 + rotated 10 + middle grade 10 + 5 years x 2 = 60 points
ANSWERS = {
    "household": "central",
    "posting": "rotated",
    "grade": "middle",
    "service_years": "5",
    "owns_home": "no",
}


def noon(day: date = TODAY) -> datetime:
    """Noon in Taipei on `day`, as an aware instant."""
    return datetime.combine(day, time(12), tzinfo=TAIPEI).astimezone(UTC)


def create_rules(session: Session) -> None:
    """The demo's five eligibility and points questions."""
    session.add_all(demo_questions())
    session.commit()


def create_building(
    session: Session, code: str = "XY", kind: str = "single", rooms: int = 0, **room: Any
) -> DormBuilding:
    """A building with `rooms` rooms numbered 0101, 0102 ... (room fields from `room`)."""
    building = DormBuilding(code=code, name_zh=f"{code}宿舍", name_en=f"{code} dorm", kind=kind)
    for n in range(1, rooms + 1):
        building.rooms.append(DormRoom(number=f"01{n:02d}", floor=1, **room))
    session.add(building)
    session.commit()
    return building


def create_applicant(factory: Factory, gender: str = "F", **overrides: Any) -> User:
    """A staff member with the resident role (who may apply)."""
    return factory.create_user(roles=(Role.RESIDENT,), gender=gender, **overrides)


def create_officer(factory: Factory) -> User:
    """A housing officer."""
    return factory.create_user(roles=(Role.HOUSING_OFFICER,))


def application_input(**overrides: Any) -> dorms.ApplicationInput:
    """A qualifying application (60 points) for building XY, women's floors."""
    values: dict[str, Any] = {
        "answers": dict(ANSWERS),
        "preferences": ["XY"],
        "gender": "F",
        "needs_accessible": False,
    }
    values.update(overrides)
    return dorms.ApplicationInput(**values)


def apply_verified(
    session: Session,
    officer: User,
    applicant: User,
    today: date = TODAY,
    **overrides: Any,
) -> DormApplication:
    """Apply and have the officer verify: the application waits on the list (committed)."""
    application = dorms.apply_for_room(session, applicant, application_input(**overrides), today)
    dorms.verify_application(session, officer, application.id)
    session.commit()
    return application
