"""The pooled fleet: vehicles, their recall/maintenance periods, trips and passenger surveys."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, UTCDateTime, utcnow
from scheduler.models.people import Agency, User


class Vehicle(Base):
    """A car an agency contributes to the pool (or keeps enrolled but recalled)."""

    __tablename__ = "vehicle"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    plate: Mapped[str] = mapped_column(String(16), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    kind: Mapped[str] = mapped_column(String(16), default="sedan")  # sedan, van, motorcycle ...
    seats: Mapped[int] = mapped_column(Integer)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)  # van, ev, accessible ...
    max_minutes_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    driver_name: Mapped[str] = mapped_column(String(80), default="")
    driver_phone: Mapped[str] = mapped_column(String(40), default="")
    in_pool: Mapped[bool] = mapped_column(Boolean, default=True)  # enrolled in unified dispatch
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once retired

    agency: Mapped[Agency] = relationship()
    outages: Mapped[list[VehicleOutage]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="VehicleOutage.start"
    )

    def outage_at(self, moment: datetime) -> VehicleOutage | None:
        """The recall or maintenance period covering `moment`, if any."""
        for outage in self.outages:
            if outage.covers(moment):
                return outage
        return None


class VehicleOutage(Base):
    """A period a pooled vehicle is out of the pool: recalled to its agency, or in maintenance."""

    __tablename__ = "vehicle_outage"
    __table_args__ = (
        CheckConstraint("kind IN ('recall', 'maintenance')", name="kind_known"),
        CheckConstraint("end_at IS NULL OR end_at > start_at", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column("start_at", UTCDateTime)
    end: Mapped[datetime | None] = mapped_column(
        "end_at", UTCDateTime, nullable=True
    )  # open: until further notice
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    vehicle: Mapped[Vehicle] = relationship(back_populates="outages")

    def covers(self, moment: datetime) -> bool:
        """True when `moment` falls inside this half-open period."""
        return self.start <= moment and (self.end is None or moment < self.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) meets this period."""
        return self.start < end and (self.end is None or start < self.end)


class TripStatus(enum.StrEnum):
    """A trip's life: requested → (planned in a draft) → approved → completed / cancelled / no-show."""

    REQUESTED = "requested"
    PLANNED = "planned"
    APPROVED = "approved"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


OPEN_TRIP_STATUSES = (TripStatus.REQUESTED, TripStatus.PLANNED, TripStatus.APPROVED)


class Trip(Base):
    """A request for a pooled car and, once assigned, the trip itself."""

    __tablename__ = "trip"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="end_after_start"),
        CheckConstraint("passenger_count > 0", name="passengers_positive"),
        CheckConstraint("priority >= 1", name="priority_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=TripStatus.REQUESTED.value, index=True)
    start: Mapped[datetime] = mapped_column("start_at", UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column("end_at", UTCDateTime)
    pickup: Mapped[str] = mapped_column(String(200), default="臺北市政府")
    destination: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(300))
    passenger_count: Mapped[int] = mapped_column(Integer, default=1)
    passenger_names: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(80), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(120), default="")
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)  # van, ev, accessible
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent_reason: Mapped[str] = mapped_column(String(40), default="")  # pandemic, flood ...
    priority: Mapped[int] = mapped_column(Integer, default=1)
    vehicle_id: Mapped[int | None] = mapped_column(
        ForeignKey("vehicle.id"), nullable=True, index=True
    )
    pinned: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # dispatcher fixed vehicle_id by hand
    needs_replan: Mapped[bool] = mapped_column(Boolean, default=False)
    replan_reason: Mapped[str] = mapped_column(String(200), default="")
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    actual_end: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    odometer_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    odometer_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency] = relationship()
    requested_by: Mapped[User | None] = relationship()
    vehicle: Mapped[Vehicle | None] = relationship()
    survey: Mapped[SurveyAnswer | None] = relationship(back_populates="trip", uselist=False)

    # Optimistic locking: two dispatchers changing one trip at once cannot both win.
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        """Still to happen: requested, planned or approved."""
        return self.status in OPEN_TRIP_STATUSES

    @property
    def minutes(self) -> int:
        """Scheduled length in whole minutes."""
        return int((self.end - self.start).total_seconds() // 60)


SATISFACTION_LEVELS = (5, 4, 3, 2, 1)  # very satisfied ... very dissatisfied


class SurveyAnswer(Base):
    """The passenger survey of one completed trip: the invitation token and, once given, the answer."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trip.id"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 5 = very satisfied
    comment: Mapped[str] = mapped_column(Text, default="")

    trip: Mapped[Trip] = relationship(back_populates="survey")
