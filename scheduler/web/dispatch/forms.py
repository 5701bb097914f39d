"""The dispatcher's forms: optimize a period, change a draft's trip, take a vehicle out of the pool."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from scheduler.i18n import TAIPEI
from scheduler.models import Vehicle

MAX_PERIOD_DAYS = 14  # a fortnight already makes a large model; dispatchers plan a week ahead


def _int_or_none(value: Any) -> int | None:
    """'' (no vehicle) becomes None; anything else must be a whole number."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(_l("Choose a vehicle from the list.")) from None


def taipei(moment: datetime | None) -> datetime | None:
    """A datetime-local field's naive wall-clock time, read as Taipei time."""
    return None if moment is None else moment.replace(tzinfo=TAIPEI)


class OptimizeForm(FlaskForm):
    first_day = DateField(_l("From"), validators=[DataRequired()])
    last_day = DateField(_l("To (inclusive)"), validators=[DataRequired()])

    def validate_last_day(self, field: DateField) -> None:
        first: date | None = self.first_day.data
        if first is None or field.data is None:
            return
        if field.data < first:
            raise ValidationError(_l("The last day cannot be before the first."))
        if field.data - first >= timedelta(days=MAX_PERIOD_DAYS):
            raise ValidationError(_l("Optimize at most 14 days at once."))


class ChangeForm(FlaskForm):
    # Choices are the vehicles that fit, but any posted id is passed on: the service then says
    # why a vehicle does not fit instead of a bare "not a valid choice".
    vehicle_id = SelectField(_l("Vehicle"), coerce=_int_or_none, validate_choice=False)
    pin = BooleanField(_l("Pin (keep it there when re-optimizing)"), default=True)


class OutageForm(FlaskForm):
    vehicle_id = SelectField(_l("Vehicle"), coerce=int, validators=[DataRequired()])
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("recall", _l("Recall to its agency")),
            SelectChoice("maintenance", _l("Maintenance")),
        ],
    )
    start = DateTimeLocalField(_l("From"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    end = DateTimeLocalField(
        _l("Until (empty: until further notice)"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)])

    def fill_vehicles(self, vehicles: list[Vehicle]) -> OutageForm:
        """Offer the pooled vehicles."""
        self.vehicle_id.choices = [SelectChoice(v.id, f"{v.code} {v.plate}") for v in vehicles]
        return self

    def validate_end(self, field: DateTimeLocalField) -> None:
        if field.data is not None and self.start.data is not None and field.data <= self.start.data:
            raise ValidationError(_l("The end must be after the start."))
