"""Generic list / create / update / retire / reactivate views, registered once per resource."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import DomainError
from scheduler.models import Role, User
from scheduler.services.admin.resources import describe, search_page, set_active
from scheduler.web.access import roles_required
from scheduler.web.admin.blueprint import attempt, bp, form_values, load
from scheduler.web.database import db_session
from scheduler.web.forms import attach_error
from scheduler.web.htmx import render

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    """One column of a list table: a heading and how to show a row's value."""

    label: Any
    value: Callable[[Any], object]


@dataclass(frozen=True)
class ResourceSpec:
    """Everything the generic views need to know about one kind of resource."""

    # URL segment and endpoint stem: "vehicles" gives admin.vehicles, admin.vehicles_update ...
    name: str
    model: type[Any]
    title: Any
    add_label: Any
    form: type[FlaskForm]
    save: Callable[..., Any]  # the service: (session, actor, record or None, **form values)
    query: Callable[[], Select[Any]]  # sorted by code, with the eager loads the table needs
    search: Sequence[InstrumentedAttribute[str]]
    columns: Sequence[Column]
    set_active: Callable[[Session, User, Any, bool], None] = set_active
    fill_choices: Callable[[FlaskForm, Any], None] | None = None
    detail_template: str | None = None  # shown under the form on the edit page
    detail_context: Callable[[Any], dict[str, Any]] = field(default=lambda record: {})

    def endpoint(self, action: str = "") -> str:
        """The full endpoint name of one of this resource's views."""
        return f"admin.{self.name}_{action}" if action else f"admin.{self.name}"


def render_list(spec: ResourceSpec, status: int = 200, error: str | None = None) -> Response:
    """The list page, or only its table when htmx asks (the filter box)."""
    q = request.args.get("q", "")
    listing = search_page(
        db_session(), spec.query(), q, spec.search, request.args.get("page", 1, type=int), PAGE_SIZE
    )
    return render(
        "admin/list.html",
        "admin/_table.html",
        status=status,
        spec=spec,
        listing=listing,
        q=q,
        error=error,
    )


def render_form(
    spec: ResourceSpec, record: Any, form: FlaskForm, status: int = 200, **extra: Any
) -> Response:
    """The create or edit page; an edit page adds the resource's detail section (outages, fees)."""
    context = spec.detail_context(record) if record is not None else {}
    context.update(extra)
    return render(
        "admin/form.html",
        "admin/_form.html",
        status=status,
        spec=spec,
        record=record,
        form=form,
        **context,
    )


def bound_form(spec: ResourceSpec, record: Any, from_request: bool = True) -> FlaskForm:
    """The resource's form filled from the request (or only from `record`), with its choices."""
    form = spec.form(obj=record) if from_request else spec.form(formdata=None, obj=record)
    if spec.fill_choices is not None:
        spec.fill_choices(form, record)
    return form


def _submit(spec: ResourceSpec, record: Any) -> Response | BaseResponse:
    form = bound_form(spec, record)
    if not form.validate_on_submit():
        return render_form(spec, record, form, 422 if request.method == "POST" else 200)
    values = form_values(form)
    saved = attempt(lambda session, actor: spec.save(session, actor, record, **values))
    if isinstance(saved, DomainError):
        attach_error(form, saved)
        return render_form(spec, record, form, 422)  # the rollback reloads `record` as stored
    flash(_("Saved %(what)s.", what=describe(saved)), "success")
    # Vehicles and venues stay on their page: their outages and fees are edited there.
    target = spec.endpoint("update") if spec.detail_template else spec.endpoint()
    return redirect(
        url_for(target, record_id=saved.id) if spec.detail_template else url_for(target), 303
    )


