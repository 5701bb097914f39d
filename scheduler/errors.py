"""Domain errors whose messages a user can read; the web layer shows them beside the field (HTTP 422)."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark `message` for the translation catalogue; the web layer translates it when shown."""
    return message


class DomainError(Exception):
    """A rule of the domain refused an operation. `field` names the form field it belongs to, if any.

    `message` is an English template marked with N_(); `params` fill its %(name)s slots, so the
    web layer can translate the template first and fill it after (error_text in web/forms.py).
    """

    status_code = 422

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.field = field


class NotPermitted(DomainError):
    """The acting user may not do this to this object."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist (or is not visible to the acting user)."""

    status_code = 404


class Conflict(DomainError):
    """The change collides with another booking, assignment or concurrent change."""

    status_code = 409


class ValidationError(DomainError):
    """Input that is well-formed but breaks a rule (return before departure, 0 passengers ...)."""
