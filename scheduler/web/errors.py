"""Error pages: 403, 404, 422 for domain rule violations, 400 for a bad CSRF token."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from scheduler.errors import DomainError
from scheduler.web.forms import error_text


def init_errors(app: Flask) -> None:
    """Register the handlers that turn errors into readable pages."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to use this page."),
            404: _("The page or record was not found."),
            405: _("That action is not allowed here."),
        }
        return (
            render_template("error.html", code=code, message=messages.get(code, error.description)),
            code,
        )

    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError) -> tuple[str, int]:
        message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> tuple[str, int]:
        # Views normally catch DomainError to show it beside the field; this is the fallback.
        return render_template("error.html", code=error.status_code, message=error_text(error)), (
            error.status_code
        )
