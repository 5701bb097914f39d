"""Approving an allocation makes offers; the applicant accepts (a lease starts) or declines; an
unanswered offer lapses. A declined or lapsed offer frees its room for the next allocation, and
the applicant's place is kept or dropped as the settings say (dorms.on_decline, dorms.on_lapse).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.errors import N_, Conflict
from scheduler.models import DormApplication, DormRoom, Lease, OptimizationRun, User
from scheduler.services import audit
from scheduler.services.dorms import words
from scheduler.services.dorms.allocation import APPROVED, DISCARDED, DRAFT, get_run
from scheduler.services.dorms.leases import close_ended_leases, own_lease
from scheduler.services.dorms.periods import end_of_day, place_rule, rule, today_of, years_later
from scheduler.services.dorms.queue import allocatable_rooms
from scheduler.services.notifications import notify


def _building_name(room: DormRoom) -> dict[str, str]:
    return {"zh": room.building.name_zh, "en": room.building.name_en}


def approve_allocation(
    session: Session, officer: User, run_id: int, now: datetime | None = None, link: str = ""
) -> list[Lease]:
    """Turn a draft's proposal into offers, all or none: each room still free, each applicant
    still waiting (else Conflict: allocate again). The database refuses a room or person twice."""
    now = now or utcnow()
    today = today_of(now)
    run = get_run(session, run_id)
    if run.state != DRAFT:
        raise Conflict(N_("This allocation was already approved or discarded."))
    close_ended_leases(session, now)
    free = {room.id: room for room in allocatable_rooms(session, today)}
    chosen = [item for item in run.items if item.resource_id is not None]
    for item in chosen:
        application = session.get(DormApplication, item.item_id)
        if item.resource_id not in free or application is None or application.status != "waiting":
            raise Conflict(
                N_(
                    "The proposal is out of date: rooms or the waiting list changed. Allocate again."
                )
            )
    deadline = end_of_day(today + timedelta(days=rule(session, "offer_days")))
    offers = []
    for item in chosen:
        application = session.get(DormApplication, item.item_id)
        assert application is not None and item.resource_id is not None
        offer = Lease(
            room_id=item.resource_id,
            resident_id=application.applicant_id,
            application_id=application.id,
            start=today,
            end=years_later(today, rule(session, "lease_years")),
            status="offered",
            run_id=run.id,
            offer_expires_at=deadline,
            created_at=now,
        )
        application.status = "offered"
        session.add(offer)
        offers.append((offer, application, free[item.resource_id]))
    run.state = APPROVED
    run.decided_by_id = officer.id
    run.decided_at = now
    try:
        session.flush()
    except IntegrityError as error:  # another approval got there first
        raise Conflict(
            N_("A room or an applicant of this proposal was just given elsewhere.")
        ) from error
    for offer, application, room in offers:
        notify(
            session,
            application.applicant,
            words.OFFER_MADE,
            link=link,
            room=room.label,
            building=_building_name(room),
            deadline=today + timedelta(days=rule(session, "offer_days")),
        )
    audit.record(session, officer, "approve", run, f"Allocation approved: {len(offers)} offers")
    return [offer for offer, _, _ in offers]


def discard_allocation(session: Session, officer: User, run_id: int) -> OptimizationRun:
    """Set a draft proposal aside; nothing changes for anyone."""
    run = get_run(session, run_id)
    if run.state != DRAFT:
        raise Conflict(N_("This allocation was already approved or discarded."))
    run.state = DISCARDED
    run.decided_by_id = officer.id
    run.decided_at = utcnow()
    session.flush()
    audit.record(session, officer, "discard", run, "Allocation discarded")
    return run


def _open_offer(session: Session, user: User, lease_id: int, now: datetime) -> Lease:
    offer = own_lease(session, user, lease_id)
    if offer.status != "offered":
        raise Conflict(N_("This offer was already answered or has lapsed."))
    if offer.offer_expires_at is not None and now >= offer.offer_expires_at:
        raise Conflict(N_("The time to answer this offer has passed."))
    return offer


def accept_offer(
    session: Session, actor: User, lease_id: int, now: datetime | None = None, link: str = ""
) -> Lease:
    """Accept an offer before its deadline: the lease starts today, move in within the deadline."""
    now = now or utcnow()
    today = today_of(now)
    offer = _open_offer(session, actor, lease_id, now)
    offer.status = "active"
    offer.responded_at = now
    offer.start = today
    offer.end = years_later(today, rule(session, "lease_years"))
    offer.move_in_by = today + timedelta(days=rule(session, "move_in_days"))
    if offer.application is not None:
        offer.application.status = "housed"
    session.flush()
    audit.record(session, actor, "accept", offer, f"Offer of {offer.room.label} accepted")
    notify(
        session,
        actor,
        words.LEASE_STARTED,
        link=link,
        room=offer.room.label,
        start=offer.start,
        end=offer.end,
        move_in_by=offer.move_in_by,
    )
    return offer


def _place_after(session: Session, application: DormApplication | None, setting: str) -> str:
    """Back on the list or dropped, as the rule says; returns which."""
    choice = place_rule(session, setting)
    if application is not None:
        application.status = "waiting" if choice == "keep" else "dropped"
    return choice


def decline_offer(
    session: Session, actor: User, lease_id: int, now: datetime | None = None
) -> Lease:
    """Decline an offer: the room goes to the next allocation."""
    now = now or utcnow()
    offer = _open_offer(session, actor, lease_id, now)
    offer.status = "declined"
    offer.responded_at = now
    choice = _place_after(session, offer.application, "on_decline")
    session.flush()
    audit.record(
        session, actor, "decline", offer, f"Offer of {offer.room.label} declined", place=choice
    )
    return offer


def expire_offers(session: Session, now: datetime) -> int:
    """Lapse every offer whose deadline has passed (idempotent; run it periodically)."""
    due = session.scalars(
        select(Lease).where(Lease.status == "offered", Lease.offer_expires_at <= now)
    ).all()
    for offer in due:
        offer.status = "lapsed"
        choice = _place_after(session, offer.application, "on_lapse")
        session.flush()
        audit.record(
            session, None, "lapse", offer, f"Offer of {offer.room.label} lapsed", place=choice
        )
        notify(session, offer.resident, words.OFFER_LAPSED, room=offer.room.label, place=choice)
    return len(due)


def release_missed_move_ins(session: Session, now: datetime) -> int:
    """Leases accepted but not moved into by their deadline count as given up (idempotent)."""
    today = today_of(now)
    due = session.scalars(
        select(Lease).where(
            Lease.status == "active", Lease.moved_in_on.is_(None), Lease.move_in_by < today
        )
    ).all()
    for lease in due:
        lease.status = "forfeited"
        if lease.application is not None:
            lease.application.status = "dropped"
        session.flush()
        audit.record(session, None, "forfeit", lease, f"{lease.room.label} not moved into in time")
        notify(
            session,
            lease.resident,
            words.MOVE_IN_MISSED,
            room=lease.room.label,
            deadline=lease.move_in_by,
        )
    return len(due)


def open_offers(session: Session) -> list[Lease]:
    """Offers waiting for an answer, soonest deadline first."""
    stmt = select(Lease).where(Lease.status == "offered")
    return list(session.scalars(stmt.order_by(Lease.offer_expires_at, Lease.id)))


__all__ = [
    "accept_offer",
    "approve_allocation",
    "decline_offer",
    "discard_allocation",
    "expire_offers",
    "open_offers",
    "release_missed_move_ins",
]
