"""Form helpers shared by every area."""

from __future__ import annotations

from flask_babel import gettext
from flask_wtf import FlaskForm

from scheduler.errors import DomainError


def error_text(error: DomainError) -> str:
    """A service's message in the user's language: the template translated, then filled in."""
    template = gettext(error.template)
    if not error.params:
        return template
    try:
        return template % error.params
    except (KeyError, ValueError, TypeError):  # a translation that lost a slot: stay readable
        return error.message


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's DomainError, translated, beside its field (or at the top of the form)."""
    text = error_text(error)
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)
