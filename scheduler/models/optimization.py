"""Optimizer runs and the draft plans they propose, kept for review, approval and the record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, UTCDateTime, utcnow
from scheduler.models.people import User


class OptimizationRun(Base):
    """One run of the optimizer over a period: who, when, the result, and what became of the draft."""

    __tablename__ = "optimization_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # fleet, venues, dorms
    period_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    period_end: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[str] = mapped_column(
        String(12), default="running"
    )  # running, draft, approved, discarded, failed
    solver_status: Mapped[str] = mapped_column(String(12), default="")  # optimal, feasible
    objective: Mapped[list[int]] = mapped_column(JSON, default=list)
    solve_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    run_by: Mapped[User | None] = relationship(foreign_keys=[run_by_id])
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="PlanItem.id"
    )


class PlanItem(Base):
    """The draft plan's word on one trip, booking or applicant: its resource and how it changed."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("optimization_run.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(Integer)  # trip / booking / application id
    resource_id: Mapped[int | None] = mapped_column(
        Integer, nullable=True
    )  # vehicle / venue / room id
    previous_resource_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    change: Mapped[str] = mapped_column(String(12))  # new, moved, unchanged, unassigned
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)

    run: Mapped[OptimizationRun] = relationship(back_populates="items")
