"""The signed-in user's notifications (approvals, cancellations ...)."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse

from scheduler.services.notifications import mark_all_read, recent_notifications, unread_count
from scheduler.web.access import acting_user
from scheduler.web.database import db_session
from scheduler.web.htmx import render

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index() -> Response:
    """List the user's notifications, newest first (only their own)."""
    session = db_session()
    user = acting_user()
    return render(
        "notifications/index.html",
        "notifications/_list.html",
        notes=recent_notifications(session, user),
        unread=unread_count(session, user),
    )


@bp.post("/read")
@login_required
def mark_read() -> BaseResponse:
    """Mark all of the user's notifications read."""
    session = db_session()
    mark_all_read(session, acting_user())
    session.commit()
    return redirect(url_for("notifications.index"))
