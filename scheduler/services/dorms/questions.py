"""The admin's side of the dormitory rules: create and edit the eligibility and points questions.

A choice question's answers are typed one a line as `value | 中文 | English | points | yes`
(the last part: whether the answer qualifies; yes when left out), so the rules stay data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from scheduler.errors import N_, DomainError
from scheduler.models import DormQuestion, User
from scheduler.services.admin.resources import require_unique, save_record

QUESTION_KINDS = ("choice", "number")
YES = ("yes", "y", "true", "1", "是")
NO = ("no", "n", "false", "0", "否")
MAX_OPTIONS = 20
MAX_POINTS = 1000


def _option(line: str, number: int) -> dict[str, Any]:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) not in (4, 5) or not all(parts[:3]):
        raise DomainError(
            N_("Line %(line)s: write value | 中文 | English | points | yes or no."),
            "options_text",
            line=number,
        )
    value, zh, en, points = parts[:4]
    if len(value) > 20 or len(zh) > 80 or len(en) > 120:
        raise DomainError(N_("Line %(line)s is too long."), "options_text", line=number)
    if not points.isdecimal() or int(points) > MAX_POINTS:
        raise DomainError(
            N_("Line %(line)s: points must be a whole number from 0 to %(max)s."),
            "options_text",
            line=number,
            max=MAX_POINTS,
        )
    eligible = parts[4].lower() if len(parts) == 5 else "yes"
    if eligible not in YES + NO:
        raise DomainError(
            N_("Line %(line)s: the last part must be yes or no."), "options_text", line=number
        )
    return {"value": value, "zh": zh, "en": en, "points": int(points), "eligible": eligible in YES}


def parse_options(text: str) -> list[dict[str, Any]]:
    """The answers of a choice question from the admin's lines (DomainError on options_text)."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_OPTIONS:
        raise DomainError(N_("At most %(max)s answers."), "options_text", max=MAX_OPTIONS)
    options = [_option(line, n) for n, line in enumerate(lines, start=1)]
    values = [o["value"] for o in options]
    if len(set(values)) != len(values):
        raise DomainError(N_("Two answers have the same value."), "options_text")
    return options


def save_question(
    session: Session,
    actor: User,
    question: DormQuestion | None,
    *,
    code: str,
    name_zh: str,
    name_en: str,
    position: int,
    kind: str,
    options_text: str = "",
    minimum: int | None = None,
    maximum: int = 60,
    points_per: int = 0,
    points_cap: int | None = None,
    document_zh: str = "",
    document_en: str = "",
) -> DormQuestion:
    """Create or update an eligibility and points question; its code is unique."""
    question = question or DormQuestion()
    require_unique(
        session, DormQuestion.code, code, question.id, "code", N_("This code is already in use.")
    )
    if kind not in QUESTION_KINDS:
        raise DomainError(N_("Unknown question kind."), "kind")
    options = parse_options(options_text) if kind == "choice" else []
    if kind == "choice" and len(options) < 2:
        raise DomainError(N_("A choice question needs at least two answers."), "options_text")
    if kind == "number" and minimum is not None and minimum > maximum:
        raise DomainError(N_("The minimum is larger than the maximum."), "minimum")
    values = {
        "code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "position": position,
        "kind": kind,
        "options": options,
        "minimum": minimum if kind == "number" else None,
        "maximum": maximum,
        "points_per": points_per if kind == "number" else 0,
        "points_cap": points_cap if kind == "number" else None,
        "document_zh": document_zh,
        "document_en": document_en,
    }
    return save_record(session, actor, question, values)
