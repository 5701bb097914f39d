"""Venues (meeting rooms, atrium, plaza, gallery ...), lendable equipment, bookings and closures."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, BilingualName, UTCDateTime, utcnow
from scheduler.models.people import Agency, User

VENUE_KINDS = ("meeting_room", "conference_hall", "atrium", "plaza", "gallery", "other")


class Venue(BilingualName, Base):
    """A bookable place; `buffer_minutes` separates two bookings (cleaning, changeover)."""

    __tablename__ = "venue"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("buffer_minutes >= 0", name="buffer_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="meeting_room")
    floor: Mapped[str] = mapped_column(String(8), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)  # streaming, projector ...
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0)
    bookable_from: Mapped[date | None] = mapped_column(
        Date, nullable=True
    )  # e.g. N206 from 2021-05-03
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    fees: Mapped[list[VenueFee]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", order_by="VenueFee.id"
    )


class VenueFee(Base):
    """One line of a venue's fee schedule (NT$ per session, hour or day)."""

    __tablename__ = "venue_fee"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_nonnegative"),
        CheckConstraint("unit IN ('session', 'hour', 'day')", name="unit_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(8), default="session")
    amount: Mapped[int] = mapped_column(Integer)  # whole NT$
    applies_to_agencies: Mapped[bool] = mapped_column(Boolean, default=True)

    venue: Mapped[Venue] = relationship(back_populates="fees")


class Equipment(BilingualName, Base):
    """A lendable item such as the mobile stage or the lighting/audio set."""

    __tablename__ = "equipment"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    setup_minutes: Mapped[int] = mapped_column(Integer, default=0)
    teardown_minutes: Mapped[int] = mapped_column(Integer, default=0)
    hire_cost: Mapped[int] = mapped_column(
        Integer, default=0
    )  # NT$ a use would cost if hired outside
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BookingStatus(enum.StrEnum):
    """A venue booking's life; refused, cancelled and suspended records are kept for the audit trail."""

    REQUESTED = "requested"
    PLANNED = "planned"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"  # by a closure
    COMPLETED = "completed"


class BookingSeries(Base):
    """A recurrence rule that generated several bookings; occurrences stay separate rows."""

    __tablename__ = "booking_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    frequency: Mapped[str] = mapped_column(String(8), default="weekly")  # daily, weekly, monthly
    interval: Mapped[int] = mapped_column(Integer, default=1)
    until: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bookings: Mapped[list[VenueBooking]] = relationship(back_populates="series")


class VenueBooking(Base):
    """A request to use a venue (with equipment) and, once approved, the booking."""

    __tablename__ = "venue_booking"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="end_after_start"),
        CheckConstraint("attendees > 0", name="attendees_positive"),
        CheckConstraint("fee >= 0", name="fee_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"), nullable=True, index=True)
    candidates: Mapped[list[str]] = mapped_column(
        JSON, default=list
    )  # venue codes, first choice first
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    organiser: Mapped[str] = mapped_column(String(120), default="")  # outside group, if any
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(
        String(40), default="policy"
    )  # policy, public_interest, cultural, education
    start: Mapped[datetime] = mapped_column("start_at", UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column("end_at", UTCDateTime)
    attendees: Mapped[int] = mapped_column(Integer, default=1)
    requires: Mapped[list[str]] = mapped_column(JSON, default=list)
    priority: Mapped[int] = mapped_column(Integer, default=1)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(
        String(16), default=BookingStatus.REQUESTED.value, index=True
    )
    fee: Mapped[int] = mapped_column(Integer, default=0)  # NT$ charged
    fee_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    refunded: Mapped[int] = mapped_column(
        Integer, default=0
    )  # NT$ returned (closure, cancellation)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("booking_series.id"), nullable=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    venue: Mapped[Venue | None] = relationship()
    agency: Mapped[Agency] = relationship()
    requested_by: Mapped[User | None] = relationship()
    series: Mapped[BookingSeries | None] = relationship(back_populates="bookings")
    equipment_links: Mapped[list[BookingEquipment]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    @property
    def equipment(self) -> list[Equipment]:
        """The equipment items this booking uses."""
        return [link.equipment for link in self.equipment_links]


class BookingEquipment(Base):
    """One equipment item lent to one booking."""

    __tablename__ = "booking_equipment"

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("venue_booking.id", ondelete="CASCADE"), primary_key=True
    )
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id"), primary_key=True)

    booking: Mapped[VenueBooking] = relationship(back_populates="equipment_links")
    equipment: Mapped[Equipment] = relationship(lazy="joined")


class Closure(Base):
    """A period a venue (or every venue, when venue_id is null) is closed, e.g. pandemic alert level 3."""

    __tablename__ = "closure"
    __table_args__ = (
        CheckConstraint("end_at IS NULL OR end_at > start_at", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"), nullable=True)
    start: Mapped[datetime] = mapped_column("start_at", UTCDateTime)
    end: Mapped[datetime | None] = mapped_column("end_at", UTCDateTime, nullable=True)  # open-ended
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    venue: Mapped[Venue | None] = relationship()

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) meets this closure."""
        return self.start < end and (self.end is None or start < self.end)
