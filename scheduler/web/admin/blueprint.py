"""The admin Blueprint and the steps every admin view shares: load or 404, run one service, commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort
from flask_babel import gettext
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scheduler.errors import DomainError
from scheduler.models import User
from scheduler.web.access import acting_user
from scheduler.web.database import db_session
from scheduler.web.forms import error_text

bp = Blueprint("admin", __name__, url_prefix="/admin")

T = TypeVar("T")


def load(model: type[T], record_id: int) -> T:
    """The row of `model` with this id, or a 404 page."""
    record = db_session().get(model, record_id)
    if record is None:
        abort(404)
    return record


def attempt(operation: Callable[[Session, User], T]) -> T | DomainError:
    """Run one service call and commit; on a refused rule or a constraint, roll back everything.

    Returns the service's result, or the DomainError with its message in the user's language.
    """
    session = db_session()
    try:
        result = operation(session, acting_user())
        session.commit()
    except DomainError as error:
        session.rollback()
        return DomainError(error_text(error), error.field)
    except IntegrityError:
        # The database's constraints are the backstop for a rule the service did not see
        # (for example two admins saving the same code at once).
        session.rollback()
        return DomainError(gettext("This conflicts with an existing record."))
    return result


def form_values(form: FlaskForm) -> dict[str, Any]:
    """The submitted fields by name, without the CSRF token."""
    return {name: value for name, value in form.data.items() if name != "csrf_token"}
