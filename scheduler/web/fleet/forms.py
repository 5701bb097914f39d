"""Forms of the car requests: the request itself, cancelling it, and the dispatcher's trip outcome."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler.i18n import TAIPEI, local
from scheduler.models import Trip
from scheduler.services.fleet.rules import Slot
from scheduler.services.fleet.trips import TripRequest

NEED_CHOICES = [
    ("van", _l("Van (7 seats or more)")),
    ("ev", _l("Electric vehicle")),
    ("accessible", _l("Wheelchair accessible")),
]
URGENT_REASON_CHOICES = [
    ("", _l("Not urgent")),
    ("pandemic", _l("Pandemic prevention")),
    ("flood_prevention", _l("Flood prevention")),
    ("disaster_relief", _l("Disaster relief")),
]
RATING_CHOICES = [
    (5, _l("Very satisfied")),
    (4, _l("Satisfied")),
    (3, _l("Neutral")),
    (2, _l("Dissatisfied")),
    (1, _l("Very dissatisfied")),
]


def choices(pairs: list[tuple[Any, Any]]) -> list[SelectChoice]:
    """Field choices from (value, label) pairs (wtforms 3.3 wants SelectChoice objects)."""
    return [SelectChoice(value, label) for value, label in pairs]


# Inputs that change which cars fit: each asks for a fresh availability hint as it changes.
HINT_FIELDS = ("day", "start", "end", "end_day", "passenger_count", "needs")


class VersionedForm(FlaskForm):
    """A form about one trip, carrying the version it was shown with (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The trip version the form was shown with, if any."""
        value = self.version.data
        return int(value) if value and str(value).isdigit() else None


class TripForm(VersionedForm):
    """A car request; the service checks the rules (return after departure, seats, needs ...)."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    start = TimeField(_l("Departure time"), validators=[InputRequired()])
    end = TimeField(_l("Return time"), validators=[InputRequired()])
    end_day = DateField(_l("Return date, if not the same day"), validators=[Optional()])
    pickup = StringField(
        _l("Pick-up point"), default="臺北市政府", validators=[InputRequired(), Length(max=200)]
    )
    destination = StringField(_l("Destination"), validators=[InputRequired(), Length(max=200)])
    purpose = StringField(_l("Purpose"), validators=[InputRequired(), Length(max=300)])
    passenger_count = IntegerField(
        _l("Number of passengers"), default=1, validators=[InputRequired()]
    )
    passenger_names = TextAreaField(
        _l("Passenger names"), validators=[Optional(), Length(max=2000)]
    )
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=80)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), Length(max=120)])
    # Unknown values reach the service, which names the problem beside the field.
    needs = SelectMultipleField(
        _l("Needs"),
        choices=choices(NEED_CHOICES),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    urgent = BooleanField(_l("Urgent duty (raises the priority)"))
    urgent_reason = SelectField(
        _l("Urgent duty"), choices=choices(URGENT_REASON_CHOICES), validate_choice=False
    )

    def wire_hint(self, url: str) -> None:
        """Make the inputs that change availability ask `url` for the hint (htmx; none without JS)."""
        for name in HINT_FIELDS:
            self[name].render_kw = {
                "hx-get": url,
                "hx-trigger": "change, input delay:400ms",
                "hx-target": "#availability-hint",
                "hx-include": "closest form",
                "hx-params": "not csrf_token",
                "aria-controls": "availability-hint",
            }

    def times(self) -> tuple[datetime, datetime] | None:
        """Departure and return as aware instants (the inputs are Taipei wall-clock), if filled."""
        day, start, end = self.day.data, self.start.data, self.end.data
        if not isinstance(day, date) or not isinstance(start, time) or not isinstance(end, time):
            return None
        end_day = self.end_day.data if isinstance(self.end_day.data, date) else day
        return datetime.combine(day, start, TAIPEI), datetime.combine(end_day, end, TAIPEI)

    def slot(self) -> Slot | None:
        """What the filled-in inputs ask of a car, or None while they are incomplete."""
        times = self.times()
        if times is None or not isinstance(self.passenger_count.data, int):
            return None
        return Slot(times[0], times[1], self.passenger_count.data, tuple(self.needs.data or ()))

    def to_request(self) -> TripRequest:
        """The service's input (call after validate())."""
        times = self.times()
        assert times is not None  # validate() required the date and times
        return TripRequest(
            start=times[0],
            end=times[1],
            pickup=self.pickup.data or "",
            destination=self.destination.data or "",
            purpose=self.purpose.data or "",
            passenger_count=int(self.passenger_count.data or 0),
            passenger_names=self.passenger_names.data or "",
            contact_name=self.contact_name.data or "",
            contact_phone=self.contact_phone.data or "",
            contact_email=self.contact_email.data or "",
            needs=tuple(self.needs.data or ()),
            urgent=bool(self.urgent.data),
            urgent_reason=self.urgent_reason.data or "",
        )


def trip_form_data(trip: Trip) -> dict[str, Any]:
    """A trip's values as the request form shows them (Taipei wall-clock)."""
    start, end = local(trip.start), local(trip.end)
    return {
        "day": start.date(),
        "start": start.time(),
        "end": end.time(),
        "end_day": end.date() if end.date() != start.date() else None,
        "pickup": trip.pickup,
        "destination": trip.destination,
        "purpose": trip.purpose,
        "passenger_count": trip.passenger_count,
        "passenger_names": trip.passenger_names,
        "contact_name": trip.contact_name,
        "contact_phone": trip.contact_phone,
        "contact_email": trip.contact_email,
        "needs": list(trip.needs),
        "urgent": trip.urgent,
        "urgent_reason": trip.urgent_reason,
        "version": str(trip.version),
    }


class CancelForm(VersionedForm):
    """Cancel a request or an approved trip."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200)])


OUTCOME_CHOICES = [
    ("completed", _l("Completed")),
    ("cancelled", _l("Cancelled")),
    ("no_show", _l("No-show")),
]


class OutcomeForm(VersionedForm):
    """What happened on an approved trip (the dispatcher's record)."""

    status = RadioField(
        _l("Outcome"), choices=choices(OUTCOME_CHOICES), validators=[InputRequired()]
    )
    actual_start = DateTimeLocalField(
        _l("Actual start"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    actual_end = DateTimeLocalField(
        _l("Actual end"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    odometer_start = IntegerField(_l("Odometer at start (km)"), validators=[Optional()])
    odometer_end = IntegerField(_l("Odometer at end (km)"), validators=[Optional()])
    reason = StringField(
        _l("Reason for the cancellation"), validators=[Optional(), Length(max=200)]
    )

    @staticmethod
    def aware(value: datetime | None) -> datetime | None:
        """A datetime-local input (Taipei wall-clock) as an aware instant."""
        return value.replace(tzinfo=TAIPEI) if isinstance(value, datetime) else None


def outcome_form_data(trip: Trip) -> dict[str, Any]:
    """The planned times as a starting point for the actual ones."""
    return {
        "actual_start": local(trip.start).replace(tzinfo=None),
        "actual_end": local(trip.end).replace(tzinfo=None),
        "version": str(trip.version),
    }
