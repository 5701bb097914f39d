"""The audit trail and notifications: every service that changes something records it here."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy.orm import Session

from scheduler.models import AuditEntry, Notification, User

log = logging.getLogger(__name__)


class HasId(Protocol):
    id: Any


def record(
    session: Session,
    actor: User | None,
    action: str,
    obj: HasId | None,
    summary: str = "",
    object_type: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one audit entry for `action` on `obj` by `actor`."""
    entry = AuditEntry(
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or (type(obj).__name__ if obj is not None else "system"),
        object_id=getattr(obj, "id", None) if obj is not None else None,
        summary=summary,
        detail=detail,
    )
    session.add(entry)
    return entry


class MailSender(Protocol):
    def __call__(self, to: str, subject: str, body: str) -> None: ...


def log_mail_sender(to: str, subject: str, body: str) -> None:
    """The default sender: e-mail is written to the log (City Hall's mail relay plugs in here)."""
    log.info("mail to %s: %s\n%s", to, subject, body)


def notify(
    session: Session,
    user: User,
    message: str,
    link: str = "",
    mail: MailSender | None = None,
) -> Notification:
    """Give `user` an in-app notification and, when a sender is passed, an e-mail copy."""
    note = Notification(user_id=user.id, message=message, link=link)
    session.add(note)
    if mail is not None and user.email:
        mail(user.email, message.splitlines()[0][:120], message)
    return note
