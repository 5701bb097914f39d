"""A vehicle's pool membership periods: add an outage, end one now, remove a future one."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db import utcnow
from scheduler.models import Role, Vehicle, VehicleOutage
from scheduler.services.admin.fleet import add_outage, end_outage, remove_outage
from scheduler.web.access import roles_required
from scheduler.web.admin.blueprint import bp, load
from scheduler.web.admin.catalogue import VEHICLES
from scheduler.web.admin.crud import act_on_detail, load_child, submit_detail
from scheduler.web.admin.forms import OutageForm

SECTION = "outage"


@bp.post("/vehicles/<int:record_id>/outages")
@roles_required(Role.ADMIN)
def add_vehicle_outage(record_id: int) -> Response | BaseResponse:
    """Take the vehicle out of the pool for a period (recall or maintenance)."""
    vehicle = load(Vehicle, record_id)
    return submit_detail(
        VEHICLES,
        vehicle,
        OutageForm(),
        lambda session, actor, **values: add_outage(session, actor, vehicle, **values),
        _("Outage added."),
        SECTION,
    )


@bp.post("/vehicles/<int:record_id>/outages/<int:outage_id>/end")
@roles_required(Role.ADMIN)
def end_vehicle_outage(record_id: int, outage_id: int) -> Response | BaseResponse:
    """End a running outage now: the vehicle is back in the pool."""
    outage = load_child(VehicleOutage.vehicle_id, outage_id, record_id)
    return act_on_detail(
        VEHICLES,
        outage.vehicle,
        lambda session, actor: end_outage(session, actor, outage, utcnow()),
        _("Outage ended."),
        SECTION,
    )


@bp.post("/vehicles/<int:record_id>/outages/<int:outage_id>/remove")
@roles_required(Role.ADMIN)
def remove_vehicle_outage(record_id: int, outage_id: int) -> Response | BaseResponse:
    """Remove an outage that has not started yet."""
    outage = load_child(VehicleOutage.vehicle_id, outage_id, record_id)
    return act_on_detail(
        VEHICLES,
        outage.vehicle,
        lambda session, actor: remove_outage(session, actor, outage, utcnow()),
        _("Outage removed."),
        SECTION,
    )
