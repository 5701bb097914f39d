"""The demo's dormitory records beyond the 2021 report: rules, answers, applications to verify,
the family dormitories, the pandemic notices, and an allocation ready to run today."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from optimize.check import check_priority_order
from scheduler.models import (
    DormApplication,
    DormBuilding,
    DormNotice,
    DormQuestion,
    DormStayReview,
    User,
)
from scheduler.services import dorms
from tests.conftest import DEMO_TODAY
from tests.services.test_demo import session_on_copy


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Session]:
    path = tmp_path_factory.mktemp("demo_dorms") / "demo.db"
    with session_on_copy(demo_template, path) as session:
        yield session


def test_rules_and_points_follow_the_answers(db: Session) -> None:
    questions = dorms.active_questions(db)
    assert [q.code for q in questions] == [
        "household",
        "posting",
        "grade",
        "service_years",
        "owns_home",
    ]
    assert (
        db.scalar(select(DormQuestion).where(DormQuestion.code == "household")).options[0][
            "eligible"
        ]
        is False
    )  # a Taipei household does not qualify
    waiting = dorms.waiting_list(db)
    assert waiting and all(a.points == a.computed_points and a.breakdown for a in waiting)
    assert all(a.decided_by_id is not None for a in waiting)
    submitted = dorms.applications_by_status(db, "submitted")
    assert len(submitted) == 4 and all(a.breakdown for a in submitted)


def test_family_dormitories_and_notices(db: Session) -> None:
    family = db.scalars(select(DormBuilding).where(DormBuilding.kind == "family")).all()
    assert len(family) == 3
    households = dorms.households(db, DEMO_TODAY)
    assert len(households) == 3 and all(h.lease and h.last_review for h in households)
    assert len(db.scalars(select(DormStayReview)).all()) == 3
    titles = {n.title for n in db.scalars(select(DormNotice))}
    assert titles == {"每日消毒常接觸設施", "入口提供消毒酒精", "保持門窗通風"}


def test_todays_allocation_houses_the_demo_applicant_in_priority_order(db: Session) -> None:
    applicant = db.scalars(select(User).where(User.username == "applicant")).one()
    mine = dorms.my_dormitory(db, applicant, DEMO_TODAY)
    assert mine.application is not None and mine.place is not None and mine.place <= 5
    assert mine.estimate is not None and mine.estimate.months is not None
    assert [row for row in mine.queue if row[2]] == [(mine.place, mine.application.points, True)]
    instance = dorms.build_instance(db, DEMO_TODAY)
    assert len(instance["rooms"]) == len(dorms.allocatable_rooms(db, DEMO_TODAY)) >= 4
    assert any(r.hold == "repair" for r in dorms.vacant_rooms(db, DEMO_TODAY))
    solution = dorms.allocation.solve(instance)
    assert f"A{mine.application.id}" in solution["assignments"]
    assert check_priority_order(instance, solution) == []
    assert (
        db.scalars(select(DormApplication).where(DormApplication.status == "offered")).all() == []
    )
