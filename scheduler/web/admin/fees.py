"""A venue's fee schedule: add, change and remove its lines."""

from __future__ import annotations

from flask import Response, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError
from scheduler.models import Role, Venue, VenueFee
from scheduler.services.admin.venues import remove_fee, save_fee
from scheduler.web.access import roles_required
from scheduler.web.admin.blueprint import attempt, bp, form_values, load
from scheduler.web.admin.catalogue import VENUES
from scheduler.web.admin.crud import act_on_detail, back_to_detail, load_child, submit_detail
from scheduler.web.admin.forms import FeeForm
from scheduler.web.forms import attach_error
from scheduler.web.htmx import render

SECTION = "fee"


@bp.post("/venues/<int:record_id>/fees")
@roles_required(Role.ADMIN)
def add_venue_fee(record_id: int) -> Response | BaseResponse:
    """Add a line to the venue's fee schedule."""
    venue = load(Venue, record_id)
    return submit_detail(
        VENUES,
        venue,
        FeeForm(),
        lambda session, actor, **values: save_fee(session, actor, venue, None, **values),
        _("Fee line added."),
        SECTION,
    )


@bp.route("/venues/<int:record_id>/fees/<int:fee_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def update_venue_fee(record_id: int, fee_id: int) -> Response | BaseResponse:
    """Show one fee line's form, or save its changes."""
    fee: VenueFee = load_child(VenueFee.venue_id, fee_id, record_id)
    form = FeeForm(obj=fee)
    if form.validate_on_submit():
        values = form_values(form)
        outcome = attempt(lambda session, actor: save_fee(session, actor, fee.venue, fee, **values))
        if not isinstance(outcome, DomainError):
            return back_to_detail(VENUES, fee.venue, _("Fee line saved."), SECTION)
        attach_error(form, outcome)
    status = 422 if request.method == "POST" else 200
    return render("admin/fee_form.html", "admin/_fee_form.html", status=status, fee=fee, form=form)


@bp.post("/venues/<int:record_id>/fees/<int:fee_id>/remove")
@roles_required(Role.ADMIN)
def remove_venue_fee(record_id: int, fee_id: int) -> Response | BaseResponse:
    """Remove a line from the venue's fee schedule."""
    fee = load_child(VenueFee.venue_id, fee_id, record_id)
    return act_on_detail(
        VENUES,
        fee.venue,
        lambda session, actor: remove_fee(session, actor, fee),
        _("Fee line removed."),
        SECTION,
    )
