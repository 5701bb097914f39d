"""The Flask application factory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from scheduler.web import admin, auth, errors, home, notifications
from scheduler.web.database import init_database, prepare_database
from scheduler.web.dispatch import views as dispatch
from scheduler.web.dorms import views as dorms
from scheduler.web.extensions import init_extensions
from scheduler.web.filters import init_filters
from scheduler.web.fleet import survey
from scheduler.web.fleet import views as fleet
from scheduler.web.mail import init_mail
from scheduler.web.navigation import init_navigation

ROOT = Path(__file__).resolve().parents[2]

# One Blueprint per area (scheduler/web/<area>/views.py); a new area adds its module here.
BLUEPRINT_MODULES = [
    auth,
    home,
    notifications,
    admin,
    fleet,  # car requests and trip outcomes
    survey,  # the passenger survey (no sign-in)
    dispatch,  # the dispatcher's board, optimizer runs, approval, recalls
    dorms,  # staff dormitories: applications, allocation, offers, leases, notices
]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, database (migrated, demo data on first start), extensions, blueprints."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(app.instance_path) / 'scheduler.db'}",
        AUTO_SETUP=True,  # migrate and load the demo data into an empty database at start
        DEMO_SEED=2021,
        WTF_CSRF_TIME_LIMIT=None,  # pages are left open all day at a dispatcher's desk
        BABEL_DEFAULT_LOCALE="zh_TW",
        BABEL_DEFAULT_TIMEZONE="Asia/Taipei",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "scheduler" / "translations"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        SOLVER_TIME_LIMIT=10.0,
    )
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(app)

    init_database(app)
    if app.config["AUTO_SETUP"]:
        prepare_database(app)
    init_extensions(app)
    init_filters(app)
    init_navigation(app)
    init_mail(app)
    errors.init_errors(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)
    from scheduler.web.cli import init_cli

    init_cli(app)
    return app


def _instance_secret(app: Flask) -> str:
    """A secret key kept in instance/ so sessions survive restarts without configuration."""
    path = Path(app.instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
