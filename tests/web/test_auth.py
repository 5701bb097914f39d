"""Signing in and out, wrong passwords without user enumeration, CSRF, roles and the language switch."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.models import AuditEntry, Role
from tests.conftest import Factory, csrf_token, sign_in


def test_anonymous_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_sign_in_shows_the_home_page_and_records_it(
    client: FlaskClient, factory: Factory, db: Session
) -> None:
    user = factory.create_user(roles=(Role.DISPATCHER,), display_name="調派員甲")
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "調派員甲" in home.get_data(as_text=True)
    assert 'id="panel-dispatcher"' in home.get_data(as_text=True)
    assert (
        db.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "sign_in")
        )
        == 1
    )


def test_username_is_case_insensitive(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user(username="Staff.Civil")
    assert sign_in(client, "staff.civil").status_code == 302
    assert user.id


@pytest.mark.parametrize("username", ["user-that-exists", "nobody-by-this-name"])
def test_wrong_password_and_unknown_user_get_the_same_generic_answer(
    client: FlaskClient, factory: Factory, username: str
) -> None:
    factory.create_user(username="user-that-exists")
    response = sign_in(client, username, password="wrong password!")
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "Wrong username or password." in body or "帳號或密碼錯誤" in body
    assert client.get("/").status_code == 302  # still signed out


def test_retired_user_cannot_sign_in(client: FlaskClient, factory: Factory) -> None:
    factory.create_user(username="retired", active=False)
    assert sign_in(client, "retired").status_code == 401


def test_sign_in_without_csrf_token_is_refused(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user()
    response = client.post(
        "/login", data={"username": user.username, "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_sign_out_needs_post_with_csrf(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user()
    sign_in(client, user.username)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/").status_code == 200
    token = csrf_token(client, "/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user()
    token = csrf_token(client)
    response = client.post(
        "/login?next=//evil.example/steal",
        data={"username": user.username, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_home_shows_a_panel_per_role_held(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user(roles=(Role.AGENCY_STAFF, Role.RESIDENT))
    sign_in(client, user.username)
    body = client.get("/").get_data(as_text=True)
    assert 'id="panel-agency_staff"' in body
    assert 'id="panel-resident"' in body
    assert 'id="panel-dispatcher"' not in body
    assert 'id="panel-admin"' not in body


def test_language_switch_changes_the_interface(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user()
    sign_in(client, user.username)
    zh = client.get("/").get_data(as_text=True)
    assert 'lang="zh-Hant-TW"' in zh
    token = csrf_token(client, "/")
    client.post("/language/en", data={"csrf_token": token, "next": "/"})
    en = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in en
    assert "Sign out" in en


def test_htmx_request_gets_the_fragment_with_vary(client: FlaskClient, factory: Factory) -> None:
    user = factory.create_user()
    sign_in(client, user.username)
    full = client.get("/")
    fragment = client.get("/", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'class="panels"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_unknown_page_is_a_readable_404(client: FlaskClient, app: Flask) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<h1>404</h1>" in response.get_data(as_text=True)
