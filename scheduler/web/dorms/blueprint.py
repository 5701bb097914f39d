"""The dormitory Blueprint and what its views share: today in Taipei, one service call per
request with commit or rollback, the labels of the statuses, links for notifications."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db import utcnow
from scheduler.errors import DomainError, NotFound
from scheduler.models import DormBuilding, Lease, OptimizationRun, User
from scheduler.services.dorms import today_of
from scheduler.web.access import acting_user
from scheduler.web.database import db_session
from scheduler.web.forms import attach_error
from scheduler.web.htmx import render
from scheduler.web.navigation import current_locale

bp = Blueprint("dorms", __name__, url_prefix="/dorms")

T = TypeVar("T")

DORM_STATUS_LABELS = {
    "submitted": _l("To verify"),
    "waiting": _l("On the waiting list"),
    "offered": _l("Offered"),
    "housed": _l("Housed"),
    "rejected": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
    "dropped": _l("Dropped from the list"),
    "active": _l("Active"),
    "ended": _l("Ended"),
    "renewed": _l("Renewed"),
    "cancelled": _l("Cancelled"),
    "declined": _l("Declined"),
    "lapsed": _l("Lapsed"),
    "forfeited": _l("Given up"),
    "leased": _l("Leased"),
    "vacant": _l("Vacant"),
    "repair": _l("Under repair"),
    "reserved": _l("Reserved"),
    "draft": _l("Proposal"),
    "approved": _l("Approved"),
    "discarded": _l("Discarded"),
    "new": _l("Room proposed"),
    "unassigned": _l("Stays waiting"),
}
OUTCOME_LABELS = {"qualifies": _l("qualifies to stay"), "not_qualified": _l("no longer qualifies")}


@bp.context_processor
def _labels() -> dict[str, Any]:
    """Statuses in the reader's language (stored as English codes), building names by code."""
    locale = current_locale()

    def building_names(codes: list[str]) -> str:
        rows = db_session().scalars(select(DormBuilding).where(DormBuilding.code.in_(codes)))
        names = {b.code: b.name(locale) for b in rows}
        return (", " if locale == "en" else "、").join(names.get(c, c) for c in codes)

    return {
        "dorm_status": lambda code: str(DORM_STATUS_LABELS.get(code, code)),
        "building_names": building_names,
        "answer_by": answer_by,
        "run_decider": run_decider,
        "iso_date": lambda text: date.fromisoformat(text) if text else None,
        "dorm_outcome": lambda code: str(OUTCOME_LABELS.get(code, code)),
    }


def run_decider(run: OptimizationRun) -> str:
    """Who approved or discarded a run."""
    user = db_session().get(User, run.decided_by_id) if run.decided_by_id else None
    return user.display_name if user else "—"


def answer_by(offer: Lease) -> date | None:
    """The last day to answer an offer (its deadline is the end of that Taipei day)."""
    if offer.offer_expires_at is None:
        return None
    return today_of(offer.offer_expires_at - timedelta(seconds=1))


def today() -> date:
    """Today in Taipei."""
    return today_of(utcnow())


def mine_link() -> str:
    """The resident's page, for the links in notifications."""
    return url_for("dorms.mine")


def attempt(operation: Callable[[Session, User], T]) -> T | DomainError:
    """Run one service call and commit; a refusal rolls everything back and is returned.

    NotFound (someone else's record, or none) becomes the 404 page.
    """
    session = db_session()
    try:
        result = operation(session, acting_user())
        session.commit()
    except NotFound:
        session.rollback()
        abort(404)
    except DomainError as error:
        session.rollback()
        return error
    except IntegrityError:
        session.rollback()
        return DomainError(
            gettext("This conflicts with a change made at the same time. Reload and try again.")
        )
    return result


def refused(form: FlaskForm, error: DomainError) -> int:
    """Show a refusal beside its field; the status to answer with."""
    attach_error(form, error)
    return 422 if error.status_code in (403, 404) else error.status_code


def done(message: str, endpoint: str, **values: Any) -> BaseResponse:
    """After a change: say what happened and go to the page (303, so a reload does not repost)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values), 303)


def form_problem(form: FlaskForm) -> int:
    """422 for a form that did not validate."""
    return 422 if form.errors else 200


def page(
    partial: str, title: str, status: int = 200, officer: bool = False, **context: Any
) -> Response:
    """The whole page (title, the officer's menu, the partial) or, for htmx, just the partial."""
    return render(
        "dorms/page.html",
        partial,
        status=status,
        content=partial,
        title=title,
        officer=officer,
        **context,
    )
