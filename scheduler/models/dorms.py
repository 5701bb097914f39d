"""Staff dormitories: buildings, rooms, the waiting list (applications) and leases (offers too)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, BilingualName, UTCDateTime, utcnow
from scheduler.models.people import User

# Leases that hold their room: an open offer reserves it, an active lease lends it.
HOLDING_LEASE = "status IN ('offered', 'active')"
# Applications still in play: at most one per person.
OPEN_APPLICATION = "status IN ('submitted', 'waiting', 'offered')"
# Lease statuses under which the lease never held (or no longer holds) its room.
RELEASED = ("cancelled", "declined", "lapsed", "forfeited")


class DormBuilding(BilingualName, Base):
    """A dormitory building such as Xiyuan (西園) or Xinyi (信義), or a family dormitory (眷舍)."""

    __tablename__ = "dorm_building"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(8), default="single")  # single, family
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    rooms: Mapped[list[DormRoom]] = relationship(
        back_populates="building", order_by="DormRoom.number"
    )


class DormRoom(Base):
    """One room; `gender` set means a gender-separated floor; `hold` takes it out of allocation."""

    __tablename__ = "dorm_room"
    __table_args__ = (
        UniqueConstraint("building_id", "number"),
        CheckConstraint("gender IS NULL OR gender IN ('F', 'M')", name="gender_known"),
        CheckConstraint("hold IS NULL OR hold IN ('repair', 'reserved')", name="hold_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("dorm_building.id"))
    number: Mapped[str] = mapped_column(String(16))
    floor: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    hold: Mapped[str | None] = mapped_column(String(12), nullable=True)  # repair, reserved
    hold_note: Mapped[str] = mapped_column(String(200), default="")

    building: Mapped[DormBuilding] = relationship(back_populates="rooms")
    leases: Mapped[list[Lease]] = relationship(back_populates="room", order_by="Lease.start")

    @property
    def label(self) -> str:
        """Building code and room number, e.g. XY-0301."""
        return f"{self.building.code}-{self.number}"


class DormApplication(Base):
    """A place on the waiting list: answers, points, application date, needs and preferences.

    submitted (to verify) → waiting (verified, on the list) → offered → housed; or rejected,
    withdrawn, dropped (an offer lapsed and the rules drop the place).
    """

    __tablename__ = "dorm_application"
    __table_args__ = (
        CheckConstraint("points >= 0", name="points_nonnegative"),
        CheckConstraint("gender IN ('F', 'M')", name="gender_known"),
        Index(
            "uq_dorm_application_open",
            "applicant_id",
            unique=True,
            sqlite_where=text(OPEN_APPLICATION),
            postgresql_where=text(OPEN_APPLICATION),
        ),
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
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The answers to the eligibility questions by question code, and the points they gave
    # (a copy of the rules as applied, so later rule edits do not rewrite the record).
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    breakdown: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    points_reason: Mapped[str] = mapped_column(String(300), default="")  # why points were corrected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rejection_reason: Mapped[str] = mapped_column(String(300), default="")

    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])

    @property
    def computed_points(self) -> int:
        """The points the answers gave before any correction."""
        return sum(int(line.get("points", 0)) for line in self.breakdown)


class Lease(Base):
    """A resident's lease of one room, with its dates; a renewal is a new lease pointing back.

    An allocation's offer is a lease in status "offered" until the applicant answers: accepted it
    becomes active; declined, lapsed or (not moved in on time) forfeited it frees the room.
    """

    __tablename__ = "lease"
    __table_args__ = (
        CheckConstraint("end_on > start_on", name="end_after_start"),
        # The database's own guard against giving a room, or a person, two at once.
        Index(
            "uq_lease_room_holding",
            "room_id",
            unique=True,
            sqlite_where=text(HOLDING_LEASE),
            postgresql_where=text(HOLDING_LEASE),
        ),
        Index(
            "uq_lease_resident_holding",
            "resident_id",
            unique=True,
            sqlite_where=text(HOLDING_LEASE),
            postgresql_where=text(HOLDING_LEASE),
        ),
    )

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
    )  # offered, active, ended, renewed, cancelled, declined, lapsed, forfeited
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("lease.id"), nullable=True)
    moved_in_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    moved_out_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("optimization_run.id"), nullable=True
    )  # the allocation that offered the room
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    move_in_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    move_out_notice_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    renewal_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    room: Mapped[DormRoom] = relationship(back_populates="leases")
    resident: Mapped[User] = relationship()
    application: Mapped[DormApplication | None] = relationship()

    def holds(self, on: date) -> bool:
        """True when this lease holds the room on the given day (an offer reserves it too)."""
        if self.status in RELEASED:
            return False
        return self.start <= on < (self.moved_out_on or self.end)
