"""The passenger survey: one answer per invitation, expiry, unknown tokens, and the satisfied share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from scheduler.errors import Conflict, NotFound, ValidationError
from scheduler.i18n import local
from scheduler.models import SurveyAnswer, Trip, TripStatus
from scheduler.services.fleet.surveys import SurveyClosed, answer_survey, invite, survey_results
from scheduler.services.notifications import deliver_outbox
from tests.conftest import Factory
from tests.fleet_factories import at, create_trip, next_monday


def _invited(db: Session, factory: Factory, **trip_overrides: object) -> tuple[Trip, SurveyAnswer]:
    staff = factory.create_user()
    trip = create_trip(db, staff, status=TripStatus.COMPLETED.value, **trip_overrides)
    sent: list[str] = []
    survey = invite(db, trip, lambda t: t)
    db.commit()
    deliver_outbox(db, lambda to, subject, body: sent.append(to))
    assert sent == ["passenger@example.gov.tw"]
    return trip, survey


def test_an_answer_is_stored_once(db: Session, factory: Factory) -> None:
    _, survey = _invited(db, factory)
    answer_survey(db, survey.token, 5, "司機很準時")
    db.commit()
    with pytest.raises(Conflict):
        answer_survey(db, survey.token, 1, "changed my mind")
    db.rollback()
    db.refresh(survey)
    assert (survey.rating, survey.comment) == (5, "司機很準時")
    assert survey.answered_at is not None


def test_unknown_expired_and_out_of_scale_answers_are_refused(
    db: Session, factory: Factory
) -> None:
    _, survey = _invited(db, factory)
    with pytest.raises(NotFound):
        answer_survey(db, "not-a-real-token", 5, "")
    with pytest.raises(ValidationError):
        answer_survey(db, survey.token, 6, "")
    later = datetime.now(UTC) + timedelta(days=31)
    with pytest.raises(SurveyClosed):
        answer_survey(db, survey.token, 4, "", now=later)
    db.rollback()
    db.refresh(survey)
    assert survey.rating is None and survey.answered_at is None


def test_tokens_are_long_and_distinct(db: Session, factory: Factory) -> None:
    tokens = {_invited(db, factory)[1].token for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) >= 43 for t in tokens)


def test_results_give_the_satisfied_share_overall_and_per_month(
    db: Session, factory: Factory
) -> None:
    monday = next_monday()
    next_month = (monday.replace(day=1) + timedelta(days=32)).replace(day=1)
    ratings_this_month = [5, 4, 3, 1]
    for rating in ratings_this_month:
        _, survey = _invited(db, factory)
        answer_survey(db, survey.token, rating, f"rating {rating}")
    _, later = _invited(db, factory, start=at(9, day=next_month), end=at(10, day=next_month))
    answer_survey(db, later.token, 5, "")
    _invited(db, factory)  # invited, never answered: not counted
    db.commit()

    everything = survey_results(db)
    assert (everything.total_count, everything.total_satisfied) == (5, 3)
    assert everything.total_share == pytest.approx(0.6)
    assert len(everything.answers) == 5

    month = survey_results(db, date(monday.year, monday.month, 1))
    assert (month.month_count, month.month_satisfied) == (4, 2)
    assert month.month_share == pytest.approx(0.5)
    assert sorted(a.rating for a in month.answers) == [1, 3, 4, 5]  # type: ignore[type-var]
    assert all(local(a.trip.start).month == monday.month for a in month.answers)
    assert survey_results(db, date(2020, 1, 1)).month_share is None


def test_the_list_is_capped_but_the_shares_count_every_answer(
    db: Session, factory: Factory
) -> None:
    for rating in (5, 5, 2):
        _, survey = _invited(db, factory)
        answer_survey(db, survey.token, rating, "")
    db.commit()
    results = survey_results(db, limit=2)
    assert len(results.answers) == 2 and not results.listed_all
    assert (results.total_count, results.total_satisfied) == (3, 2)
    assert survey_results(db).listed_all
