"""The housing officer: the overview, rooms with their status, and applications to verify."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError, NotFound
from scheduler.models import DormApplication, Role
from scheduler.services import dorms
from scheduler.web.access import roles_required
from scheduler.web.database import db_session
from scheduler.web.dorms.blueprint import (
    attempt,
    bp,
    done,
    form_problem,
    mine_link,
    page,
    refused,
    today,
)
from scheduler.web.dorms.forms import HOLD_LABELS, HoldForm, PointsForm, ReasonForm
from scheduler.web.forms import error_text

officer_only = roles_required(Role.HOUSING_OFFICER)
APPLICATION_TABS = ("submitted", "waiting", "offered", "rejected")


@bp.get("/manage")
@officer_only
def manage() -> Response:
    """What needs the housing officer: applications to verify, vacancies, offers, leases ending."""
    session = db_session()
    day = today()
    rows = dorms.room_rows(session, day)
    return page(
        "dorms/_manage.html",
        _("Dormitories"),
        officer=True,
        counts=dorms.status_counts(rows),
        rooms=len(rows),
        submitted=len(dorms.applications_by_status(session, "submitted")),
        waiting=len(dorms.waiting_list(session)),
        offers=dorms.open_offers(session),
        ending=len(dorms.ending_leases(session, day)),
        runs=dorms.recent_runs(session, 5),
    )


def _rooms_page(status: int = 200, forms: dict[int, HoldForm] | None = None) -> Response:
    shown = request.args.get("status") or None
    rows = dorms.room_rows(db_session(), today())
    chosen = [row for row in rows if shown is None or row.status == shown]
    return page(
        "dorms/_rooms.html",
        _("Rooms"),
        officer=True,
        status=status,
        rows=chosen,
        counts=dorms.status_counts(rows),
        shown=shown,
        statuses=dorms.ROOM_STATUSES,
        forms=forms or {},
        hold_labels=HOLD_LABELS,
    )


@bp.get("/manage/rooms")
@officer_only
def rooms() -> Response:
    """Every room with its status today: leased, offered, vacant, under repair, reserved."""
    return _rooms_page()


@bp.post("/manage/rooms/<int:room_id>/hold")
@officer_only
def hold(room_id: int) -> Response | BaseResponse:
    """Put a vacant room under repair, reserve it, or make it available again."""
    form = HoldForm()
    if not form.validate_on_submit():
        return _rooms_page(422, {room_id: form})
    result = attempt(
        lambda s, actor: dorms.set_room_hold(
            s, actor, room_id, str(form.hold.data or ""), str(form.note.data or ""), today()
        )
    )
    if isinstance(result, DomainError):
        return _rooms_page(refused(form, result), {room_id: form})
    return done(_("Room %(room)s updated.", room=result.label), "dorms.rooms")


@bp.get("/manage/applications")
@officer_only
def applications() -> Response:
    """Applications by status; the waiting list in its priority order."""
    session = db_session()
    tab = request.args.get("status", "submitted")
    if tab not in APPLICATION_TABS:
        tab = "submitted"
    listed = (
        dorms.waiting_list(session)
        if tab == "waiting"
        else dorms.applications_by_status(session, tab)
    )
    return page(
        "dorms/_applications.html",
        _("Applications"),
        officer=True,
        tab=tab,
        tabs=APPLICATION_TABS,
        listed=listed,
    )


def _load(application_id: int) -> DormApplication:
    try:
        return dorms.application_for_officer(db_session(), application_id)
    except NotFound:
        abort(404)


def _review_page(record: DormApplication, status: int = 200, **forms: Any) -> Response:
    session = db_session()
    return page(
        "dorms/_review.html",
        _("Application #%(id)s", id=record.id),
        officer=True,
        status=status,
        application=record,
        place=dorms.queue.place_if_verified(session, record),
        points_form=forms.get("points_form") or PointsForm(formdata=None, points=record.points),
        reject_form=forms.get("reject_form") or ReasonForm(formdata=None, prefix="reject"),
        refusal=forms.get("refusal"),
    )


@bp.get("/manage/applications/<int:application_id>")
@officer_only
def review(application_id: int) -> Response:
    """One application: answers, points breakdown, documents to check; verify, correct, reject."""
    return _review_page(_load(application_id))


@bp.post("/manage/applications/<int:application_id>/verify")
@officer_only
def verify(application_id: int) -> Response | BaseResponse:
    """Approve the eligibility: the application joins the waiting list."""
    record = _load(application_id)
    result = attempt(
        lambda s, actor: dorms.verify_application(s, actor, application_id, mine_link())
    )
    if isinstance(result, DomainError):
        return _review_page(record, 422, refusal=error_text(result))
    return done(
        _("Application #%(id)s is on the waiting list.", id=application_id), "dorms.applications"
    )


@bp.post("/manage/applications/<int:application_id>/points")
@officer_only
def points(application_id: int) -> Response | BaseResponse:
    """Correct the points, with the reason the applicant will read."""
    record = _load(application_id)
    form = PointsForm()
    if not form.validate_on_submit():
        return _review_page(record, form_problem(form), points_form=form)
    value = int(form.points.data or 0)
    reason = str(form.reason.data or "")
    result = attempt(
        lambda s, actor: dorms.correct_points(s, actor, application_id, value, reason, mine_link())
    )
    if isinstance(result, DomainError):
        return _review_page(record, refused(form, result), points_form=form)
    return done(_("The points were corrected."), "dorms.review", application_id=application_id)


@bp.post("/manage/applications/<int:application_id>/reject")
@officer_only
def reject(application_id: int) -> Response | BaseResponse:
    """Reject the application, with the reason the applicant will read."""
    record = _load(application_id)
    form = ReasonForm(prefix="reject")
    if not form.validate_on_submit():
        return _review_page(record, form_problem(form), reject_form=form)
    reason = str(form.reason.data or "")
    result = attempt(
        lambda s, actor: dorms.reject_application(s, actor, application_id, reason, mine_link())
    )
    if isinstance(result, DomainError):
        return _review_page(record, refused(form, result), reject_form=form)
    return done(_("The application was rejected."), "dorms.applications")
