"""The admin forms: they check the shape of the input; the services check the rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler.i18n import TAIPEI, local
from scheduler.models import Role
from scheduler.models.venues import VENUE_KINDS
from scheduler.services.admin.fleet import VEHICLE_FEATURES
from scheduler.services.admin.venues import FEE_UNITS
from scheduler.services.fleet.outages import OUTAGE_KINDS


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select choices from (value, label) pairs (wtforms 3.3 wants SelectChoice objects)."""
    return [SelectChoice(value, label) for value, label in pairs]


# wtforms' own messages exist only in Simplified Chinese; these get a Traditional Chinese catalogue.
REQUIRED = _l("Fill in this field.")


def at_least(minimum: int) -> NumberRange:
    """A whole number no smaller than `minimum`."""
    return NumberRange(min=minimum, message=_l("Enter a number of at least %(min)s."))


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    """Several choices as a group of checkboxes (rendered inside a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CommaListField(StringField):
    """A list of short words typed as 'streaming, projector'."""

    data: list[str]

    def _value(self) -> str:
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = [word.strip() for word in str(text).split(",") if word.strip()]


class TaipeiDateTimeField(DateTimeLocalField):
    """A `datetime-local` input read and shown as Asia/Taipei wall-clock time (aware data)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, format="%Y-%m-%dT%H:%M", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, datetime):
            self.data = self.data.replace(tzinfo=TAIPEI)

    def _value(self) -> str:
        if isinstance(self.data, datetime) and self.data.tzinfo is not None and not self.raw_data:
            return local(self.data).strftime("%Y-%m-%dT%H:%M")
        return str(super()._value())


def _code() -> StringField:
    return StringField(
        _l("Code"), validators=[DataRequired(message=REQUIRED), Length(max=16)], filters=[_strip]
    )


def _name_zh() -> StringField:
    return StringField(
        _l("Name (Chinese)"),
        validators=[DataRequired(message=REQUIRED), Length(max=80)],
        filters=[_strip],
    )


def _name_en() -> StringField:
    return StringField(
        _l("Name (English)"),
        validators=[DataRequired(message=REQUIRED), Length(max=120)],
        filters=[_strip],
    )


def _minutes(label: Any) -> IntegerField:
    return IntegerField(label, default=0, validators=[InputRequired(message=REQUIRED), at_least(0)])


def _text(label: Any, size: int) -> StringField:
    return StringField(
        label, validators=[Optional(), Length(max=size)], filters=[_strip, lambda v: v or ""]
    )


class AgencyForm(FlaskForm):
    code = _code()
    name_zh = _name_zh()
    name_en = _name_en()


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.DISPATCHER: _l("Dispatcher"),
    Role.VENUE_MANAGER: _l("Venue manager"),
    Role.HOUSING_OFFICER: _l("Housing officer"),
    Role.AGENCY_STAFF: _l("Agency staff"),
    Role.RESIDENT: _l("Resident"),
}
GENDER_CHOICES = [("", _l("Not given")), ("F", _l("Female")), ("M", _l("Male"))]


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=REQUIRED), Length(max=64)],
        filters=[_strip],
    )
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(message=REQUIRED), Length(max=80)],
        filters=[_strip],
    )
    email = StringField(
        _l("Email"),
        validators=[
            Optional(),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address.")),
            Length(max=120),
        ],
        filters=[_strip, lambda v: v or ""],
    )
    phone = _text(_l("Phone"), 40)
    agency_id = SelectField(_l("Agency"), coerce=int, validators=[InputRequired(message=REQUIRED)])
    roles = CheckboxesField(
        _l("Roles"), choices=options((role.value, label) for role, label in ROLE_LABELS.items())
    )
    gender = SelectField(_l("Gender"), choices=options(GENDER_CHOICES), default="")
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(max=200)],
        description=_l("At least 10 characters. Leave empty to keep the current password."),
    )


class VehicleForm(FlaskForm):
    code = _code()
    plate = StringField(
        _l("Plate"), validators=[DataRequired(message=REQUIRED), Length(max=16)], filters=[_strip]
    )
    agency_id = SelectField(
        _l("Owning agency"), coerce=int, validators=[InputRequired(message=REQUIRED)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=options(
            [("sedan", _l("Sedan")), ("van", _l("Van")), ("motorcycle", _l("Motorcycle"))]
        ),
    )
    seats = IntegerField(_l("Seats"), validators=[InputRequired(message=REQUIRED), at_least(1)])
    features = CheckboxesField(
        _l("Features"),
        choices=options(
            zip(VEHICLE_FEATURES, (_l("Van"), _l("Electric"), _l("Wheelchair accessible")))
        ),
    )
    max_minutes_per_day = IntegerField(
        _l("Maximum driving minutes a day"), validators=[Optional(), at_least(1)]
    )
    driver_name = _text(_l("Driver name"), 80)
    driver_phone = _text(_l("Driver phone"), 40)
    in_pool = BooleanField(_l("Enrolled in the pool"), default=True)


class PrefixedForm(FlaskForm):
    """A form sharing a page with another: its field names and ids start with `field_prefix`."""

    field_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.field_prefix)
        super().__init__(*args, **kwargs)


