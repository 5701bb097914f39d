"""The resident's and applicant's own page: my room and lease, or my place on the waiting list,
my points, what would change them and how long the wait may be. Only the person's own data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.models import DormApplication, DormNotice, Lease, User
from scheduler.services.dorms.applications import holding_lease, open_application
from scheduler.services.dorms.leases import Term, lease_term
from scheduler.services.dorms.notices import notices_for
from scheduler.services.dorms.queue import place_if_verified, waiting_list
from scheduler.services.dorms.rules import active_questions, point_changes

HISTORY_DAYS = 730  # past allocations counted for the wait estimate
QUEUE_SHOWN = 10  # positions shown around the applicant's own


@dataclass(frozen=True)
class WaitEstimate:
    """How long the wait may be, from the rooms allocated over the last two years."""

    allocations: int  # rooms allocated from the waiting list in the period
    days: int  # the period
    months: int | None  # the estimate for this place; None when nothing was allocated

    @property
    def per_month(self) -> float:
        """Rooms allocated per month over the period."""
        return self.allocations / (self.days / 30.44)


@dataclass
class MyDormitory:
    """Everything the person's page shows, theirs only."""

    lease: Lease | None = None
    term: Term | None = None
    offer: Lease | None = None
    application: DormApplication | None = None
    place: int | None = None
    waiting: int = 0
    estimate: WaitEstimate | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    queue: list[tuple[int, int, bool]] = field(default_factory=list)  # place, points, is me
    notices: list[DormNotice] = field(default_factory=list)


def wait_estimate(session: Session, place: int, today: date) -> WaitEstimate:
    """Months until `place` comes up, if rooms keep being allocated as over the last two years."""
    since = today - timedelta(days=HISTORY_DAYS)
    allocations = int(
        session.scalar(
            select(func.count())
            .select_from(Lease)
            .where(Lease.application_id.is_not(None), Lease.start > since, Lease.start <= today)
            .where(Lease.status.not_in(("cancelled", "declined", "lapsed")))
        )
        or 0
    )
    per_month = allocations / (HISTORY_DAYS / 30.44)
    months = ceil(place / per_month) if per_month > 0 else None
    return WaitEstimate(allocations, HISTORY_DAYS, months)


def queue_view(ranked: list[DormApplication], mine: DormApplication) -> list[tuple[int, int, bool]]:
    """Places and points around the applicant's own, never who holds them."""
    rows = [(n, a.points, a.id == mine.id) for n, a in enumerate(ranked, start=1)]
    own = next((n for n, _, me in rows if me), None)
    if own is None:
        return rows[:QUEUE_SHOWN]
    start = max(0, min(own - 1 - QUEUE_SHOWN // 2, len(rows) - QUEUE_SHOWN))
    return rows[start : start + QUEUE_SHOWN]


def my_dormitory(session: Session, user: User, today: date) -> MyDormitory:
    """The person's lease or offer, or their application and place; notices for residents."""
    mine = MyDormitory()
    held = holding_lease(session, user)
    if held is not None and held.status == "offered":
        mine.offer = held
    elif held is not None:
        mine.lease = held
        mine.term = lease_term(session, held)
        mine.notices = notices_for(session, held)
    application = open_application(session, user)
    if application is not None and application.status in ("submitted", "waiting"):
        ranked = waiting_list(session)
        mine.application = application
        mine.waiting = len(ranked)
        mine.place = place_if_verified(session, application)
        mine.estimate = wait_estimate(session, mine.place, today)
        mine.changes = point_changes(active_questions(session), application.breakdown)
        if application.status == "waiting":
            mine.queue = queue_view(ranked, application)
    return mine


def my_applications(session: Session, user: User) -> list[DormApplication]:
    """The person's applications, newest first (closed ones too)."""
    stmt = select(DormApplication).where(DormApplication.applicant_id == user.id)
    return list(session.scalars(stmt.order_by(DormApplication.id.desc())))


def my_leases(session: Session, user: User) -> list[Lease]:
    """The person's leases and offers, newest first."""
    stmt = select(Lease).where(Lease.resident_id == user.id)
    return list(session.scalars(stmt.order_by(Lease.start.desc(), Lease.id.desc())))
