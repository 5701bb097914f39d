"""The dormitory's eligibility questions and points rules: data an admin edits, not code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db import Base, BilingualName


class DormQuestion(BilingualName, Base):
    """One question of the application form (its text is the bilingual name).

    A "choice" question lists its options, each {"value", "zh", "en", "points", "eligible"}; an
    answer whose option is not eligible disqualifies. A "number" question (years of service)
    qualifies from `minimum`, accepts up to `maximum` and gives `points_per` each, at most
    `points_cap`. `document_*` names the paper that proves the answer.
    """

    __tablename__ = "dorm_question"
    __table_args__ = (CheckConstraint("kind IN ('choice', 'number')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(8), default="choice")
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    minimum: Mapped[int | None] = mapped_column(Integer, nullable=True)
    maximum: Mapped[int] = mapped_column(Integer, default=60)
    points_per: Mapped[int] = mapped_column(Integer, default=0)
    points_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_zh: Mapped[str] = mapped_column(String(120), default="")
    document_en: Mapped[str] = mapped_column(String(160), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def options_text(self) -> str:
        """The answers as the admin edits them: `value | 中文 | English | points | yes` a line."""
        return "\n".join(
            f"{o.get('value', '')} | {o.get('zh', '')} | {o.get('en', '')} | "
            f"{o.get('points', 0)} | {'yes' if o.get('eligible', True) else 'no'}"
            for o in self.options
        )

    def document(self, locale: str = "zh_TW") -> str:
        """The document to bring, in the UI locale."""
        return self.document_en if locale.startswith("en") else self.document_zh
