"""Eligibility and points from the rules an admin keeps (DormQuestion rows), never from code.

`evaluate` turns an applicant's answers into the points breakdown (which answer gave how many
points) or refuses an answer that does not qualify; `point_changes` says what would raise them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.errors import N_, ValidationError
from scheduler.models import DormQuestion

MAX_ANSWER_LENGTH = 40


@dataclass(frozen=True)
class Evaluation:
    """The points of a set of answers, line by line (a copy of the rules as they were applied)."""

    answers: dict[str, Any]
    breakdown: list[dict[str, Any]]

    @property
    def points(self) -> int:
        """The total of the lines."""
        return sum(int(line["points"]) for line in self.breakdown)


def active_questions(session: Session) -> list[DormQuestion]:
    """The questions of the application form, in their order."""
    stmt = select(DormQuestion).where(DormQuestion.active.is_(True))
    return list(session.scalars(stmt.order_by(DormQuestion.position, DormQuestion.id)))


def field_name(question: DormQuestion) -> str:
    """The form field of a question's answer."""
    return f"q_{question.code}"


def _bilingual(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _choice_line(question: DormQuestion, raw: str) -> tuple[str, dict[str, Any]]:
    option = next((o for o in question.options if str(o.get("value")) == raw), None)
    if option is None:
        raise ValidationError(N_("Choose one of the answers."), field=field_name(question))
    if not option.get("eligible", True):
        raise ValidationError(
            N_("With this answer you do not qualify for a staff dormitory room."),
            field=field_name(question),
        )
    label = _bilingual(str(option.get("zh", raw)), str(option.get("en", raw)))
    return raw, {"answer_label": label, "points": int(option.get("points", 0))}


def _number_line(question: DormQuestion, raw: str) -> tuple[int, dict[str, Any]]:
    text = raw.strip()
    if not text.isdecimal() or len(text) > 4:
        raise ValidationError(N_("Enter a whole number."), field=field_name(question))
    value = int(text)
    if value > question.maximum:
        raise ValidationError(
            N_("Enter a number no larger than %(maximum)s."),
            field=field_name(question),
            maximum=question.maximum,
        )
    if question.minimum is not None and value < question.minimum:
        raise ValidationError(
            N_("At least %(minimum)s are needed to qualify."),
            field=field_name(question),
            minimum=question.minimum,
        )
    points = value * question.points_per
    if question.points_cap is not None:
        points = min(points, question.points_cap)
    return value, {"answer_label": None, "points": points}


def evaluate(questions: list[DormQuestion], raw_answers: Mapping[str, str]) -> Evaluation:
    """The breakdown of the answers (raw form strings by question code); ValidationError names
    the first question unanswered, malformed or disqualifying."""
    answers: dict[str, Any] = {}
    breakdown: list[dict[str, Any]] = []
    for question in questions:
        raw = str(raw_answers.get(question.code) or "").strip()[:MAX_ANSWER_LENGTH]
        if not raw:
            raise ValidationError(N_("Answer this question."), field=field_name(question))
        value: int | str
        if question.kind == "number":
            value, line = _number_line(question, raw)
        else:
            value, line = _choice_line(question, raw)
        answers[question.code] = value
        breakdown.append(
            {
                "question": question.code,
                "prompt": _bilingual(question.name_zh, question.name_en),
                "answer": value,
                "document": _bilingual(question.document_zh, question.document_en),
                **line,
            }
        )
    return Evaluation(answers, breakdown)


def point_changes(
    questions: list[DormQuestion], breakdown: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """What would raise the points under today's rules, question by question.

    A choice: the qualifying answers worth more than the one given; a number (years): the points
    each further unit adds, up to the cap.
    """
    given = {line["question"]: line for line in breakdown}
    changes: list[dict[str, Any]] = []
    for question in questions:
        line = given.get(question.code)
        current = int(line["points"]) if line else 0
        prompt = _bilingual(question.name_zh, question.name_en)
        if question.kind == "number":
            cap = question.points_cap
            if question.points_per > 0 and (cap is None or current < cap):
                changes.append({"prompt": prompt, "per": question.points_per, "cap": cap})
            continue
        better = [
            {"label": _bilingual(str(o.get("zh")), str(o.get("en"))), "points": int(o["points"])}
            for o in question.options
            if o.get("eligible", True) and int(o.get("points", 0)) > current
        ]
        if better:
            changes.append({"prompt": prompt, "better": better, "current": current})
    return changes
