"""Allocation: run the optimizer on the vacant rooms and the verified list, show the proposal
(who gets which room, who stays waiting and why), approve it into offers, or re-run it."""

from __future__ import annotations

from flask import Response, abort, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError, NotFound
from scheduler.models import OptimizationRun
from scheduler.services import dorms
from scheduler.web.database import db_session
from scheduler.web.dorms.blueprint import attempt, bp, done, mine_link, page, today
from scheduler.web.dorms.manage import officer_only
from scheduler.web.forms import error_text


@bp.get("/manage/allocations")
@officer_only
def allocations() -> Response:
    """The rooms and applicants an allocation would take today, and the recorded runs."""
    session = db_session()
    return page(
        "dorms/_allocations.html",
        _("Allocation"),
        officer=True,
        rooms=dorms.allocatable_rooms(session, today()),
        waiting=len(dorms.waiting_list(session)),
        runs=dorms.recent_runs(session),
    )


@bp.post("/manage/allocations")
@officer_only
def allocate() -> BaseResponse:
    """Run the allocation now; its proposal is shown for approval."""
    result = attempt(lambda s, actor: dorms.run_allocation(s, actor))
    if isinstance(result, DomainError):
        abort(result.status_code)
    return redirect(url_for("dorms.run", run_id=result.id), 303)


def _load(run_id: int) -> OptimizationRun:
    try:
        return dorms.get_run(db_session(), run_id)
    except NotFound:
        abort(404)


def _run_page(run: OptimizationRun, status: int = 200, **extra: object) -> Response:
    session = db_session()
    session.refresh(run)
    return page(
        "dorms/_run.html",
        _("Allocation #%(id)s", id=run.id),
        officer=True,
        status=status,
        run=run,
        rows=dorms.proposal(session, run),
        **extra,
    )


@bp.get("/manage/allocations/<int:run_id>")
@officer_only
def run(run_id: int) -> Response:
    """A run's proposal, its input fingerprint, who ran and who approved it."""
    return _run_page(_load(run_id))


@bp.post("/manage/allocations/<int:run_id>/approve")
@officer_only
def approve(run_id: int) -> Response | BaseResponse:
    """Approve the whole proposal: each chosen applicant gets an offer with a deadline."""
    record = _load(run_id)
    result = attempt(lambda s, actor: dorms.approve_allocation(s, actor, run_id, link=mine_link()))
    if isinstance(result, DomainError):
        return _run_page(
            record, 409 if result.status_code == 409 else 422, refusal=error_text(result)
        )
    return done(
        _("Approved: %(count)s offers were sent.", count=len(result)), "dorms.run", run_id=run_id
    )


@bp.post("/manage/allocations/<int:run_id>/discard")
@officer_only
def discard(run_id: int) -> Response | BaseResponse:
    """Set the proposal aside."""
    record = _load(run_id)
    result = attempt(lambda s, actor: dorms.discard_allocation(s, actor, run_id))
    if isinstance(result, DomainError):
        return _run_page(record, 409, refusal=error_text(result))
    return done(_("The proposal was discarded."), "dorms.allocations")


@bp.post("/manage/allocations/<int:run_id>/replay")
@officer_only
def replay(run_id: int) -> Response:
    """Solve the recorded input again and show whether the allocation is the same."""
    record = _load(run_id)
    result = attempt(lambda s, actor: dorms.replay(s, actor, run_id))
    if isinstance(result, DomainError):
        abort(result.status_code)
    return _run_page(record, replay=result)
