"""The resident's and applicant's pages: my room and lease, my application and place, applying,
answering an offer, the move-out notice and the renewal request. Only the person's own records:
another person's id in a URL or a form is a 404."""

from __future__ import annotations

from flask import Response, abort, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError, NotFound
from scheduler.models import DormApplication, Lease, Role
from scheduler.services import dorms
from scheduler.web.access import acting_user, roles_required
from scheduler.web.database import db_session
from scheduler.web.dorms.blueprint import attempt, bp, done, mine_link, page, refused, today
from scheduler.web.dorms.forms import ApplicationForm, DayForm, application_form
from scheduler.web.forms import error_text


@bp.get("/mine")
@roles_required(Role.RESIDENT)
def mine() -> Response:
    """My room and lease, or my offer, or my place on the waiting list; notices for residents."""
    session = db_session()
    user = acting_user()
    return page(
        "dorms/_mine.html",
        _("My dormitory"),
        mine=dorms.my_dormitory(session, user, today()),
        applications=dorms.my_applications(session, user),
        notice_form=DayForm(formdata=None),
    )


def _apply_page(form: ApplicationForm, status: int = 200) -> Response:
    session = db_session()
    return page(
        "dorms/_apply_form.html",
        _("Apply for a dormitory room"),
        status=status,
        form=form,
        questions=dorms.active_questions(session),
        field_name=dorms.field_name,
    )


@bp.route("/apply", methods=["GET", "POST"])
@roles_required(Role.RESIDENT)
def apply() -> Response | BaseResponse:
    """Apply for a room: the eligibility questions, documents to bring, buildings in order, needs."""
    session = db_session()
    user = acting_user()
    questions = dorms.active_questions(session)
    form = application_form(questions, dorms.single_buildings(session), gender=user.gender or None)
    if not form.validate_on_submit():
        return _apply_page(form, 422 if request.method == "POST" else 200)
    data = dorms.ApplicationInput(
        answers=form.answers(questions),
        preferences=[str(form.first_choice.data or ""), str(form.second_choice.data or "")],
        gender=str(form.gender.data or ""),
        needs_accessible=bool(form.needs_accessible.data),
        link=mine_link(),
    )
    result = attempt(lambda s, actor: dorms.apply_for_room(s, actor, data, today()))
    if isinstance(result, DomainError):
        return _apply_page(form, refused(form, result))
    return done(
        _("Your application was received. Bring the documents listed to the housing office."),
        "dorms.application",
        application_id=result.id,
    )


def _own_application(application_id: int) -> DormApplication:
    try:
        return dorms.own_application(db_session(), acting_user(), application_id)
    except NotFound:
        abort(404)


@bp.get("/applications/<int:application_id>")
@roles_required(Role.RESIDENT)
def application(application_id: int) -> Response:
    """My application: answers and the points each gave, documents to bring, its status."""
    record = _own_application(application_id)
    session = db_session()
    return page(
        "dorms/_application.html",
        _("My application #%(id)s", id=record.id),
        application=record,
        place=dorms.queue.place_if_verified(session, record)
        if record.status in ("submitted", "waiting")
        else None,
    )


@bp.post("/applications/<int:application_id>/withdraw")
@roles_required(Role.RESIDENT)
def withdraw(application_id: int) -> BaseResponse:
    """Take my application off the waiting list."""
    result = attempt(lambda s, actor: dorms.withdraw_application(s, actor, application_id))
    if isinstance(result, DomainError):
        abort(result.status_code)
    return done(_("Your application was withdrawn."), "dorms.mine")


def _own_lease(lease_id: int) -> Lease:
    try:
        return dorms.own_lease(db_session(), acting_user(), lease_id)
    except NotFound:
        abort(404)


def _lease_page(
    lease: Lease, form: DayForm | None = None, status: int = 200, **extra: object
) -> Response:
    session = db_session()
    return page(
        "dorms/_lease.html",
        _("My room %(room)s", room=lease.room.label),
        status=status,
        lease=lease,
        term=dorms.lease_term(session, lease) if lease.status == "active" else None,
        notice_form=form or DayForm(formdata=None),
        **extra,
    )


@bp.get("/leases/<int:lease_id>")
@roles_required(Role.RESIDENT)
def lease(lease_id: int) -> Response:
    """My lease or offer: room, dates, renewal deadline and how to renew, move-out notice."""
    return _lease_page(_own_lease(lease_id))


def _lease_action(lease_id: int, action: object, message: str) -> Response | BaseResponse:
    record = _own_lease(lease_id)
    result = attempt(action)  # type: ignore[arg-type]
    if isinstance(result, DomainError):
        return _lease_page(record, status=422, refusal=error_text(result))
    return done(message, "dorms.lease", lease_id=lease_id)


@bp.post("/leases/<int:lease_id>/accept")
@roles_required(Role.RESIDENT)
def accept(lease_id: int) -> Response | BaseResponse:
    """Accept the offered room: the lease starts today."""
    return _lease_action(
        lease_id,
        lambda s, actor: dorms.accept_offer(s, actor, lease_id, link=mine_link()),
        _("You accepted the room. Sign the lending contract and move in by the date shown."),
    )


@bp.post("/leases/<int:lease_id>/decline")
@roles_required(Role.RESIDENT)
def decline(lease_id: int) -> Response | BaseResponse:
    """Decline the offered room: it goes to the next allocation."""
    return _lease_action(
        lease_id,
        lambda s, actor: dorms.decline_offer(s, actor, lease_id),
        _("You declined the room."),
    )


@bp.post("/leases/<int:lease_id>/renewal")
@roles_required(Role.RESIDENT)
def request_renewal(lease_id: int) -> Response | BaseResponse:
    """Ask the housing office to renew my lease."""
    return _lease_action(
        lease_id,
        lambda s, actor: dorms.request_renewal(s, actor, lease_id),
        _("Your renewal request was sent to the housing office."),
    )


@bp.post("/leases/<int:lease_id>/notice")
@roles_required(Role.RESIDENT)
def move_out_notice(lease_id: int) -> Response | BaseResponse:
    """Tell the housing office the day I will move out."""
    record = _own_lease(lease_id)
    form = DayForm()
    if not form.validate_on_submit():
        return _lease_page(record, form, 422)
    day = form.day.data
    assert day is not None
    result = attempt(
        lambda s, actor: dorms.give_move_out_notice(s, actor, lease_id, day, today(), link="")
    )
    if isinstance(result, DomainError):
        return _lease_page(record, form, refused(form, result))
    return done(
        _("Your move-out notice was sent to the housing office."), "dorms.lease", lease_id=lease_id
    )
