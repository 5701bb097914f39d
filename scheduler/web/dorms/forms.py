"""Forms of the dormitory pages: they check the shape; the dorms services check the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from scheduler.models import DormBuilding, DormQuestion
from scheduler.services.dorms import field_name
from scheduler.web.admin.forms import REQUIRED, options
from scheduler.web.navigation import current_locale

GENDER_LABELS = {"F": _l("Women's floors"), "M": _l("Men's floors")}
HOLD_LABELS = {"": _l("Available"), "repair": _l("Under repair"), "reserved": _l("Reserved")}
CHECK_LABELS = {
    "still_serving": _l("Still in service at the City Government"),
    "no_home_in_area": _l("No home of their own in Taipei or New Taipei"),
    "household_lives_there": _l("The household lives in the dormitory"),
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _reason(label: Any, required: bool = True) -> StringField:
    checks = [InputRequired(message=REQUIRED)] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=300)], filters=[_strip])


class ApplicationForm(FlaskForm):
    """The fixed part of the application; the questions' fields are added per request."""

    first_choice = SelectField(_l("First choice"), validate_choice=False)
    second_choice = SelectField(_l("Second choice"), validate_choice=False)
    gender = RadioField(
        _l("Floors"),
        choices=options(GENDER_LABELS.items()),
        validate_choice=False,
        description=_l("Floors are separated by gender; the room is on a floor for you."),
    )
    needs_accessible = BooleanField(_l("I need an accessible room"))

    def answers(self, questions: list[DormQuestion]) -> dict[str, str]:
        """The question answers as typed, by question code."""
        return {q.code: str(self[field_name(q)].data or "") for q in questions}


def application_form(
    questions: list[DormQuestion], buildings: list[DormBuilding], **kwargs: Any
) -> ApplicationForm:
    """The application form with one field per question, in the rules' order."""
    locale = current_locale()

    class Form(ApplicationForm):
        pass

    for question in questions:
        hint = question.document(locale)
        description = _l("Bring: %(document)s", document=hint) if hint else ""
        if question.kind == "number":
            field: Any = StringField(
                question.name(locale),
                validators=[InputRequired(message=REQUIRED), Length(max=40)],
                filters=[_strip],
                description=description,
                render_kw={"inputmode": "numeric"},
            )
        else:
            field = RadioField(
                question.name(locale),
                choices=options(
                    (o["value"], o["en"] if locale == "en" else o["zh"]) for o in question.options
                ),
                validate_choice=False,
                description=description,
            )
        setattr(Form, field_name(question), field)
    form = Form(**kwargs)
    names = [(b.code, b.name(locale)) for b in buildings]
    form.first_choice.choices = options([("", _l("Choose a building")), *names])
    form.second_choice.choices = options([("", _l("No second choice")), *names])
    return form


class PointsForm(FlaskForm):
    """The officer's correction of an application's points."""

    points = IntegerField(
        _l("Points"),
        validators=[
            InputRequired(message=REQUIRED),
            NumberRange(min=0, max=1000, message=_l("Points must be from 0 to 1000.")),
        ],
    )
    reason = _reason(_l("Reason (the applicant reads it)"))


class ReasonForm(FlaskForm):
    """A refusal with its reason (rejecting an application)."""

    reason = _reason(_l("Reason (the applicant reads it)"))


class HoldForm(FlaskForm):
    """Put a vacant room under repair or reserve it."""

    hold = SelectField(
        _l("Room status"), choices=options(HOLD_LABELS.items()), validate_choice=False
    )
    note = _reason(_l("Note"), required=False)


class DayForm(FlaskForm):
    """One day: move-in, move-out or the move-out notice."""

    day = DateField(_l("Day"), validators=[InputRequired(message=REQUIRED)])


class RenewForm(FlaskForm):
    """Renew a lease; past the term only with a reason."""

    reason = _reason(_l("Reason for an exception to the term"), required=False)


class NoticeForm(FlaskForm):
    """A notice to every resident or to one building's."""

    title = StringField(
        _l("Title"), validators=[InputRequired(message=REQUIRED), Length(max=120)], filters=[_strip]
    )
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=2000)], filters=[_strip])
    building_id = SelectField(_l("For"), validate_choice=False)

    def fill(self, buildings: list[DormBuilding]) -> NoticeForm:
        """The building choices (all residents first)."""
        locale = current_locale()
        self.building_id.choices = options(
            [("", _l("All residents")), *((str(b.id), b.name(locale)) for b in buildings)]
        )
        return self

    def building(self) -> int | None:
        """The chosen building's id, or None for everyone (an unknown value: the service says)."""
        value = str(self.building_id.data or "")
        return int(value) if value.isdecimal() and len(value) < 10 else (None if not value else -1)


class ReviewForm(FlaskForm):
    """A family dormitory's continued-stay review."""

    still_serving = BooleanField(CHECK_LABELS["still_serving"])
    no_home_in_area = BooleanField(CHECK_LABELS["no_home_in_area"])
    household_lives_there = BooleanField(CHECK_LABELS["household_lives_there"])
    note = _reason(_l("Note (needed when the household no longer qualifies)"), required=False)


class QuestionForm(FlaskForm):
    """An eligibility and points question (admin)."""

    code = StringField(
        _l("Code"), validators=[InputRequired(message=REQUIRED), Length(max=32)], filters=[_strip]
    )
    name_zh = StringField(
        _l("Question (Chinese)"),
        validators=[InputRequired(message=REQUIRED), Length(max=80)],
        filters=[_strip],
    )
    name_en = StringField(
        _l("Question (English)"),
        validators=[InputRequired(message=REQUIRED), Length(max=120)],
        filters=[_strip],
    )
    position = IntegerField(
        _l("Order"), default=10, validators=[InputRequired(message=REQUIRED), NumberRange(0, 9999)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=options([("choice", _l("Choose one answer")), ("number", _l("A number (years)"))]),
        validate_choice=False,
    )
    options_text = TextAreaField(
        _l("Answers"),
        validators=[Optional(), Length(max=4000)],
        description=_l("One a line: value | 中文 | English | points | yes (qualifies) or no."),
    )
    minimum = IntegerField(
        _l("Least number that qualifies"), validators=[Optional(), NumberRange(0, 9999)]
    )
    maximum = IntegerField(
        _l("Largest number accepted"),
        default=60,
        validators=[InputRequired(message=REQUIRED), NumberRange(0, 9999)],
    )
    points_per = IntegerField(
        _l("Points for each"),
        default=0,
        validators=[InputRequired(message=REQUIRED), NumberRange(0, 1000)],
    )
    points_cap = IntegerField(_l("At most points"), validators=[Optional(), NumberRange(0, 1000)])
    document_zh = StringField(
        _l("Document to bring (Chinese)"),
        validators=[Optional(), Length(max=120)],
        filters=[_strip, lambda v: v or ""],
    )
    document_en = StringField(
        _l("Document to bring (English)"),
        validators=[Optional(), Length(max=160)],
        filters=[_strip, lambda v: v or ""],
    )
