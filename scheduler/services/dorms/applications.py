"""Applying for a room and the housing officer's verification: approve, correct points, reject.

An application starts "submitted"; once the officer approves its eligibility it is "waiting" on
the list. Its points are the sum of its breakdown unless the officer corrected them (with the
reason kept beside them). Nobody but the applicant and the housing office sees an application.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict, NotFound, NotPermitted, ValidationError
from scheduler.models import DormApplication, DormBuilding, Lease, Role, User
from scheduler.services import audit
from scheduler.services.dorms import words
from scheduler.services.dorms.queue import SINGLE
from scheduler.services.dorms.rules import active_questions, evaluate
from scheduler.services.dorms.text import plain_text
from scheduler.services.notifications import notify

OPEN_STATUSES = ("submitted", "waiting", "offered")
MAX_POINTS = 1000
MAX_REASON = 300


@dataclass(frozen=True)
class ApplicationInput:
    """What the applicant filled in: answers by question code, buildings in order, needs."""

    answers: Mapping[str, str]
    preferences: list[str]
    gender: str
    needs_accessible: bool = False
    link: str = field(default="", compare=False)


def open_application(session: Session, user: User) -> DormApplication | None:
    """The user's application still in play (submitted, waiting or offered), if any."""
    stmt = select(DormApplication).where(
        DormApplication.applicant_id == user.id, DormApplication.status.in_(OPEN_STATUSES)
    )
    return session.scalars(stmt).first()


def holding_lease(session: Session, user: User) -> Lease | None:
    """The user's active lease or open offer (at most one: the database guarantees it)."""
    stmt = select(Lease).where(
        Lease.resident_id == user.id, Lease.status.in_(("offered", "active"))
    )
    return session.scalars(stmt).first()


def single_buildings(session: Session) -> list[DormBuilding]:
    """The buildings an applicant may ask for, by code."""
    stmt = select(DormBuilding).where(DormBuilding.active.is_(True), DormBuilding.kind == SINGLE)
    return list(session.scalars(stmt.order_by(DormBuilding.code)))


def _preferences(session: Session, asked: list[str]) -> list[str]:
    chosen = [code for code in asked if code]
    known = {b.code for b in single_buildings(session)}
    if not chosen:
        raise ValidationError(N_("Choose at least your first building."), field="first_choice")
    if len(set(chosen)) != len(chosen):
        raise ValidationError(N_("Each building can be chosen once."), field="second_choice")
    if any(code not in known for code in chosen):
        raise ValidationError(N_("Choose one of the buildings listed."), field="first_choice")
    return chosen


def apply_for_room(
    session: Session, actor: User, data: ApplicationInput, today: date
) -> DormApplication:
    """Put the actor's application on file ("submitted"), with its points and their breakdown."""
    if not actor.has_role(Role.RESIDENT):
        raise NotPermitted(N_("Only staff with a resident account can apply for a room."))
    if open_application(session, actor) is not None:
        raise Conflict(N_("You already have an application on the waiting list."))
    if holding_lease(session, actor) is not None:
        raise Conflict(N_("You already have a room or an offer of one."))
    if data.gender not in ("F", "M"):
        raise ValidationError(N_("Choose women's or men's floors."), field="gender")
    preferences = _preferences(session, data.preferences)
    evaluation = evaluate(active_questions(session), data.answers)
    application = DormApplication(
        applicant_id=actor.id,
        points=evaluation.points,
        applied_on=today,
        gender=data.gender,
        needs_accessible=data.needs_accessible,
        preferences=preferences,
        status="submitted",
        answers=evaluation.answers,
        breakdown=evaluation.breakdown,
    )
    session.add(application)
    session.flush()
    audit.record(session, actor, "apply", application, f"Applied with {application.points} points")
    notify(
        session,
        actor,
        words.APPLICATION_RECEIVED,
        link=data.link,
        application=application.id,
        points=application.points,
    )
    return application


