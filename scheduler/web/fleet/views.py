"""Car requests: agency staff request, edit and cancel; dispatchers record outcomes and read surveys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import Conflict, DomainError
from scheduler.models import Role, Trip, TripStatus
from scheduler.services.fleet.availability import Availability, availability
from scheduler.services.fleet.surveys import survey_results
from scheduler.services.fleet.trips import (
    CANCELLABLE_STATUSES,
    EDITABLE_STATUSES,
    Outcome,
    agency_trips,
    awaiting_outcome,
    cancel_trip,
    edit_trip,
    largest_pooled_seats,
    record_outcome,
    request_trip,
    visible_trip,
)
from scheduler.web.access import acting_user, roles_required
from scheduler.web.database import db_session
from scheduler.web.extensions import htmx
from scheduler.web.fleet.forms import (
    NEED_CHOICES,
    RATING_CHOICES,
    URGENT_REASON_CHOICES,
    CancelForm,
    OutcomeForm,
    TripForm,
    outcome_form_data,
    trip_form_data,
)
from scheduler.web.forms import attach_error
from scheduler.web.htmx import render

bp = Blueprint("fleet", __name__, url_prefix="/trips")

# The driver and car are the passengers' business only once the dispatcher has approved the plan.
ASSIGNMENT_SHOWN = (TripStatus.APPROVED.value, TripStatus.COMPLETED.value, TripStatus.NO_SHOW.value)


def show_error(form: FlaskForm, error: DomainError) -> None:
    """A service's message, translated, beside its field."""
    attach_error(form, error)


