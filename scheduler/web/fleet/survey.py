"""The passenger survey: a public page reached by the unguessable link in the invitation."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scheduler.errors import DomainError, NotFound
from scheduler.services.fleet.surveys import answer_survey, open_survey
from scheduler.web.database import db_session
from scheduler.web.fleet.forms import RATING_CHOICES, choices
from scheduler.web.fleet.views import show_error
from scheduler.web.forms import error_text
from scheduler.web.htmx import render

bp = Blueprint("survey", __name__, url_prefix="/survey")


class SurveyForm(FlaskForm):
    """Five-point satisfaction and a comment."""

    rating = RadioField(
        _l("How satisfied were you with the trip?"),
        choices=choices(RATING_CHOICES),
        coerce=int,
        validators=[InputRequired(message=_l("Choose how satisfied you were."))],
    )
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=2000)])


def _closed(error: DomainError) -> Response:
    """Answered (409) or expired (410): say so plainly; an unknown token is a plain 404."""
    if isinstance(error, NotFound):
        abort(404)
    return render(
        "survey/closed.html",
        "survey/closed.html",
        status=error.status_code,
        message=error_text(error),
    )


@bp.route("/<token>", methods=["GET", "POST"])
def answer(token: str) -> Response:
    """Show the survey of one trip, and store its one answer."""
    session = db_session()
    try:
        survey = open_survey(session, token)
    except DomainError as error:
        return _closed(error)
    form = SurveyForm()
    status = 200
    if form.validate_on_submit():
        try:
            answer_survey(session, token, int(form.rating.data), form.comment.data or "")
        except DomainError as error:
            session.rollback()
            if error.field is None:
                return _closed(error)
            show_error(form, error)
            status = error.status_code
        else:
            session.commit()
            return render("survey/thanks.html", "survey/thanks.html")
    elif form.is_submitted():
        status = 422
    response = render(
        "survey/answer.html", "survey/_form.html", status=status, form=form, survey=survey
    )
    response.headers["Cache-Control"] = "no-store"  # the token is in the URL; keep it out of caches
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