def own_application(session: Session, user: User, application_id: int) -> DormApplication:
    """The user's own application; anyone else's is NotFound (no hint that it exists)."""
    application = session.get(DormApplication, application_id)
    if application is None or application.applicant_id != user.id:
        raise NotFound(N_("No such application."))
    return application


def withdraw_application(session: Session, actor: User, application_id: int) -> DormApplication:
    """The applicant takes their application off the list (an open offer is declined instead)."""
    application = own_application(session, actor, application_id)
    if application.status not in ("submitted", "waiting"):
        raise Conflict(N_("Only an application waiting for a room can be withdrawn."))
    application.status = "withdrawn"
    session.flush()
    audit.record(session, actor, "withdraw", application, "Application withdrawn")
    return application


def application_for_officer(session: Session, application_id: int) -> DormApplication:
    """Any application, for the housing office."""
    application = session.get(DormApplication, application_id)
    if application is None:
        raise NotFound(N_("No such application."))
    return application


def _decided(application: DormApplication, officer: User, now: datetime | None) -> None:
    application.decided_by_id = officer.id
    application.decided_at = now or utcnow()


def _reason(reason: str) -> str:
    return plain_text(reason, "reason", MAX_REASON, required=True)


def verify_application(
    session: Session,
    officer: User,
    application_id: int,
    link: str = "",
    now: datetime | None = None,
) -> DormApplication:
    """Approve a submitted application's eligibility: it joins the waiting list."""
    application = application_for_officer(session, application_id)
    if application.status != "submitted":
        raise Conflict(N_("Only a submitted application can be verified."))
    application.status = "waiting"
    _decided(application, officer, now)
    session.flush()
    audit.record(session, officer, "verify", application, "Eligibility approved")
    notify(
        session,
        application.applicant,
        words.APPLICATION_VERIFIED,
        link=link,
        application=application.id,
        points=application.points,
    )
    return application


def correct_points(
    session: Session,
    officer: User,
    application_id: int,
    points: int,
    reason: str,
    link: str = "",
) -> DormApplication:
    """Set an application's points by hand, with the reason the applicant will read."""
    application = application_for_officer(session, application_id)
    if application.status not in ("submitted", "waiting"):
        raise Conflict(N_("Points can be corrected only while the application waits."))
    if not 0 <= points <= MAX_POINTS:
        raise ValidationError(
            N_("Points must be from 0 to %(max)s."), field="points", max=MAX_POINTS
        )
    text = _reason(reason)
    before = application.points
    application.points = points
    application.points_reason = text
    session.flush()
    audit.record(
        session, officer, "correct", application, f"Points {before} → {points}", reason=text
    )
    notify(
        session,
        application.applicant,
        words.POINTS_CORRECTED,
        link=link,
        application=application.id,
        before=before,
        after=points,
        reason=text,
    )
    return application


def reject_application(
    session: Session,
    officer: User,
    application_id: int,
    reason: str,
    link: str = "",
    now: datetime | None = None,
) -> DormApplication:
    """Refuse an application (submitted or waiting) with the reason the applicant will read."""
    application = application_for_officer(session, application_id)
    if application.status not in ("submitted", "waiting"):
        raise Conflict(N_("Only an application waiting for a room can be rejected."))
    text = _reason(reason)
    application.status = "rejected"
    application.rejection_reason = text
    _decided(application, officer, now)
    session.flush()
    audit.record(session, officer, "reject", application, "Application rejected", reason=text)
    notify(
        session,
        application.applicant,
        words.APPLICATION_REJECTED,
        link=link,
        application=application.id,
        reason=text,
    )
    return application


def applications_by_status(session: Session, status: str) -> list[DormApplication]:
    """The applications in one status, oldest first."""
    stmt = select(DormApplication).where(DormApplication.status == status)
    return list(session.scalars(stmt.order_by(DormApplication.applied_on, DormApplication.id)))