def _set_active(spec: ResourceSpec, record_id: int, active: bool) -> Response | BaseResponse:
    record = load(spec.model, record_id)
    error = attempt(lambda session, actor: spec.set_active(session, actor, record, active))
    if isinstance(error, DomainError):
        return render_list(spec, status=error.status_code, error=error.message)
    message = (
        _("Reactivated %(what)s.", what=describe(record))
        if active
        else _("Retired %(what)s.", what=describe(record))
    )
    flash(message, "success")
    return redirect(url_for(spec.endpoint()), 303)


def register(spec: ResourceSpec) -> None:
    """Add the five views of `spec` to the admin Blueprint, each for admins only."""
    admin_only = roles_required(Role.ADMIN)

    def index() -> Response:
        """The records, sorted by code and filterable; retired ones greyed out."""
        return render_list(spec)

    def create() -> Response | BaseResponse:
        """Show the empty form, or create the record."""
        return _submit(spec, None)

    def update(record_id: int) -> Response | BaseResponse:
        """Show the record's form, or save the changes."""
        return _submit(spec, load(spec.model, record_id))

    def retire(record_id: int) -> Response | BaseResponse:
        """Retire the record: kept with its history, no longer offered."""
        return _set_active(spec, record_id, False)

    def reactivate(record_id: int) -> Response | BaseResponse:
        """Bring a retired record back."""
        return _set_active(spec, record_id, True)

    base = f"/{spec.name}"
    bp.add_url_rule(base, spec.name, admin_only(index))
    bp.add_url_rule(
        f"{base}/new", f"{spec.name}_create", admin_only(create), methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"{base}/<int:record_id>/edit",
        f"{spec.name}_update",
        admin_only(update),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"{base}/<int:record_id>/retire",
        f"{spec.name}_retire",
        admin_only(retire),
        methods=["POST"],
    )
    bp.add_url_rule(
        f"{base}/<int:record_id>/reactivate",
        f"{spec.name}_reactivate",
        admin_only(reactivate),
        methods=["POST"],
    )


# ---------------------------------------------------------------- detail sections (outages, fees)


def detail_page(spec: ResourceSpec, record: Any, status: int = 200, **extra: Any) -> Response:
    """The record's edit page with its own form as stored and `extra` for the detail section."""
    return render_form(spec, record, bound_form(spec, record, from_request=False), status, **extra)


def back_to_detail(spec: ResourceSpec, record: Any, message: str, section: str) -> BaseResponse:
    """After a detail change: flash `message` and go back to the record's page at its section."""
    flash(message, "success")
    return redirect(url_for(spec.endpoint("update"), record_id=record.id) + f"#{section}s", 303)


def load_child(parent: InstrumentedAttribute[int], child_id: int, parent_id: int) -> Any:
    """A detail row (outage, fee line) whose `parent` column is `parent_id`; else 404."""
    child = load(cast(type[Any], parent.class_), child_id)
    if getattr(child, parent.key) != parent_id:
        abort(404)  # another record's row: answer as for a missing one
    return child


def submit_detail(
    spec: ResourceSpec,
    record: Any,
    form: FlaskForm,
    operation: Callable[..., Any],
    done: str,
    section: str,
) -> Response | BaseResponse:
    """Validate a detail form and run `operation` with its values.

    `section` ("outage", "fee") names the page's pieces: the #outages anchor, the outage_form and
    outage_error template variables.
    """
    if form.validate_on_submit():
        values = form_values(form)
        outcome = attempt(lambda session, actor: operation(session, actor, **values))
        if not isinstance(outcome, DomainError):
            return back_to_detail(spec, record, done, section)
        attach_error(form, outcome)
    return detail_page(spec, record, 422, **{f"{section}_form": form})


def act_on_detail(
    spec: ResourceSpec,
    record: Any,
    operation: Callable[[Session, User], Any],
    done: str,
    section: str,
) -> Response | BaseResponse:
    """Run a one-button detail action (end an outage, remove a line) and show where it landed."""
    error = attempt(operation)
    if isinstance(error, DomainError):
        return detail_page(spec, record, 422, **{f"{section}_error": error.message})
    return back_to_detail(spec, record, done, section)
