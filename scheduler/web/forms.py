"""Form helpers shared by every area."""

from __future__ import annotations

from flask_wtf import FlaskForm

from scheduler.errors import DomainError


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's DomainError beside its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
