"""A user's in-app notifications: listing, counting the unread, marking them read."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import Notification, User

PAGE_SIZE = 50


def unread_count(session: Session, user: User) -> int:
    """How many of the user's notifications are unread."""
    stmt = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return int(session.scalar(stmt) or 0)


def recent_notifications(
    session: Session, user: User, limit: int = PAGE_SIZE
) -> list[Notification]:
    """The user's newest notifications first."""
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def mark_all_read(session: Session, user: User) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
