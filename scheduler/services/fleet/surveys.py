"""The passenger satisfaction survey: invitations with unguessable tokens, one answer each, results."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.orm import Session, contains_eager, joinedload

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict, DomainError, NotFound, ValidationError
from scheduler.i18n import taipei_datetime
from scheduler.models import SurveyAnswer, Trip
from scheduler.models.fleet import SATISFACTION_LEVELS
from scheduler.services import audit
from scheduler.services.messages import define
from scheduler.services.notifications import queue_mail
from scheduler.services.settings import get_setting

LIST_LIMIT = 200  # a year of answers is thousands of rows; the month filter reaches the rest
SATISFIED = (5, 4)  # very satisfied, satisfied: the share the Secretariat reports (97% in 2021)


SURVEY_INVITATION = define(
    "survey.invitation",
    N_(
        "Please tell us how your trip to %(destination)s went:\n%(link)s\n"
        "The link works until %(expires)s."
    ),
    subject=N_("Taipei City Hall pooled car: how was your trip?"),
    expires="date",
)


class SurveyClosed(DomainError):
    """The invitation has expired (HTTP 410 Gone)."""

    status_code = 410


def invite(
    session: Session,
    trip: Trip,
    link_for: Callable[[str], str],
    now: datetime | None = None,
) -> SurveyAnswer:
    """Create the survey invitation of a completed trip and mail its link to the passenger contact."""
    now = now or utcnow()
    survey = SurveyAnswer(
        trip_id=trip.id,
        token=secrets.token_urlsafe(32),  # 256 random bits: the link is the only credential
        sent_at=now,
        expires_at=now + timedelta(days=int(get_setting(session, "survey.valid_days"))),
    )
    session.add(survey)
    session.flush()
    to = trip.contact_email or (trip.requested_by.email if trip.requested_by else "")
    if to:
        queue_mail(
            session,
            to,
            SURVEY_INVITATION,
            user=trip.requested_by if trip.requested_by and to == trip.requested_by.email else None,
            locale=trip.requested_by.locale if trip.requested_by else None,
            destination=trip.destination,
            link=link_for(survey.token),
            expires=survey.expires_at,
        )
    audit.record(session, None, "invite", survey, f"trip {trip.id}", object_type="SurveyAnswer")
    return survey


def open_survey(session: Session, token: str, now: datetime | None = None) -> SurveyAnswer:
    """The unanswered, unexpired survey of `token`; NotFound, SurveyClosed or Conflict otherwise."""
    survey = session.scalars(
        select(SurveyAnswer)
        .where(SurveyAnswer.token == token)
        .options(joinedload(SurveyAnswer.trip))
    ).first()
    if survey is None:
        raise NotFound(N_("The page or record was not found."))
    if survey.answered_at is not None:
        raise Conflict(N_("This survey has already been answered. Thank you!"))
    if survey.expires_at <= (now or utcnow()):
        raise SurveyClosed(N_("This survey link has expired."))
    return survey


def answer_survey(
    session: Session, token: str, rating: int, comment: str, now: datetime | None = None
) -> SurveyAnswer:
    """Store the passenger's answer once; a second answer (even a simultaneous one) is refused."""
    now = now or utcnow()
    survey = open_survey(session, token, now)
    if rating not in SATISFACTION_LEVELS:
        raise ValidationError(N_("Choose how satisfied you were."), "rating")
    # Conditional update: of two racing submissions only one matches answered_at IS NULL.
    result = session.execute(
        update(SurveyAnswer)
        .where(SurveyAnswer.id == survey.id, SurveyAnswer.answered_at.is_(None))
        .values(answered_at=now, rating=rating, comment=comment.strip()[:2000])
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise Conflict(N_("This survey has already been answered. Thank you!"))
    session.refresh(survey)
    audit.record(session, None, "answer", survey, f"rating {rating}", object_type="SurveyAnswer")
    return survey


@dataclass(frozen=True)
class SurveyResults:
    """Answers (optionally of one month), and the share of satisfied answers among them and overall."""

    answers: list[SurveyAnswer]
    month_count: int
    month_satisfied: int
    total_count: int
    total_satisfied: int

    @staticmethod
    def share(satisfied: int, count: int) -> float | None:
        """Satisfied answers as a fraction of all answers (None when there are none)."""
        return satisfied / count if count else None

    @property
    def listed_all(self) -> bool:
        """False when more answers match than are listed."""
        return len(self.answers) >= self.month_count

    @property
    def month_share(self) -> float | None:
        return self.share(self.month_satisfied, self.month_count)

    @property
    def total_share(self) -> float | None:
        return self.share(self.total_satisfied, self.total_count)


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    return taipei_datetime(first, time.min), taipei_datetime(after, time.min)


def _counts(session: Session, *where: ColumnElement[bool]) -> tuple[int, int]:
    row = session.execute(
        select(
            func.count(SurveyAnswer.id),
            func.coalesce(func.sum(case((SurveyAnswer.rating.in_(SATISFIED), 1), else_=0)), 0),
        )
        .join(Trip, SurveyAnswer.trip_id == Trip.id)
        .where(SurveyAnswer.answered_at.is_not(None), *where)
    ).one()
    return int(row[0]), int(row[1])


def survey_results(
    session: Session, month: date | None = None, limit: int = LIST_LIMIT
) -> SurveyResults:
    """The answers of trips in `month` (Taipei time; all when None), newest first, at most `limit`.

    The shares count every stored answer, not just the rows listed.
    """
    where: list[ColumnElement[bool]] = []
    if month is not None:
        start, end = _month_bounds(month)
        where = [Trip.start >= start, Trip.start < end]
    answers = session.scalars(
        select(SurveyAnswer)
        .join(Trip, SurveyAnswer.trip_id == Trip.id)
        .where(SurveyAnswer.answered_at.is_not(None), *where)
        .options(contains_eager(SurveyAnswer.trip).joinedload(Trip.agency))
        .order_by(Trip.start.desc(), SurveyAnswer.id.desc())
        .limit(limit)
    ).all()
    month_count, month_satisfied = _counts(session, *where)
    total_count, total_satisfied = _counts(session)
    return SurveyResults(list(answers), month_count, month_satisfied, total_count, total_satisfied)
