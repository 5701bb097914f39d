"""Staff dormitories: buildings, rooms, the waiting list (applications) and leases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, BilingualName, UTCDateTime, utcnow
from scheduler.models.people import User


class DormBuilding(BilingualName, Base):
    """A dormitory building such as Xiyuan (西園) or Xinyi (信義)."""

    __tablename__ = "dorm_building"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(8), default="single")  # single, family
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    rooms: Mapped[list[DormRoom]] = relationship(
        back_populates="building", order_by="DormRoom.number"
    )


class DormRoom(Base):
    """One room; `gender` set means a gender-separated floor, null means anyone."""

    __tablename__ = "dorm_room"
    __table_args__ = (
        UniqueConstraint("building_id", "number"),
        CheckConstraint("gender IS NULL OR gender IN ('F', 'M')", name="gender_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("dorm_building.id"))
    number: Mapped[str] = mapped_column(String(16))
    floor: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    building: Mapped[DormBuilding] = relationship(back_populates="rooms")
    leases: Mapped[list[Lease]] = relationship(back_populates="room", order_by="Lease.start")

    @property
    def label(self) -> str:
        """Building code and room number, e.g. XY-0301."""
        return f"{self.building.code}-{self.number}"


class DormApplication(Base):
    """A place on the waiting list: points, application date, needs and building preferences."""

    __tablename__ = "dorm_application"
    __table_args__ = (
        CheckConstraint("points >= 0", name="points_nonnegative"),
        CheckConstraint("gender IN ('F', 'M')", name="gender_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    points: Mapped[int] = mapped_column(Integer, default=0)
    applied_on: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))
    needs_accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    preferences: Mapped[list[str]] = mapped_column(
        JSON, default=list
    )  # building codes, first choice first
    status: Mapped[str] = mapped_column(
        String(12), default="waiting"
    )  # waiting, offered, housed, withdrawn
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    applicant: Mapped[User] = relationship()


class Lease(Base):
    """A resident's lease of one room, with its dates; a renewal is a new lease pointing back."""

    __tablename__ = "lease"
    __table_args__ = (CheckConstraint("end_on > start_on", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("dorm_room.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("dorm_application.id"), nullable=True
    )
    start: Mapped[date] = mapped_column("start_on", Date)
    end: Mapped[date] = mapped_column("end_on", Date)
    status: Mapped[str] = mapped_column(
        String(12), default="active"
    )  # offered, active, ended, renewed, cancelled
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("lease.id"), nullable=True)
    moved_in_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    moved_out_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    room: Mapped[DormRoom] = relationship(back_populates="leases")
    resident: Mapped[User] = relationship()

    def holds(self, on: date) -> bool:
        """True when this lease holds the room on the given day (an offer reserves it too)."""
        if self.status == "cancelled":
            return False
        return self.start <= on < (self.moved_out_on or self.end)
