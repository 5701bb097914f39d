"""Shared fixtures: a real temporary SQLite database migrated by Alembic, the app, its client, factories."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scheduler.migrate import upgrade
from scheduler.models import Agency, Role, User
from scheduler.services.accounts import hash_password

PASSWORD = "correct horse battery"
_FAST_HASH = hash_password(PASSWORD)  # one scrypt for the whole run, not one per user


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest schema, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A database holding the demo data (seed 2021, 'today' fixed), built once per run."""
    from scheduler.db import make_engine, make_session_factory
    from scheduler.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_session_factory(engine)() as session:
        load_demo(session, seed=2021, today=DEMO_TODAY)
        session.commit()
    engine.dispose()
    return path


DEMO_TODAY = datetime(2026, 11, 26, tzinfo=UTC).date()


def _make_app(db_file: Path, **config: Any) -> Flask:
    from scheduler.web import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": f"sqlite:///{db_file}",
            "AUTO_SETUP": False,
            **config,
        }
    )


def _app_on_copy(template: Path, db_file: Path) -> Iterator[Flask]:
    shutil.copy(template, db_file)
    application = _make_app(db_file)
    yield application
    application.extensions["engine"].dispose()


@pytest.fixture
def app(tmp_path: Path, migrated_template: Path) -> Iterator[Flask]:
    """The app on a fresh, empty, migrated database (CSRF checked, as in production)."""
    yield from _app_on_copy(migrated_template, tmp_path / "test.db")


@pytest.fixture
def demo_app(tmp_path: Path, demo_template: Path) -> Iterator[Flask]:
    """The app on a copy of the demo database."""
    yield from _app_on_copy(demo_template, tmp_path / "demo.db")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session on the test database, separate from the app's request sessions."""
    with app.extensions["sessionmaker"]() as session:
        yield session


# ---------------------------------------------------------------- factories


class Factory:
    """create_<thing>(**overrides) helpers that commit, so the app sees the rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def create_agency(self, **overrides: Any) -> Agency:
        n = self._next()
        agency = Agency(
            **{"code": f"A{n:02d}", "name_zh": f"機關{n}", "name_en": f"Agency {n}", **overrides}
        )
        self.session.add(agency)
        self.session.commit()
        return agency

    def create_user(
        self,
        roles: tuple[Role, ...] = (Role.AGENCY_STAFF,),
        agency: Agency | None = None,
        **overrides: Any,
    ) -> User:
        n = self._next()
        agency = agency or self.create_agency()
        user = User(
            **{
                "username": f"user{n}",
                "display_name": f"User {n}",
                "email": f"user{n}@example.gov.tw",
                "password_hash": _FAST_HASH,
                "agency_id": agency.id,
                **overrides,
            }
        )
        user.set_roles(set(roles))
        self.session.add(user)
        self.session.commit()
        return user


@pytest.fixture
def factory(db: Session) -> Factory:
    return Factory(db)


# ---------------------------------------------------------------- signing in

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token from a page's form, as a browser would send it back."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no csrf token on {path}"
    return match.group(1) or match.group(2)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the real form (CSRF included)."""
    token = csrf_token(client)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


@pytest.fixture
def signed_in(client: FlaskClient, factory: Factory) -> Any:
    """sign_in_as(*roles, **user_overrides) → the signed-in User."""

    def sign_in_as(*roles: Role, **overrides: Any) -> User:
        user = factory.create_user(roles=roles or (Role.AGENCY_STAFF,), **overrides)
        response = sign_in(client, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in_as


def soon(hours: int = 24) -> datetime:
    """An aware instant `hours` from now, on the hour."""
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)
