"""Notices the housing officer posts to residents, and the family dormitories' stay reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, UTCDateTime, utcnow
from scheduler.models.dorms import DormBuilding, Lease
from scheduler.models.people import User


class DormNotice(Base):
    """A notice to every resident (building None) or to one building's; the officer's own words."""

    __tablename__ = "dorm_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("dorm_building.id"), nullable=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    building: Mapped[DormBuilding | None] = relationship()
    posted_by: Mapped[User | None] = relationship()


class DormStayReview(Base):
    """A family dormitory household's continued-stay review: the checks, the outcome, the next one."""

    __tablename__ = "dorm_stay_review"
    __table_args__ = (
        CheckConstraint("outcome IN ('qualifies', 'not_qualified')", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lease_id: Mapped[int] = mapped_column(ForeignKey("lease.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    checks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300), default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    next_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lease: Mapped[Lease] = relationship()
    reviewer: Mapped[User | None] = relationship()
