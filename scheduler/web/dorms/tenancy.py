"""The housing officer's leases (ending within 90 days, offers, move-ins), the family
dormitories with their reviews, and the notices to residents."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError
from scheduler.services import dorms
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
from scheduler.web.dorms.forms import CHECK_LABELS, DayForm, NoticeForm, RenewForm, ReviewForm
from scheduler.web.dorms.manage import officer_only


def _leases_page(
    status: int = 200, errors: dict[tuple[str, int], FlaskForm] | None = None
) -> Response:
    session = db_session()
    day = today()
    return page(
        "dorms/_leases.html",
        _("Leases"),
        officer=True,
        status=status,
        ending=dorms.ending_leases(session, day),
        offers=dorms.open_offers(session),
        not_moved_in=dorms.not_moved_in(session),
        terms={
            lease.id: dorms.lease_term(session, lease)
            for lease in dorms.ending_leases(session, day)
        },
        errors=errors or {},
        today=day,
    )


@bp.get("/manage/leases")
@officer_only
def leases() -> Response:
    """Leases ending in the next 90 days (renew or record the move-out), open offers, move-ins."""
    return _leases_page()


def _day_action(lease_id: int, kind: str, action: Any, message: str) -> Response | BaseResponse:
    form = DayForm(prefix=f"{kind}-{lease_id}")
    if not form.validate_on_submit():
        return _leases_page(form_problem(form) or 422, {(kind, lease_id): form})
    day = form.day.data
    result = attempt(lambda s, actor: action(s, actor, day))
    if isinstance(result, DomainError):
        return _leases_page(refused(form, result), {(kind, lease_id): form})
    return done(message, "dorms.leases")


@bp.post("/manage/leases/<int:lease_id>/move-in")
@officer_only
def move_in(lease_id: int) -> Response | BaseResponse:
    """Record the day the resident moved in."""
    return _day_action(
        lease_id,
        "in",
        lambda s, actor, day: dorms.record_move_in(s, actor, lease_id, day, today()),
        _("The move-in was recorded."),
    )


@bp.post("/manage/leases/<int:lease_id>/move-out")
@officer_only
def move_out(lease_id: int) -> Response | BaseResponse:
    """Record the move-out: the lease ends and the room is free for the next allocation."""
    return _day_action(
        lease_id,
        "out",
        lambda s, actor, day: dorms.record_move_out(s, actor, lease_id, day, mine_link()),
        _("The move-out was recorded; the room is free for the next allocation."),
    )


@bp.post("/manage/leases/<int:lease_id>/renew")
@officer_only
def renew(lease_id: int) -> Response | BaseResponse:
    """Renew the lease for a new period."""
    form = RenewForm(prefix=f"renew-{lease_id}")
    if not form.validate_on_submit():
        return _leases_page(form_problem(form) or 422, {("renew", lease_id): form})
    reason = str(form.reason.data or "")
    result = attempt(lambda s, actor: dorms.renew_lease(s, actor, lease_id, reason, mine_link()))
    if isinstance(result, DomainError):
        return _leases_page(refused(form, result), {("renew", lease_id): form})
    return done(_("The lease was renewed."), "dorms.leases")


def _family_page(status: int = 200, errors: dict[int, ReviewForm] | None = None) -> Response:
    return page(
        "dorms/_family.html",
        _("Family dormitories"),
        officer=True,
        status=status,
        households=dorms.households(db_session(), today()),
        errors=errors or {},
        check_labels=CHECK_LABELS,
    )


@bp.get("/manage/family")
@officer_only
def family() -> Response:
    """The family dormitories, their households and the continued-stay reviews."""
    return _family_page()


@bp.post("/manage/family/<int:lease_id>/review")
@officer_only
def review_stay(lease_id: int) -> Response | BaseResponse:
    """Record a continued-stay review."""
    form = ReviewForm(prefix=f"review-{lease_id}")
    if not form.validate_on_submit():
        return _family_page(form_problem(form) or 422, {lease_id: form})
    checks = {name: bool(form[name].data) for name in dorms.CHECKS}
    note = str(form.note.data or "")
    result = attempt(
        lambda s, actor: dorms.review_stay(s, actor, lease_id, checks, note, today(), mine_link())
    )
    if isinstance(result, DomainError):
        return _family_page(refused(form, result), {lease_id: form})
    return done(_("The review was recorded."), "dorms.family")


def _notices_page(form: NoticeForm | None = None, status: int = 200) -> Response:
    session = db_session()
    buildings = dorms.single_buildings(session)
    return page(
        "dorms/_notices.html",
        _("Notices to residents"),
        officer=True,
        status=status,
        form=(form or NoticeForm(formdata=None)).fill(buildings),
        notices=dorms.all_notices(session),
    )


@bp.route("/manage/notices", methods=["GET", "POST"])
@officer_only
def notices() -> Response | BaseResponse:
    """The notices, and a new one to all residents or one building's."""
    form = NoticeForm()
    form.fill(dorms.single_buildings(db_session()))
    if not form.validate_on_submit():
        return _notices_page(form, 422 if request.method == "POST" else 200)
    title, body, building = str(form.title.data), str(form.body.data or ""), form.building()
    result = attempt(
        lambda s, actor: dorms.post_notice(s, actor, title, body, building, today(), mine_link())
    )
    if isinstance(result, DomainError):
        return _notices_page(form, refused(form, result))
    return done(_("The notice was posted and the residents notified."), "dorms.notices")


@bp.post("/manage/notices/<int:notice_id>/withdraw")
@officer_only
def withdraw_notice(notice_id: int) -> Response | BaseResponse:
    """Take a notice down."""
    result = attempt(lambda s, actor: dorms.withdraw_notice(s, actor, notice_id))
    if isinstance(result, DomainError):
        return _notices_page(status=409)
    return done(_("The notice was taken down."), "dorms.notices")
