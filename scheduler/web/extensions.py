"""CSRF, translations, sign-in and htmx, set up on the app."""

from __future__ import annotations

from flask import Flask, session
from flask_babel import Babel, lazy_gettext
from flask_htmx import HTMX
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from scheduler.models import User

LOCALES = ("zh_TW", "en")

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
htmx = HTMX()


def select_locale() -> str:
    """The visitor's chosen language (the switch stores it in the session), else Traditional Chinese."""
    chosen = session.get("locale")
    return str(chosen) if chosen in LOCALES else "zh_TW"


def init_extensions(app: Flask) -> None:
    """Attach the extensions to `app`."""
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Taipei")
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def _load_user(user_id: str) -> User | None:
        from scheduler.web.database import db_session

        if not user_id.isdigit():
            return None
        user = db_session().get(User, int(user_id))
        return user if user is not None and user.active else None

    app.jinja_env.globals["current_user"] = current_user
