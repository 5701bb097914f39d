"""User accounts through the admin pages: roles, password rules, and an admin's own account."""
# ruff: noqa: F811  (the shared fixtures admin and web are imported, then named as arguments)

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import AuditEntry, Role, User
from tests.conftest import sign_in
from tests.web.admin.test_admin_resources import Browser, admin, assert_error_beside, count, web  # noqa: F401  (shared fixtures)


@pytest.fixture
def agency_id(factory: Any) -> int:
    return int(factory.create_agency(code="TRA", name_en="Transportation").id)


def _user_form(agency_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "username": "chen.mei",
        "display_name": "陳美",
        "email": "chen.mei@mail.taipei.gov.tw",
        "phone": "02-2720-8889",
        "agency_id": str(agency_id),
        "roles": ["dispatcher", "agency_staff"],
        "gender": "F",
        "password": "long enough password",
        **overrides,
    }


def test_admin_creates_a_user_who_can_then_sign_in(
    web: Browser, db: Session, admin: User, agency_id: int
) -> None:
    response = web.post("/admin/users/new", _user_form(agency_id))
    assert response.status_code == 303
    user = db.scalars(select(User).where(User.username == "chen.mei")).one()
    assert user.roles == {Role.DISPATCHER, Role.AGENCY_STAFF}
    assert (user.gender, user.agency_id, user.email) == (
        "F",
        agency_id,
        "chen.mei@mail.taipei.gov.tw",
    )
    assert user.password_hash != "long enough password"
    entry = db.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "User", AuditEntry.object_id == user.id)
    ).one()
    assert entry.action == "create"
    assert entry.detail["changes"]["password"] == ["", "set"]  # recorded, but never the hash
    assert user.password_hash not in str(entry.detail)
    page = web.page("/admin/users")
    assert "chen.mei" in page and "Dispatcher" in page

    web.post("/logout")
    web.db.rollback()
    assert sign_in(web.client, "CHEN.MEI", "long enough password").status_code == 302


def test_edit_changes_roles_and_keeps_the_password_unless_reset(
    web: Browser, db: Session, admin: User, factory: Any, agency_id: int
) -> None:
    user = factory.create_user(roles=(Role.RESIDENT,), username="lin")
    old_hash = user.password_hash
    form = _user_form(agency_id, username="lin", roles=["housing_officer"], password="")
    assert web.post(f"/admin/users/{user.id}/edit", form).status_code == 303
    db.refresh(user)
    assert user.roles == {Role.HOUSING_OFFICER} and user.password_hash == old_hash

    assert (
        web.post(
            f"/admin/users/{user.id}/edit", {**form, "password": "a brand new secret"}
        ).status_code
        == 303
    )
    db.refresh(user)
    assert user.password_hash != old_hash


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "short"}, "password", "at least 10 characters"),
        ({"password": ""}, "password", "Set a password for the new user."),
        ({"roles": []}, "roles", "Choose at least one role."),
        ({"username": "ADMIN.TAKEN"}, "username", "This username is already taken."),
        ({"email": "not-an-address"}, "email", "Enter an email address."),
    ],
)
def test_bad_user_input_is_refused_beside_the_field(
    web: Browser,
    db: Session,
    admin: User,
    factory: Any,
    agency_id: int,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    factory.create_user(username="admin.taken")
    before = count(db, User)
    response = web.post("/admin/users/new", _user_form(agency_id, **overrides))
    assert response.status_code == 422
    assert_error_beside(response.get_data(as_text=True), field, message)
    assert count(db, User) == before


def test_an_admin_cannot_remove_their_own_admin_role(
    web: Browser, db: Session, admin: User
) -> None:
    form = _user_form(admin.agency_id, username=admin.username, roles=["dispatcher"], password="")
    response = web.post(f"/admin/users/{admin.id}/edit", form)
    assert response.status_code == 422
    assert_error_beside(
        response.get_data(as_text=True), "roles", "You cannot remove your own admin role."
    )
    db.refresh(admin)
    assert admin.roles == {Role.ADMIN}


def test_an_admin_cannot_retire_themselves_but_can_retire_and_reactivate_others(
    web: Browser, db: Session, admin: User, factory: Any
) -> None:
    response = web.post(f"/admin/users/{admin.id}/retire")
    assert response.status_code == 422
    assert "You cannot retire your own account." in response.get_data(as_text=True)
    db.refresh(admin)
    assert admin.active is True

    other = factory.create_user(username="wang")
    assert web.post(f"/admin/users/{other.id}/retire").status_code == 303
    db.refresh(other)
    assert other.active is False
    assert web.post(f"/admin/users/{other.id}/reactivate").status_code == 303
    db.refresh(other)
    assert other.active is True
