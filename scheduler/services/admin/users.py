"""Administration of user accounts: profile, agency, roles and password."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from scheduler.errors import N_, DomainError
from scheduler.models import Agency, Role, User
from scheduler.services.accounts import hash_password
from scheduler.services.admin.resources import require_unique, save_record, set_active

MIN_PASSWORD_LENGTH = 10
GENDERS = ("F", "M")


def save_user(
    session: Session,
    actor: User,
    user: User | None,
    *,
    username: str,
    display_name: str,
    email: str,
    phone: str,
    agency_id: int,
    gender: str | None,
    roles: Collection[str],
    password: str | None,
) -> User:
    """Create a user (a password is required) or update one (a password given resets it)."""
    user = user or User()
    creating = user.id is None
    require_unique(
        session, User.username, username, user.id, "username", N_("This username is already taken.")
    )
    if session.get(Agency, agency_id) is None:
        raise DomainError(N_("Choose an agency."), "agency_id")
    try:
        new_roles = {Role(r) for r in roles}
    except ValueError:
        raise DomainError(N_("Unknown role."), "roles") from None
    if not new_roles:
        raise DomainError(N_("Choose at least one role."), "roles")
    if user.id is not None and user.id == actor.id and Role.ADMIN not in new_roles:
        raise DomainError(N_("You cannot remove your own admin role."), "roles")
    if creating and not password:
        raise DomainError(N_("Set a password for the new user."), "password")
    if password and len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(N_("The password needs at least 10 characters."), "password")
    gender = gender or None
    if gender is not None and gender not in GENDERS:
        raise DomainError(N_("Unknown gender."), "gender")

    extra: dict[str, list[object]] = {}
    old_roles = sorted(r.value for r in user.roles)
    if old_roles != sorted(r.value for r in new_roles):
        extra["roles"] = [old_roles, sorted(r.value for r in new_roles)]
        user.set_roles(new_roles)
    if password:
        user.password_hash = hash_password(password)
        extra["password"] = ["", "set" if creating else "reset"]  # never the hash itself
    values = {
        "username": username.strip(),
        "display_name": display_name,
        "email": email,
        "phone": phone,
        "agency_id": agency_id,
        "gender": gender,
    }
    return save_record(session, actor, user, values, extra_changes=extra)


def set_user_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Retire or reactivate an account; nobody can retire their own."""
    if not active and user.id == actor.id:
        raise DomainError(N_("You cannot retire your own account."))
    set_active(session, actor, user, active)
