"""Mail leaves after the request: queued mail is delivered once the request's work is committed.

Services only queue mail in the outbox (scheduler.services.notifications). Until the job layer
takes delivery over, the app delivers what a request queued right after the response is built,
in a session of its own, so a slow or failing relay never fails or rolls back the action.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g

from scheduler.services.notifications import (
    OUTBOX_FLAG,
    MailSender,
    deliver_outbox,
    log_mail_sender,
)

log = logging.getLogger(__name__)


def mail_sender(app: Flask | None = None) -> MailSender:
    """The configured mail sender (City Hall's relay in production), else the log."""
    config = (app or current_app).config
    sender: MailSender = config.get("MAIL_SENDER") or log_mail_sender
    return sender


def deliver_queued_mail(app: Flask) -> int:
    """Send what the outbox holds that is due; errors are logged, never raised."""
    try:
        with app.extensions["sessionmaker"]() as session:
            return deliver_outbox(session, mail_sender(app))
    except Exception:
        log.exception("mail delivery failed; the outbox keeps the mail for a retry")
        return 0


def init_mail(app: Flask) -> None:
    """Deliver the mail a request queued once the request is done with its own transaction."""

    @app.after_request
    def _deliver(response: Response) -> Response:
        session = g.get("db_session")
        if session is not None and session.info.pop(OUTBOX_FLAG, False):
            # The view has committed its work; end any later (reading) transaction so the
            # delivering session does not wait for this one's lock.
            session.rollback()
            deliver_queued_mail(app)
        return response
