"""The dispatcher's board: vehicles by time, optimizer runs with progress, drafts, approval, recalls."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db import utcnow
from scheduler.errors import DomainError, NotFound
from scheduler.i18n import local
from scheduler.models import OptimizationRun, Role
from scheduler.services import dispatch
from scheduler.services.fleet.rules import pooled_vehicles
from scheduler.web.access import acting_user, roles_required
from scheduler.web.database import db_session
from scheduler.web.dispatch.forms import ChangeForm, OptimizeForm, OutageForm, taipei
from scheduler.web.extensions import htmx
from scheduler.web.forms import attach_error, error_text
from scheduler.web.htmx import render
from scheduler.web.navigation import link_to

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch")

RUN_STATE_LABELS = {
    "running": _l("Optimizing"),
    "draft": _l("Draft"),
    "approved": _l("Approved"),
    "discarded": _l("Discarded"),
    "failed": _l("Failed"),
}
CHANGE_LABELS = {
    "new": _l("New"),
    "moved": _l("Moved"),
    "unchanged": _l("Unchanged"),
    "unassigned": _l("Unassigned"),
}


@bp.context_processor
def _labels() -> dict[str, Any]:
    """Run states and plan changes in the user's language (stored as English codes)."""
    return {
        "run_state_label": lambda state: str(RUN_STATE_LABELS.get(state, state)),
        "change_labels": {code: str(label) for code, label in CHANGE_LABELS.items()},
    }


def _shown_day() -> date:
    """The board's day from ?date=YYYY-MM-DD, else today in Taipei."""
    try:
        return date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return local(utcnow()).date()


def _board_context(
    view: str, day: date, optimize: OptimizeForm | None = None, outage: OutageForm | None = None
) -> dict[str, Any]:
    session = db_session()
    board = dispatch.build_board(session, view, day)
    if optimize is None:
        optimize = OptimizeForm(
            formdata=None, first_day=board.period.first_day, last_day=board.period.last_day
        )
    outage = (outage or OutageForm(formdata=None)).fill_vehicles(pooled_vehicles(session))
    return {"board": board, "optimize_form": optimize, "outage_form": outage}


@bp.get("/")
@roles_required(Role.DISPATCHER)
def board() -> Response:
    """The board for a day or week; htmx swaps just the board when moving between dates."""
    view = request.args.get("view", "day")
    return render(
        "dispatch/board.html", "dispatch/_board.html", **_board_context(view, _shown_day())
    )


def _launch(run_id: int, instance: dict[str, Any]) -> None:
    """Solve in a background thread (its own sessions), or right here in DISPATCH_SYNC mode."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    args = (app.extensions["sessionmaker"], run_id, instance, _time_limit())
    if app.config.get("DISPATCH_SYNC"):
        dispatch.execute_run(*args)
    else:
        threading.Thread(
            target=dispatch.execute_run, args=args, name=f"fleet-run-{run_id}", daemon=True
        ).start()


def _time_limit() -> float:
    return float(current_app.config.get("SOLVER_TIME_LIMIT", 10.0))


@bp.post("/runs")
@roles_required(Role.DISPATCHER)
def optimize() -> Response | BaseResponse:
    """Start an optimization over the chosen days; the run page shows its progress."""
    form = OptimizeForm()
    if not form.validate_on_submit():
        day = form.first_day.data or _shown_day()
        return render(
            "dispatch/board.html",
            "dispatch/_board.html",
            status=422,
            **_board_context("day", day, optimize=form),
        )
    session = db_session()
    period = dispatch.Period.of_days(form.first_day.data, form.last_day.data)  # type: ignore[arg-type]
    run, instance = dispatch.start_run(session, acting_user(), period, _time_limit())
    session.commit()  # the run row is "running" and visible before the solve starts
    _launch(run.id, instance)
    return redirect(url_for("dispatch.show_run", run_id=run.id), code=303)


def _load_run(run_id: int) -> OptimizationRun:
    try:
        return dispatch.get_run(db_session(), run_id)
    except NotFound:
        abort(404)


def _render_run(run: OptimizationRun, status: int = 200, **extra: Any) -> Response:
    session = db_session()
    session.refresh(run)
    if dispatch.fail_if_stalled(session, run):
        session.commit()
    rows = dispatch.draft_rows(session, run) if run.state != dispatch.RUNNING else []
    context = {
        "run": run,
        "rows": rows,
        "percent": dispatch.shown_percent(run),
        "period": dispatch.run_period(run),
        "errors": {},
        "stale": [f"#{i}" for i in dispatch.draft_staleness(session, run)]
        if run.state == dispatch.DRAFT
        else [],
        **extra,
    }
    return render("dispatch/run.html", "dispatch/_run.html", status=status, **context)


@bp.get("/runs/<int:run_id>")
@roles_required(Role.DISPATCHER)
def show_run(run_id: int) -> Response:
    """A run: its progress while solving, then its draft plan."""
    return _render_run(_load_run(run_id))


@bp.get("/runs/<int:run_id>/progress")
@roles_required(Role.DISPATCHER)
def progress(run_id: int) -> Response:
    """Polled by htmx every 500 ms; once finished the panel comes back without the poll trigger."""
    return _render_run(_load_run(run_id))


@bp.post("/runs/<int:run_id>/trips/<int:trip_id>")
@roles_required(Role.DISPATCHER)
def change(run_id: int, trip_id: int) -> Response | BaseResponse:
    """Pin a draft's trip to a vehicle or move it by hand; a vehicle that does not fit is refused."""
    run = _load_run(run_id)
    form = ChangeForm()
    session = db_session()
    error: str | None = None
    if not form.validate_on_submit():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            dispatch.change_assignment(
                session, acting_user(), run.id, trip_id, form.vehicle_id.data, bool(form.pin.data)
            )
            session.commit()
        except NotFound:
            abort(404)
        except DomainError as refused:
            session.rollback()
            error = error_text(refused)
    if error is None and not htmx:
        return redirect(url_for("dispatch.show_run", run_id=run.id), code=303)
    return _render_run(run, status=422 if error else 200, errors={trip_id: error} if error else {})


