"""Domain errors whose messages a user can read; the web layer shows them beside the field (HTTP 422)."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an operation. `field` names the form field it belongs to, if any."""

    status_code = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
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
