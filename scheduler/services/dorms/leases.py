"""Leases after the offer: move-in and move-out, renewals (a new period), the resident's notice
and renewal request, the ones ending soon, and the periodic closing and reminders.

A move-out, or a lease reaching its end without a renewal, frees the room for the next
allocation. Renewals stay within the term (dorms.term_years) unless the officer gives a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict, NotFound, ValidationError
from scheduler.models import Lease, Role, User
from scheduler.services import audit
from scheduler.services.dorms import words
from scheduler.services.dorms.periods import rule, today_of, years_later
from scheduler.services.dorms.text import plain_text
from scheduler.services.notifications import notify

ENDING_WITHIN_DAYS = 90
MAX_REASON = 300


@dataclass(frozen=True)
class Term:
    """Where a lease stands in the resident's stay: first day, renewal deadline, term limit."""

    first_start: date
    renew_by: date
    term_ends: date
    renewal_within_term: bool


def chain_start(session: Session, lease: Lease) -> date:
    """The first day of the stay this lease continues (following renewals back)."""
    first = lease
    while first.renewed_from_id is not None:
        previous = session.get(Lease, first.renewed_from_id)
        if previous is None:
            break
        first = previous
    return first.start


def lease_term(session: Session, lease: Lease) -> Term:
    """The renewal deadline and whether one more period stays within the term."""
    first = chain_start(session, lease)
    term_ends = years_later(first, rule(session, "term_years"))
    next_end = years_later(lease.end, rule(session, "lease_years"))
    return Term(
        first_start=first,
        renew_by=lease.end - timedelta(days=rule(session, "renewal_notice_days")),
        term_ends=term_ends,
        renewal_within_term=next_end <= term_ends,
    )


def lease_for_officer(session: Session, lease_id: int) -> Lease:
    """Any lease, for the housing office."""
    lease = session.get(Lease, lease_id)
    if lease is None:
        raise NotFound(N_("No such lease."))
    return lease


def _active(lease: Lease) -> None:
    if lease.status != "active":
        raise Conflict(N_("Only an active lease can be changed."))


def record_move_in(session: Session, officer: User, lease_id: int, day: date, today: date) -> Lease:
    """Record the day the resident moved in (from the lease start, not in the future)."""
    lease = lease_for_officer(session, lease_id)
    _active(lease)
    if day > today or day < lease.start - timedelta(days=30):
        raise ValidationError(
            N_("The move-in day must be near the lease start and not in the future."), field="day"
        )
    lease.moved_in_on = day
    session.flush()
    audit.record(
        session, officer, "move_in", lease, f"Moved into {lease.room.label}", day=day.isoformat()
    )
    return lease


def record_move_out(
    session: Session, officer: User, lease_id: int, day: date, link: str = ""
) -> Lease:
    """Record the move-out: the lease ends that day and the room is free from then on.

    A renewal made early (starting later) is cancelled, and the lease the resident is in ends.
    """
    lease = lease_for_officer(session, lease_id)
    _active(lease)
    current = lease
    if day < lease.start and lease.renewed_from_id is not None:
        previous = session.get(Lease, lease.renewed_from_id)
        if previous is not None and previous.start <= day:
            lease.status = "cancelled"
            current = previous
    if day < current.start or day > current.end:
        raise ValidationError(N_("The move-out day must fall within the lease."), field="day")
    current.status = "ended"
    current.moved_out_on = day
    session.flush()
    audit.record(
        session,
        officer,
        "move_out",
        current,
        f"Moved out of {current.room.label}",
        day=day.isoformat(),
    )
    notify(
        session, current.resident, words.LEASE_ENDED, link=link, room=current.room.label, day=day
    )
    return current


def renew_lease(
    session: Session, officer: User, lease_id: int, reason: str = "", link: str = ""
) -> Lease:
    """A new period after this one (status "renewed" on the old lease); beyond the term only with
    a reason."""
    lease = lease_for_officer(session, lease_id)
    _active(lease)
    term = lease_term(session, lease)
    text = plain_text(reason, "reason", MAX_REASON)
    if not term.renewal_within_term and not text:
        raise ValidationError(
            N_(
                "This renewal goes past the %(years)s-year term: give the reason for the exception."
            ),
            field="reason",
            years=rule(session, "term_years"),
        )
    lease.status = "renewed"
    session.flush()  # the old lease stops holding before the new one does (unique index)
    renewal = Lease(
        room_id=lease.room_id,
        resident_id=lease.resident_id,
        start=lease.end,
        end=years_later(lease.end, rule(session, "lease_years")),
        status="active",
        renewed_from_id=lease.id,
        moved_in_on=lease.moved_in_on,
    )
    session.add(renewal)
    session.flush()
    audit.record(
        session,
        officer,
        "renew",
        renewal,
        f"Renewed {lease.room.label} to {renewal.end}",
        reason=text,
    )
    notify(
        session,
        lease.resident,
        words.LEASE_RENEWED,
        link=link,
        room=lease.room.label,
        end=renewal.end,
    )
    return renewal


