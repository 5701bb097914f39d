"""The home page: for each of the user's roles, what is waiting for them."""

from __future__ import annotations

from flask import Blueprint, Response
from flask_login import login_required

from scheduler.services.dashboard import waiting_for
from scheduler.web.access import acting_user
from scheduler.web.database import db_session
from scheduler.web.htmx import render

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index() -> Response:
    """One panel per role the user holds, each listing what needs them and linking into its area."""
    panels = waiting_for(db_session(), acting_user())
    return render("home/index.html", "home/_panels.html", panels=panels)
