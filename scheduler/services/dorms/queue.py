"""The dormitory waiting list order and room vacancy, shared by the home page and the housing area."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import DormApplication, DormRoom, Lease


def priority_key(application: DormApplication) -> tuple[int, date, int]:
    """The contract's order: points descending, then application date, then id."""
    return (-application.points, application.applied_on, application.id)


def waiting_list(session: Session) -> list[DormApplication]:
    """Every waiting application, best-ranked first."""
    waiting = session.scalars(
        select(DormApplication).where(DormApplication.status == "waiting")
    ).all()
    return sorted(waiting, key=priority_key)


def waitlist_position(session: Session, application: DormApplication) -> int | None:
    """1-based place of `application` on the waiting list, or None when it is not waiting."""
    for place, other in enumerate(waiting_list(session), start=1):
        if other.id == application.id:
            return place
    return None


def occupied_room_ids(session: Session, on: date) -> set[int]:
    """Rooms held by a lease (or a pending offer) on the given day."""
    leases = session.scalars(
        select(Lease).where(Lease.start <= on, Lease.end > on, Lease.status != "cancelled")
    ).all()
    return {lease.room_id for lease in leases if lease.holds(on)}


def vacant_rooms(session: Session, on: date) -> list[DormRoom]:
    """Active single rooms no lease holds on the given day."""
    taken = occupied_room_ids(session, on)
    rooms = session.scalars(select(DormRoom).where(DormRoom.active.is_(True))).all()
    return [room for room in rooms if room.id not in taken]