def _redirect(url: str) -> BaseResponse:
    """After a change: a normal redirect, or HX-Redirect so htmx loads the whole next page."""
    if htmx:
        response = Response(status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def _template_context() -> dict[str, object]:
    return {
        "editable": EDITABLE_STATUSES,
        "cancellable": CANCELLABLE_STATUSES,
        "assignment_shown": ASSIGNMENT_SHOWN,
        "need_labels": {value: str(label) for value, label in NEED_CHOICES},
        "urgent_labels": {value: str(label) for value, label in URGENT_REASON_CHOICES},
    }


@bp.get("/")
@roles_required(Role.AGENCY_STAFF)
def my_trips() -> Response:
    """The agency's requests and trips, upcoming or past."""
    past = request.args.get("when") == "past"
    trips = agency_trips(db_session(), acting_user(), upcoming=not past)
    return render(
        "fleet/index.html", "fleet/_trip_table.html", trips=trips, past=past, **_template_context()
    )


def _hint(form: TripForm, exclude_trip_id: int | None = None) -> dict[str, object]:
    """What the availability hint says for the form's current inputs."""
    slot = form.slot()
    if slot is None or slot.end <= slot.start or slot.passengers < 1:
        return {"state": "incomplete"}
    seats = largest_pooled_seats(db_session())
    if seats is not None and slot.passengers > seats:
        return {"state": "too_many", "seats": seats}
    result: Availability = availability(db_session(), slot, exclude_trip_id)
    return {"state": "checked", "free": result.free, "suggestions": result.suggestions}


@bp.get("/hint")
@roles_required(Role.AGENCY_STAFF)
def hint() -> Response:
    """The availability hint for the inputs typed so far (htmx asks as they change)."""
    form = TripForm(formdata=request.args, meta={"csrf": False})
    form.validate()  # only to convert the inputs; errors are the form's business, not the hint's
    trip_id = request.args.get("trip_id", type=int)
    if trip_id is not None:
        visible_trip(db_session(), acting_user(), trip_id)  # no peeking past other agencies' trips
    return render("fleet/hint.html", "fleet/_hint.html", hint=_hint(form, trip_id))


def _form_page(form: TripForm, trip: Trip | None, status: int = 200) -> Response:
    form.wire_hint(url_for("fleet.hint", trip_id=trip.id if trip else None))
    # Without JavaScript the "check free cars" button posts the inputs here to fill the hint.
    hint_ctx = _hint(form, trip.id if trip else None) if _checking() else None
    return render(
        "fleet/form.html",
        "fleet/_trip_form.html",
        status=status,
        form=form,
        trip=trip,
        hint=hint_ctx,
    )


def _checking() -> bool:
    """True when the "check free cars" button sent the form: show the hint, save nothing.

    It posts (a GET would put the CSRF token in the URL); nothing changes, so nothing is validated.
    """
    return request.method == "POST" and bool(request.form.get("check"))


def _post(form: FlaskForm, action: Callable[[], Trip], done: str) -> BaseResponse | int:
    """Validate the form and call the service: commit and go to the trip, or give the status to show.

    200 when nothing was sent, 422 for a malformed form, the DomainError's status (rolled back, its
    message beside the field) when the service refused.
    """
    if not form.validate_on_submit():
        return 422 if request.method == "POST" else 200
    session = db_session()
    try:
        trip = action()
    except DomainError as error:
        session.rollback()
        show_error(form, error)
        return error.status_code
    session.commit()
    flash(done, "info")
    return _redirect(url_for("fleet.detail", trip_id=trip.id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.AGENCY_STAFF)
def create() -> Response | BaseResponse:
    """Request a car for the agency."""
    if _checking():
        return _form_page(TripForm(), None)
    form = TripForm()
    outcome = _post(
        form,
        lambda: request_trip(db_session(), acting_user(), form.to_request()),
        _("Your car request was sent to the dispatcher."),
    )
    if not isinstance(outcome, int):
        return outcome
    return _form_page(form, None, outcome)


@bp.get("/<int:trip_id>")
@roles_required(Role.AGENCY_STAFF, Role.DISPATCHER)
def detail(trip_id: int) -> Response:
    """One trip: the request, its status and, once approved, the car and driver."""
    trip = visible_trip(db_session(), acting_user(), trip_id)
    own = acting_user().has_role(Role.AGENCY_STAFF) and trip.agency_id == acting_user().agency_id
    return render(
        "fleet/detail.html", "fleet/_detail.html", trip=trip, own=own, **_template_context()
    )


def _own_trip(trip_id: int) -> Trip:
    """The trip if it belongs to the acting staff member's agency, else 404 (no hint it exists)."""
    user = acting_user()
    trip = visible_trip(db_session(), user, trip_id)
    if trip.agency_id != user.agency_id:
        abort(404)
    return trip


@bp.route("/<int:trip_id>/edit", methods=["GET", "POST"])
@roles_required(Role.AGENCY_STAFF)
def update(trip_id: int) -> Response | BaseResponse:
    """Change a request that is not approved yet."""
    trip = _own_trip(trip_id)
    if trip.status not in EDITABLE_STATUSES:
        raise Conflict(_("Only requests that are not approved yet can be changed."))
    if _checking():
        return _form_page(TripForm(), trip)
    form = TripForm(data=trip_form_data(trip))
    outcome = _post(
        form,
        lambda: edit_trip(
            db_session(), acting_user(), trip, form.to_request(), form.expected_version()
        ),
        _("The request was changed."),
    )
    if not isinstance(outcome, int):
        return outcome
    return _form_page(form, trip, outcome)


@bp.route("/<int:trip_id>/cancel", methods=["GET", "POST"])
@roles_required(Role.AGENCY_STAFF)
def cancel(trip_id: int) -> Response | BaseResponse:
    """Cancel a request, or an approved trip (which frees its car and tells the dispatchers)."""
    trip = _own_trip(trip_id)
    form = CancelForm(data={"version": str(trip.version)})
    link = url_for("fleet.detail", trip_id=trip.id)
    outcome = _post(
        form,
        lambda: cancel_trip(
            db_session(),
            acting_user(),
            trip,
            form.reason.data or "",
            link,
            form.expected_version(),
        ),
        _("The trip was cancelled."),
    )
    if not isinstance(outcome, int):
        return outcome
    return render(
        "fleet/cancel.html", "fleet/_cancel_form.html", status=outcome, form=form, trip=trip
    )


@bp.route("/<int:trip_id>/outcome", methods=["GET", "POST"])
@roles_required(Role.DISPATCHER)
def outcome(trip_id: int) -> Response | BaseResponse:
    """The dispatcher records what happened: completed (times, odometer), cancelled or no-show."""
    trip = visible_trip(db_session(), acting_user(), trip_id)
    form = OutcomeForm(data=outcome_form_data(trip))

    def record() -> Trip:
        result = Outcome(
            status=form.status.data or "",
            actual_start=form.aware(form.actual_start.data),
            actual_end=form.aware(form.actual_end.data),
            odometer_start=form.odometer_start.data,
            odometer_end=form.odometer_end.data,
            reason=form.reason.data or "",
        )
        return record_outcome(
            db_session(),
            acting_user(),
            trip,
            result,
            lambda token: url_for("survey.answer", token=token, _external=True),
            form.expected_version(),
        )

    answer = _post(form, record, _("The outcome was recorded."))
    if not isinstance(answer, int):
        return answer
    return render(
        "fleet/outcome.html", "fleet/_outcome_form.html", status=answer, form=form, trip=trip
    )


@bp.get("/outcomes")
@roles_required(Role.DISPATCHER)
def outcomes() -> Response:
    """Approved trips that are over and still need their outcome recorded."""
    trips = awaiting_outcome(db_session())
    return render("fleet/outcomes.html", "fleet/_outcome_table.html", trips=trips)


def _month_arg() -> date | None:
    """?month=2021-06 (as an <input type="month"> sends it), or None for every month."""
    value = request.args.get("month", "")
    try:
        return date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None


@bp.get("/surveys")
@roles_required(Role.DISPATCHER)
def surveys() -> Response:
    """The passengers' answers, filtered by month, and the share of satisfied answers."""
    month = _month_arg()
    results = survey_results(db_session(), month)
    labels = {value: str(label) for value, label in RATING_CHOICES}
    return render(
        "fleet/surveys.html",
        "fleet/_survey_table.html",
        results=results,
        month=month,
        rating_labels=labels,
    )
