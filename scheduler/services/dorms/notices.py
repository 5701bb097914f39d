"""Notices from the housing officer to every resident or one building's (pandemic measures ...).

A notice is the officer's own words, shown as typed; each resident it reaches is notified with
the code dorms.notice_posted and a link to their dormitory page.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from scheduler.errors import N_, Conflict, NotFound, ValidationError
from scheduler.models import DormBuilding, DormNotice, DormRoom, Lease, User
from scheduler.services import audit
from scheduler.services.dorms import words
from scheduler.services.dorms.queue import holding_leases
from scheduler.services.dorms.text import plain_text
from scheduler.services.notifications import notify

MAX_TITLE = 120
MAX_BODY = 2000


def residents_of(session: Session, today: date, building_id: int | None) -> list[User]:
    """The people living in a building (or in any) today, by their active leases."""
    leases = [lease for lease in holding_leases(session, today) if lease.status == "active"]
    if building_id is not None:
        leases = [lease for lease in leases if lease.room.building_id == building_id]
    people = {lease.resident_id: lease.resident for lease in leases}
    return [people[key] for key in sorted(people)]


def post_notice(
    session: Session,
    officer: User,
    title: str,
    body: str,
    building_id: int | None,
    today: date,
    link: str = "",
) -> DormNotice:
    """Post a notice and notify the residents it is for."""
    title = plain_text(title, "title", MAX_TITLE, required=True)
    body = plain_text(body, "body", MAX_BODY, lines=True)
    if building_id is not None and session.get(DormBuilding, building_id) is None:
        raise ValidationError(N_("Choose a building or all residents."), field="building_id")
    notice = DormNotice(building_id=building_id, title=title, body=body, posted_by_id=officer.id)
    session.add(notice)
    session.flush()
    reached = residents_of(session, today, building_id)
    for resident in reached:
        notify(session, resident, words.NOTICE_POSTED, link=link, title=title)
    audit.record(session, officer, "post", notice, title, residents=len(reached))
    return notice


def withdraw_notice(session: Session, officer: User, notice_id: int) -> DormNotice:
    """Take a notice down (kept for the record)."""
    notice = session.get(DormNotice, notice_id)
    if notice is None:
        raise NotFound(N_("No such notice."))
    if not notice.active:
        raise Conflict(N_("This notice was already taken down."))
    notice.active = False
    session.flush()
    audit.record(session, officer, "withdraw", notice, notice.title)
    return notice


def all_notices(session: Session, limit: int = 50) -> list[DormNotice]:
    """The officer's list: every notice, newest first."""
    stmt = select(DormNotice).order_by(DormNotice.posted_at.desc(), DormNotice.id.desc())
    return list(session.scalars(stmt.limit(limit)))


def notices_for(session: Session, lease: Lease | None, limit: int = 10) -> list[DormNotice]:
    """What a resident sees: active notices to everyone and to their building, newest first."""
    stmt = select(DormNotice).where(DormNotice.active.is_(True))
    if lease is None:
        return []
    room = session.get(DormRoom, lease.room_id)
    building_id = room.building_id if room is not None else None
    stmt = stmt.where(or_(DormNotice.building_id.is_(None), DormNotice.building_id == building_id))
    stmt = stmt.order_by(DormNotice.posted_at.desc(), DormNotice.id.desc())
    return list(session.scalars(stmt.limit(limit)))
