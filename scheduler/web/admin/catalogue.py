"""The resources the admin area manages: their forms, services, list columns and search fields."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from scheduler.models import (
    Agency,
    DormBuilding,
    DormQuestion,
    DormRoom,
    Equipment,
    User,
    Vehicle,
    Venue,
)
from scheduler.services.admin.fleet import save_vehicle
from scheduler.services.admin.resources import save_agency, save_building, save_equipment, save_room
from scheduler.services.admin.users import save_user, set_user_active
from scheduler.services.admin.venues import save_venue
from scheduler.services.dorms.questions import save_question
from scheduler.web.admin.crud import Column, ResourceSpec
from scheduler.web.admin.forms import (
    FEE_UNIT_LABELS,
    OUTAGE_KIND_LABELS,
    ROLE_LABELS,
    VENUE_KIND_LABELS,
    AgencyForm,
    BuildingForm,
    EquipmentForm,
    FeeForm,
    OutageForm,
    RoomForm,
    UserForm,
    VehicleForm,
    VenueForm,
    options,
)
from scheduler.web.database import db_session
from scheduler.web.dorms.forms import QuestionForm
from scheduler.web.filters import feature_list, format_date, format_money
from scheduler.web.navigation import current_locale


def _name(record: Any) -> str:
    return str(record.name(current_locale()))


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _choices_of(model: Any, attribute: str) -> Any:
    """A filler for a select of `model` rows: the active ones plus the record's current one."""

    def fill(form: FlaskForm, record: Any) -> None:
        current = getattr(record, attribute, None)
        rows = db_session().scalars(
            select(model)
            .where(or_(model.active.is_(True), model.id == current))
            .order_by(model.code)
        )
        getattr(form, attribute).choices = options(
            (row.id, f"{row.code} {_name(row)}") for row in rows
        )

    return fill


CODE = Column(_l("Code"), lambda r: r.code)
NAME = Column(_l("Name"), _name)

AGENCIES = ResourceSpec(
    name="agencies",
    model=Agency,
    title=_l("Agencies"),
    add_label=_l("Add an agency"),
    form=AgencyForm,
    save=save_agency,
    query=lambda: select(Agency).order_by(Agency.code),
    search=(Agency.code, Agency.name_zh, Agency.name_en),
    columns=(
        CODE,
        Column(_l("Chinese name"), lambda r: r.name_zh),
        Column(_l("English name"), lambda r: r.name_en),
    ),
)

USERS = ResourceSpec(
    name="users",
    model=User,
    title=_l("Users"),
    add_label=_l("Add a user"),
    form=UserForm,
    save=save_user,
    query=lambda: select(User).options(joinedload(User.agency)).order_by(User.username),
    search=(User.username, User.display_name, User.email),
    columns=(
        Column(_l("Username"), lambda r: r.username),
        Column(_l("Display name"), lambda r: r.display_name),
        Column(_l("Agency"), lambda r: r.agency.code),
        Column(
            _l("Roles"), lambda r: ", ".join(str(ROLE_LABELS[role]) for role in sorted(r.roles))
        ),
    ),
    set_active=set_user_active,
    fill_choices=_choices_of(Agency, "agency_id"),
)

VEHICLES = ResourceSpec(
    name="vehicles",
    model=Vehicle,
    title=_l("Vehicles"),
    add_label=_l("Add a vehicle"),
    form=VehicleForm,
    save=save_vehicle,
    query=lambda: select(Vehicle).options(joinedload(Vehicle.agency)).order_by(Vehicle.code),
    search=(Vehicle.code, Vehicle.plate, Vehicle.driver_name),
    columns=(
        CODE,
        Column(_l("Plate"), lambda r: r.plate),
        Column(_l("Owning agency"), lambda r: r.agency.code),
        Column(_l("Seats"), lambda r: r.seats),
        Column(_l("Features"), lambda r: feature_list(r.features)),
        Column(_l("In the pool"), lambda r: _yes(r.in_pool)),
    ),
    fill_choices=_choices_of(Agency, "agency_id"),
    detail_template="admin/_outages.html",
    detail_context=lambda record: {
        "outage_form": OutageForm(formdata=None),
        "outage_kinds": OUTAGE_KIND_LABELS,
    },
)