def _refusable(run: OptimizationRun, action: Any) -> Response | None:
    """Run a decision on a draft; on a refusal roll back and show the run with the reason."""
    session = db_session()
    try:
        action(session)
    except DomainError as refused:
        session.rollback()
        return _render_run(
            run,
            status=refused.status_code if refused.status_code != 404 else 422,
            refusal=error_text(refused),
        )
    session.commit()
    return None


@bp.post("/runs/<int:run_id>/reoptimize")
@roles_required(Role.DISPATCHER)
def reoptimize(run_id: int) -> Response | BaseResponse:
    """A new run over the draft's period with its pins; this draft is set aside."""
    run = _load_run(run_id)
    started: dict[str, Any] = {}

    def action(session: Any) -> None:
        started["run"], started["instance"] = dispatch.reoptimize(
            session, acting_user(), run.id, _time_limit()
        )

    refused = _refusable(run, action)
    if refused is not None:
        return refused
    _launch(started["run"].id, started["instance"])
    return redirect(url_for("dispatch.show_run", run_id=started["run"].id), code=303)


@bp.post("/runs/<int:run_id>/approve")
@roles_required(Role.DISPATCHER)
def approve(run_id: int) -> Response | BaseResponse:
    """Apply the draft to the trips at once, or refuse it whole (stale, conflicting, decided)."""
    run = _load_run(run_id)
    link = link_to("fleet.my_trips") or ""
    refused = _refusable(run, lambda s: dispatch.approve_plan(s, acting_user(), run.id, link=link))
    if refused is not None:
        return refused
    flash(_("The plan is approved and the requesters are notified."), "info")
    return redirect(_board_url(run), code=303)


@bp.post("/runs/<int:run_id>/discard")
@roles_required(Role.DISPATCHER)
def discard(run_id: int) -> Response | BaseResponse:
    """Throw the draft away; trips stay as they are."""
    run = _load_run(run_id)
    refused = _refusable(run, lambda s: dispatch.discard_plan(s, acting_user(), run.id))
    if refused is not None:
        return refused
    flash(_("The draft is discarded."), "info")
    return redirect(_board_url(run), code=303)


def _board_url(run: OptimizationRun) -> str:
    period = dispatch.run_period(run)
    view = "week" if period.last_day > period.first_day else "day"
    return url_for("dispatch.board", date=period.first_day.isoformat(), view=view)


@bp.post("/outages")
@roles_required(Role.DISPATCHER)
def take_out() -> Response | BaseResponse:
    """Recall a vehicle or send it to maintenance; its approved trips then need re-planning."""
    session = db_session()
    form = OutageForm().fill_vehicles(pooled_vehicles(session))
    day = _shown_day()
    if form.validate_on_submit():
        try:
            _outage, trips = dispatch.take_out_of_pool(
                session,
                acting_user(),
                form.vehicle_id.data,  # type: ignore[arg-type]
                form.kind.data or "",
                taipei(form.start.data),  # type: ignore[arg-type]
                taipei(form.end.data),
                form.reason.data or "",
            )
        except NotFound:
            abort(404)
        except DomainError as refused:
            session.rollback()
            attach_error(form, refused)
        else:
            session.commit()
            flash(
                _("Recorded. %(count)d approved trips need re-planning.", count=len(trips)), "info"
            )
            start_day = local(taipei(form.start.data)).date()  # type: ignore[arg-type]
            return redirect(
                url_for("dispatch.board", date=start_day.isoformat(), view="day"), code=303
            )
    return render(
        "dispatch/board.html",
        "dispatch/_board.html",
        status=422,
        **_board_context("day", day, outage=form),
    )
