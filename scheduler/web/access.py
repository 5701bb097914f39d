"""Server-side authorisation: every view states which roles may use it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

from scheduler.models import Role, User

P = ParamSpec("P")
R = TypeVar("R")


def acting_user() -> User:
    """The signed-in user as the model object services expect."""
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    return user


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Sign-in required, and 403 unless the user holds one of `roles`."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not acting_user().has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[no-any-return]

    return decorator