VENUES = ResourceSpec(
    name="venues",
    model=Venue,
    title=_l("Venues"),
    add_label=_l("Add a venue"),
    form=VenueForm,
    save=save_venue,
    query=lambda: select(Venue).order_by(Venue.code),
    search=(Venue.code, Venue.name_zh, Venue.name_en),
    columns=(
        CODE,
        NAME,
        Column(_l("Kind"), lambda r: VENUE_KIND_LABELS.get(r.kind, r.kind)),
        Column(_l("Floor"), lambda r: r.floor),
        Column(_l("Capacity"), lambda r: r.capacity),
        Column(_l("Bookable from"), lambda r: format_date(r.bookable_from, "short")),
    ),
    detail_template="admin/_fees.html",
    detail_context=lambda record: {
        "fee_form": FeeForm(formdata=None),
        "fee_units": FEE_UNIT_LABELS,
    },
)

EQUIPMENT = ResourceSpec(
    name="equipment",
    model=Equipment,
    title=_l("Equipment"),
    add_label=_l("Add equipment"),
    form=EquipmentForm,
    save=save_equipment,
    query=lambda: select(Equipment).order_by(Equipment.code),
    search=(Equipment.code, Equipment.name_zh, Equipment.name_en),
    columns=(
        CODE,
        NAME,
        Column(_l("Quantity"), lambda r: r.quantity),
        Column(
            _l("Set-up / tear-down (min)"), lambda r: f"{r.setup_minutes} / {r.teardown_minutes}"
        ),
        Column(_l("Hire cost"), lambda r: format_money(r.hire_cost)),
    ),
)

BUILDINGS = ResourceSpec(
    name="buildings",
    model=DormBuilding,
    title=_l("Dormitory buildings"),
    add_label=_l("Add a building"),
    form=BuildingForm,
    save=save_building,
    query=lambda: select(DormBuilding).order_by(DormBuilding.code),
    search=(DormBuilding.code, DormBuilding.name_zh, DormBuilding.name_en),
    columns=(
        CODE,
        NAME,
        Column(_l("Kind"), lambda r: _("Family") if r.kind == "family" else _("Single rooms")),
    ),
)

ROOMS = ResourceSpec(
    name="rooms",
    model=DormRoom,
    title=_l("Dormitory rooms"),
    add_label=_l("Add a room"),
    form=RoomForm,
    save=save_room,
    query=lambda: (
        select(DormRoom)
        .join(DormRoom.building)
        .options(contains_eager(DormRoom.building))
        .order_by(DormBuilding.code, DormRoom.number)
    ),
    search=(DormRoom.number, DormBuilding.code, DormBuilding.name_zh, DormBuilding.name_en),
    columns=(
        Column(_l("Room"), lambda r: r.label),
        Column(_l("Floor"), lambda r: r.floor),
        Column(
            _l("Gender"),
            lambda r: {"F": _("Women"), "M": _("Men")}.get(r.gender or "", _("Anyone")),
        ),
        Column(_l("Accessible"), lambda r: _yes(r.accessible)),
    ),
    fill_choices=_choices_of(DormBuilding, "building_id"),
)

QUESTIONS = ResourceSpec(
    name="dorm_questions",
    model=DormQuestion,
    title=_l("Dormitory rules"),
    add_label=_l("Add a question"),
    form=QuestionForm,
    save=save_question,
    query=lambda: select(DormQuestion).order_by(DormQuestion.position, DormQuestion.code),
    search=(DormQuestion.code, DormQuestion.name_zh, DormQuestion.name_en),
    columns=(
        CODE,
        Column(_l("Order"), lambda r: r.position),
        Column(_l("Question"), _name),
        Column(_l("Answers"), lambda r: len(r.options) if r.kind == "choice" else _("a number")),
    ),
)

SPECS = (AGENCIES, USERS, VEHICLES, VENUES, EQUIPMENT, BUILDINGS, ROOMS, QUESTIONS)
