"""The family dormitories (眷舍): their households and the continued-stay review.

Their residents qualify to stay while the checks hold (still in service, no home of their own in
the area, the household living there); each review records the checks and when the next one is
due. A household that no longer qualifies is given notice to leave at the end of its lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.errors import N_, Conflict, ValidationError
from scheduler.models import DormBuilding, DormRoom, DormStayReview, Lease, User
from scheduler.services import audit
from scheduler.services.dorms import words
from scheduler.services.dorms.leases import lease_for_officer
from scheduler.services.dorms.periods import rule
from scheduler.services.dorms.text import plain_text
from scheduler.services.notifications import notify

FAMILY = "family"
CHECKS = ("still_serving", "no_home_in_area", "household_lives_there")
MAX_NOTE = 300


@dataclass(frozen=True)
class Household:
    """One family dormitory with its current lease and its latest review."""

    building: DormBuilding
    room: DormRoom
    lease: Lease | None
    last_review: DormStayReview | None

    @property
    def review_due(self) -> date | None:
        """When the next review is due (None: no household, or never reviewed)."""
        return self.last_review.next_review_on if self.last_review else None


def _latest_review(session: Session, lease: Lease) -> DormStayReview | None:
    stmt = select(DormStayReview).where(DormStayReview.lease_id == lease.id)
    return session.scalars(
        stmt.order_by(DormStayReview.reviewed_on.desc(), DormStayReview.id.desc())
    ).first()


def households(session: Session, today: date) -> list[Household]:
    """Every family dormitory with the household living there today."""
    buildings = session.scalars(
        select(DormBuilding).where(DormBuilding.kind == FAMILY).order_by(DormBuilding.code)
    ).all()
    result = []
    for building in buildings:
        for room in building.rooms:
            lease = next((l for l in room.leases if l.status == "active" and l.holds(today)), None)
            review = _latest_review(session, lease) if lease else None
            result.append(Household(building, room, lease, review))
    return result


def review_stay(
    session: Session,
    officer: User,
    lease_id: int,
    checks: dict[str, bool],
    note: str,
    today: date,
    link: str = "",
) -> DormStayReview:
    """Record a continued-stay review of a family dormitory household."""
    lease = lease_for_officer(session, lease_id)
    if lease.room.building.kind != FAMILY or lease.status != "active":
        raise Conflict(N_("Only a household living in a family dormitory can be reviewed."))
    text = plain_text(note, "note", MAX_NOTE)
    results = {name: bool(checks.get(name)) for name in CHECKS}
    qualifies = all(results.values())
    if not qualifies and not text:
        raise ValidationError(N_("Say why the household no longer qualifies."), field="note")
    months = rule(session, "family_review_months")
    review = DormStayReview(
        lease_id=lease.id,
        reviewed_on=today,
        checks=results,
        outcome="qualifies" if qualifies else "not_qualified",
        note=text,
        reviewer_id=officer.id,
        next_review_on=today + timedelta(days=round(months * 30.44)) if qualifies else None,
    )
    session.add(review)
    if not qualifies:
        lease.move_out_notice_on = lease.end
    session.flush()
    audit.record(
        session, officer, "review", review, f"Stay review of {lease.room.label}: {review.outcome}"
    )
    notify(
        session, lease.resident, words.STAY_REVIEWED, link=link, day=today, outcome=review.outcome
    )
    return review