def own_lease(session: Session, user: User, lease_id: int) -> Lease:
    """The user's own lease; anyone else's is NotFound."""
    lease = session.get(Lease, lease_id)
    if lease is None or lease.resident_id != user.id:
        raise NotFound(N_("No such lease."))
    return lease


def give_move_out_notice(
    session: Session, actor: User, lease_id: int, day: date, today: date, link: str = ""
) -> Lease:
    """The resident tells the housing office the day they will move out."""
    lease = own_lease(session, actor, lease_id)
    _active(lease)
    if day < today or day > lease.end:
        raise ValidationError(N_("Choose a day from today to the end of your lease."), field="day")
    lease.move_out_notice_on = day
    session.flush()
    audit.record(session, actor, "notice", lease, f"Move-out notice for {day}")
    for officer in officers(session):
        notify(
            session,
            officer,
            words.MOVE_OUT_NOTICE,
            link=link,
            mail=False,
            resident=actor.display_name,
            room=lease.room.label,
            day=day,
        )
    return lease


def request_renewal(
    session: Session, actor: User, lease_id: int, now: datetime | None = None
) -> Lease:
    """The resident asks to renew (within the 90 days before the lease ends)."""
    now = now or utcnow()
    lease = own_lease(session, actor, lease_id)
    _active(lease)
    if (lease.end - today_of(now)).days > ENDING_WITHIN_DAYS:
        raise Conflict(
            N_(
                "A renewal can be asked for in the last %(days)s days of a lease.",
            ),
            days=ENDING_WITHIN_DAYS,
        )
    lease.renewal_requested_at = now
    session.flush()
    audit.record(session, actor, "request_renewal", lease, "Renewal requested")
    return lease


def officers(session: Session) -> list[User]:
    """The active housing officers (they hear of notices and requests)."""
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    return [u for u in users if u.has_role(Role.HOUSING_OFFICER)]


def ending_leases(session: Session, today: date, days: int = ENDING_WITHIN_DAYS) -> list[Lease]:
    """Active leases ending within `days`, soonest first."""
    stmt = select(Lease).where(
        Lease.status == "active", Lease.end >= today, Lease.end <= today + timedelta(days=days)
    )
    return list(session.scalars(stmt.order_by(Lease.end, Lease.id)))


def not_moved_in(session: Session) -> list[Lease]:
    """Accepted leases whose resident has not moved in yet, soonest deadline first."""
    stmt = select(Lease).where(Lease.status == "active", Lease.moved_in_on.is_(None))
    return list(session.scalars(stmt.order_by(Lease.move_in_by, Lease.id)))


def close_ended_leases(session: Session, now: datetime) -> int:
    """Active leases past their end with no renewal become "ended" (idempotent; run daily)."""
    today = today_of(now)
    due = session.scalars(select(Lease).where(Lease.status == "active", Lease.end <= today)).all()
    for lease in due:
        lease.status = "ended"
        lease.moved_out_on = lease.moved_out_on or lease.end
        session.flush()
        audit.record(session, None, "end", lease, f"Lease of {lease.room.label} reached its end")
    return len(due)


def remind_lease_ends(session: Session, now: datetime) -> int:
    """Tell each resident once when their lease enters its renewal window (idempotent)."""
    today = today_of(now)
    window = rule(session, "renewal_notice_days")
    due = session.scalars(
        select(Lease).where(
            Lease.status == "active",
            Lease.reminded_at.is_(None),
            Lease.end > today,
            Lease.end <= today + timedelta(days=window + 30),
        )
    ).all()
    for lease in due:
        lease.reminded_at = now
        notify(
            session,
            lease.resident,
            words.LEASE_ENDING,
            room=lease.room.label,
            end=lease.end,
            deadline=lease_term(session, lease).renew_by,
        )
    session.flush()
    return len(due)
