"""The admin area: agencies, users, vehicles and their outages, venues and fees, equipment, dorms."""

from __future__ import annotations

from flask import Response
from sqlalchemy import func, select

from scheduler.models import Role
from scheduler.web.access import roles_required
from scheduler.web.admin import fees, outages  # noqa: F401  (their views join the Blueprint)
from scheduler.web.admin.blueprint import bp
from scheduler.web.admin.catalogue import SPECS
from scheduler.web.admin.crud import register
from scheduler.web.database import db_session
from scheduler.web.htmx import render

__all__ = ["bp"]

for _spec in SPECS:
    register(_spec)


@bp.context_processor
def _sections() -> dict[str, object]:
    return {"admin_sections": SPECS}


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> Response:
    """An overview: how many of each resource are in use and retired, with links to manage them."""
    session = db_session()
    counts = []
    for spec in SPECS:
        rows = session.execute(select(spec.model.active, func.count()).group_by(spec.model.active))
        by_state = {bool(active): int(count) for active, count in rows}
        counts.append((spec, by_state.get(True, 0), by_state.get(False, 0)))
    return render("admin/index.html", "admin/_overview.html", counts=counts)
