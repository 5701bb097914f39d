"""Applying: points from the admin's rules with their breakdown, refusals that save nothing, and
the housing officer's verification (approve, correct points with a reason, reject)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.errors import Conflict, DomainError, NotPermitted
from scheduler.models import DormApplication, Notification, Role
from scheduler.services import dorms
from scheduler.services.messages import render
from tests.conftest import Factory
from tests.dorms_factories import (
    ANSWERS,
    TODAY,
    application_input,
    create_applicant,
    create_building,
    create_officer,
    create_rules,
)


@pytest.fixture(autouse=True)
def rules(db: Session) -> None:
    create_rules(db)
    create_building(db, "XY", rooms=1)
    create_building(db, "XI", rooms=1)


def _count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(DormApplication)) or 0)


def test_points_and_their_breakdown_come_from_the_rules(db: Session, factory: Factory) -> None:
    user = create_applicant(factory)
    application = dorms.apply_for_room(db, user, application_input(preferences=["XI", "XY"]), TODAY)
    db.commit()
    assert application.status == "submitted" and application.points == 60
    lines = {line["question"]: line["points"] for line in application.breakdown}
    assert lines == {
        "household": 30,
        "posting": 10,
        "grade": 10,
        "service_years": 10,
        "owns_home": 0,
    }
    household = application.breakdown[0]
    assert household["answer_label"] == {
        "zh": "臺中、彰化、南投、雲林",
        "en": "Taichung, Changhua, Nantou or Yunlin",
    }
    assert household["document"]["zh"] == "戶籍謄本"
    assert application.preferences == ["XI", "XY"] and application.computed_points == 60
    note = db.scalars(select(Notification).where(Notification.user_id == user.id)).one()
    assert "60 points" in render(note.code, note.params, "en")


def test_years_are_capped_and_better_answers_are_named(db: Session, factory: Factory) -> None:
    user = create_applicant(factory)
    answers = {**ANSWERS, "service_years": "30", "household": "keelung_taoyuan"}
    application = dorms.apply_for_room(db, user, application_input(answers=answers), TODAY)
    assert application.points == 10 + 10 + 10 + 20  # 30 years give at most 20
    changes = dorms.point_changes(dorms.active_questions(db), application.breakdown)
    household = next(c for c in changes if c["prompt"]["en"].startswith("Where"))
    assert [b["points"] for b in household["better"]] == [20, 30, 40]
    assert not any("per" in c for c in changes)  # the years are at their cap


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {**ANSWERS, "household": "taipei"}}, "q_household"),
        ({"answers": {**ANSWERS, "owns_home": "yes"}}, "q_owns_home"),
        ({"answers": {**ANSWERS, "grade": "emperor"}}, "q_grade"),
        ({"answers": {**ANSWERS, "grade": "junior\x00"}}, "q_grade"),
        ({"answers": {**ANSWERS, "service_years": "9" * 5000}}, "q_service_years"),
        ({"answers": {**ANSWERS, "service_years": "-3"}}, "q_service_years"),
        ({"answers": {**ANSWERS, "service_years": "46"}}, "q_service_years"),
        ({"answers": {k: v for k, v in ANSWERS.items() if k != "posting"}}, "q_posting"),
        ({"preferences": []}, "first_choice"),
        ({"preferences": ["XY", "XY"]}, "second_choice"),
        ({"preferences": ["ZZ"]}, "first_choice"),
        ({"gender": "X"}, "gender"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    db: Session, factory: Factory, overrides: dict[str, object], field: str
) -> None:
    user = create_applicant(factory)
    with pytest.raises(DomainError) as refused:
        dorms.apply_for_room(db, user, application_input(**overrides), TODAY)
    db.rollback()
    assert refused.value.field == field
    assert _count(db) == 0


def test_one_open_application_per_person_and_residents_only(db: Session, factory: Factory) -> None:
    user = create_applicant(factory)
    dorms.apply_for_room(db, user, application_input(), TODAY)
    db.commit()
    with pytest.raises(Conflict):
        dorms.apply_for_room(db, user, application_input(), TODAY)
    staff = factory.create_user(roles=(Role.AGENCY_STAFF,))
    with pytest.raises(NotPermitted):
        dorms.apply_for_room(db, staff, application_input(), TODAY)
    db.rollback()
    assert _count(db) == 1


def test_officer_verifies_corrects_points_and_rejects(db: Session, factory: Factory) -> None:
    officer = create_officer(factory)
    one, two = create_applicant(factory), create_applicant(factory)
    first = dorms.apply_for_room(db, one, application_input(), TODAY)
    second = dorms.apply_for_room(db, two, application_input(), TODAY)
    dorms.correct_points(db, officer, first.id, 64, "年資證明為 7 年")
    dorms.verify_application(db, officer, first.id)
    dorms.reject_application(db, officer, second.id, "戶籍已遷入臺北市")
    db.commit()
    assert (first.status, first.points, first.computed_points) == ("waiting", 64, 60)
    assert first.points_reason == "年資證明為 7 年" and first.decided_by_id == officer.id
    assert second.status == "rejected" and second.rejection_reason == "戶籍已遷入臺北市"
    texts = [
        render(n.code, n.params, "zh_TW")
        for n in db.scalars(select(Notification).where(Notification.user_id == one.id))
    ]
    assert any("64" in t and "年資證明為 7 年" in t for t in texts)
    with pytest.raises(Conflict):
        dorms.verify_application(db, officer, second.id)
    for bad in ("", "  ", "x" * 301, "ok\x00", "\x1b[31m"):
        with pytest.raises(DomainError) as refused:
            dorms.correct_points(db, officer, first.id, 70, bad)
        assert refused.value.field == "reason"
    for points in (-1, 1001):
        with pytest.raises(DomainError):
            dorms.correct_points(db, officer, first.id, points, "ok")
    db.rollback()
    assert db.get(DormApplication, first.id).points == 64  # type: ignore[union-attr]


def test_withdraw_and_apply_again(db: Session, factory: Factory) -> None:
    user = create_applicant(factory)
    first = dorms.apply_for_room(db, user, application_input(), TODAY)
    dorms.withdraw_application(db, user, first.id)
    again = dorms.apply_for_room(db, user, application_input(), TODAY)
    db.commit()
    assert (first.status, again.status) == ("withdrawn", "submitted")
