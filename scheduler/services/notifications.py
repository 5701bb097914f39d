"""Notifications and mail: a message code and parameters for a person, shown in their language.

`notify` gives a user an in-app notification and queues the e-mail copy in the outbox; `queue_mail`
queues a mail to an address that is not a user (a trip's contact). Nothing is sent on the request
path: `deliver_outbox` sends what is due (the job layer runs it), once per row, with retries and
backoff; a mail that fails never undoes the action that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import Notification, OutboxMail, OutboxState, User
from scheduler.services.messages import is_defined, normal_locale, render, render_subject

log = logging.getLogger(__name__)

PAGE_SIZE = 50
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8, 16 minutes
OUTBOX_FLAG = "outbox_queued"  # set in session.info when a mail is queued, for the web layer


class MailSender(Protocol):
    def __call__(self, to: str, subject: str, body: str) -> None: ...


def log_mail_sender(to: str, subject: str, body: str) -> None:
    """The default sender: e-mail is written to the log (City Hall's mail relay plugs in here)."""
    log.info("mail to %s: %s\n%s", to, subject, body)


def notify(
    session: Session, user: User, code: str, *, link: str = "", mail: bool = True, **params: Any
) -> Notification:
    """Give `user` an in-app notification of message `code`; queue its e-mail copy when they have
    an address (and `mail` is true)."""
    if not is_defined(code):
        raise ValueError(f"undefined message code {code!r}")
    note = Notification(user_id=user.id, code=code, params=_plain(params), link=link)
    session.add(note)
    if mail and user.email:
        queue_mail(session, user.email, code, locale=user.locale, link=link, user=user, **params)
    return note


def queue_mail(
    session: Session,
    to: str,
    code: str,
    *,
    locale: str | None = None,
    link: str = "",
    user: User | None = None,
    **params: Any,
) -> OutboxMail:
    """Put one e-mail of message `code` in the outbox; it leaves after the commit, off the request."""
    if not is_defined(code):
        raise ValueError(f"undefined message code {code!r}")
    mail = OutboxMail(
        to_address=to[:120],
        locale=normal_locale(locale or (user.locale if user is not None else None)),
        code=code,
        params=_plain(params),
        link=link[:500],
        user_id=user.id if user is not None else None,
        state=OutboxState.PENDING.value,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(mail)
    session.info[OUTBOX_FLAG] = True
    return mail


def mail_text(mail: OutboxMail) -> tuple[str, str]:
    """(subject, body) of an outbox mail in its recipient's language."""
    body = render(mail.code, mail.params, mail.locale)
    if mail.link:
        body = f"{body}\n\n{mail.link}"
    return render_subject(mail.code, mail.params, mail.locale), body


def deliver_outbox(
    session: Session, send: MailSender, now: datetime | None = None, limit: int = 100
) -> int:
    """Send the due pending mails (each claimed first, so two deliverers never send one twice);
    a failure is retried later with backoff, up to MAX_ATTEMPTS. Commits per mail; returns sent."""
    now = now or utcnow()
    due = select(OutboxMail.id).where(
        OutboxMail.state == OutboxState.PENDING.value, OutboxMail.next_attempt_at <= now
    )
    sent = 0
    for mail_id in list(session.scalars(due.order_by(OutboxMail.id).limit(limit))):
        if _claim(session, mail_id, now):
            sent += _send_claimed(session, mail_id, send, now)
    return sent


def _claim(session: Session, mail_id: int, now: datetime) -> bool:
    """Move the mail's next attempt past any other deliverer's view; False if someone else did."""
    claimed = session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.state == OutboxState.PENDING.value,
            OutboxMail.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + FIRST_RETRY, attempts=OutboxMail.attempts + 1)
    )
    session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def _send_claimed(session: Session, mail_id: int, send: MailSender, now: datetime) -> int:
    mail = session.get(OutboxMail, mail_id)
    if mail is None:
        return 0
    subject, body = mail_text(mail)
    try:
        send(mail.to_address, subject, body)
    except Exception as exc:  # noqa: BLE001  (any relay failure: the action stands, retry later)
        log.warning(
            "mail %s to %s failed (attempt %s): %s", mail.id, mail.to_address, mail.attempts, exc
        )
        mail.last_error = f"{type(exc).__name__}: {exc}"[:300]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.state = OutboxState.FAILED.value
        else:
            mail.next_attempt_at = now + FIRST_RETRY * 2 ** (mail.attempts - 1)
        session.commit()
        return 0
    mail.state = OutboxState.SENT.value
    mail.sent_at = utcnow()
    session.commit()
    return 1


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as JSON values (instants as ISO strings), so they can be stored and rendered."""
    return {key: _json_value(value) for key, value in params.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


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