OUTAGE_KIND_LABELS = dict(zip(OUTAGE_KINDS, (_l("Recalled to its agency"), _l("Maintenance"))))
FEE_UNIT_LABELS = dict(zip(FEE_UNITS, (_l("Session"), _l("Hour"), _l("Day"))))


class OutageForm(PrefixedForm):
    """Shown on the vehicle's page, so its fields carry the prefix 'outage-'."""

    field_prefix = "outage"

    kind = SelectField(_l("Kind"), choices=options(OUTAGE_KIND_LABELS.items()))
    start = TaipeiDateTimeField(_l("From"), validators=[InputRequired(message=REQUIRED)])
    end = TaipeiDateTimeField(
        _l("Until"), validators=[Optional()], description=_l("Leave empty: until further notice.")
    )
    reason = StringField(
        _l("Reason"), validators=[DataRequired(message=REQUIRED), Length(max=200)], filters=[_strip]
    )


VENUE_KIND_LABELS = dict(
    zip(
        VENUE_KINDS,
        (
            _l("Meeting room"),
            _l("Conference hall"),
            _l("Atrium"),
            _l("Plaza"),
            _l("Gallery"),
            _l("Other"),
        ),
    )
)


class VenueForm(FlaskForm):
    code = _code()
    name_zh = _name_zh()
    name_en = _name_en()
    kind = SelectField(_l("Kind"), choices=options(VENUE_KIND_LABELS.items()))
    floor = _text(_l("Floor"), 8)
    capacity = IntegerField(
        _l("Capacity"), validators=[InputRequired(message=REQUIRED), at_least(1)]
    )
    features = CommaListField(_l("Features"), description=_l("Separate with commas."))
    buffer_minutes = _minutes(_l("Buffer between bookings (minutes)"))
    bookable_from = DateField(_l("Bookable from"), validators=[Optional()])


class FeeForm(PrefixedForm):
    """Shown on the venue's page, so its fields carry the prefix 'fee-'."""

    field_prefix = "fee"

    label = StringField(
        _l("Label"), validators=[DataRequired(message=REQUIRED), Length(max=80)], filters=[_strip]
    )
    unit = SelectField(_l("Per"), choices=options(FEE_UNIT_LABELS.items()))
    amount = IntegerField(
        _l("Amount (NT$)"), validators=[InputRequired(message=REQUIRED), at_least(0)]
    )
    applies_to_agencies = BooleanField(_l("Applies to agencies"), default=True)


class EquipmentForm(FlaskForm):
    code = _code()
    name_zh = _name_zh()
    name_en = _name_en()
    quantity = IntegerField(
        _l("Quantity"), default=1, validators=[InputRequired(message=REQUIRED), at_least(1)]
    )
    setup_minutes = _minutes(_l("Set-up minutes"))
    teardown_minutes = _minutes(_l("Tear-down minutes"))
    hire_cost = IntegerField(
        _l("Hire cost (NT$)"), default=0, validators=[InputRequired(message=REQUIRED), at_least(0)]
    )


class BuildingForm(FlaskForm):
    code = _code()
    name_zh = _name_zh()
    name_en = _name_en()
    kind = SelectField(
        _l("Kind"), choices=options([("single", _l("Single rooms")), ("family", _l("Family"))])
    )


class RoomForm(FlaskForm):
    building_id = SelectField(
        _l("Building"), coerce=int, validators=[InputRequired(message=REQUIRED)]
    )
    number = StringField(
        _l("Room number"),
        validators=[DataRequired(message=REQUIRED), Length(max=16)],
        filters=[_strip],
    )
    floor = IntegerField(_l("Floor"), validators=[InputRequired(message=REQUIRED)])
    gender = SelectField(
        _l("Gender"),
        choices=options([("", _l("Anyone")), ("F", _l("Women")), ("M", _l("Men"))]),
        default="",
    )
    accessible = BooleanField(_l("Wheelchair accessible"))
