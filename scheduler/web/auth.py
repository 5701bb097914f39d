"""Sign in, sign out and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from scheduler.services import audit
from scheduler.services.accounts import authenticate
from scheduler.web.access import acting_user
from scheduler.web.database import db_session
from scheduler.web.extensions import LOCALES
from scheduler.web.htmx import render

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))


def _safe_next(target: str | None) -> str:
    """Only same-site relative targets, so the login page cannot redirect elsewhere."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | BaseResponse:
    """Show the sign-in form; sign in with a generic error for any wrong name or password."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        session_ = db_session()
        user = authenticate(session_, form.username.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            audit.record(session_, user, "sign_in", user)
            session_.commit()
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("Wrong username or password."))
        status = 401
    elif request.method == "POST":
        status = 422
    return render("auth/login.html", "auth/_login_form.html", status=status, form=form)


@bp.post("/logout")
@login_required
def logout() -> BaseResponse:
    """Sign out (POST only, so a link elsewhere cannot sign anyone out)."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def set_language(code: str) -> BaseResponse:
    """Switch the interface language for this browser."""
    if code in LOCALES:
        session["locale"] = code
        if current_user.is_authenticated:  # mail rendered later, off the request, uses it too
            acting_user().locale = code
            db_session().commit()
    return redirect(_safe_next(request.form.get("next")))
