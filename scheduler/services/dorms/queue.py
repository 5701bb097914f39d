"""The dormitory waiting list order and room vacancy, shared by the home page and the housing area.

Only single-room dormitories are allocated from the waiting list; the family dormitories (眷舍)
keep their households and are reviewed instead (family.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import DormApplication, DormBuilding, DormRoom, Lease
from scheduler.models.dorms import RELEASED

SINGLE = "single"


def priority_key(application: DormApplication) -> tuple[int, date, int]:
    """The contract's order: points descending, then application date, then id."""
    return (-application.points, application.applied_on, application.id)


def waiting_list(session: Session) -> list[DormApplication]:
    """Every waiting (verified) application, best-ranked first."""
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


def place_if_verified(session: Session, application: DormApplication) -> int:
    """The place the application has, or would have once verified, on today's waiting list."""
    key = priority_key(application)
    ahead = [a for a in waiting_list(session) if a.id != application.id and priority_key(a) < key]
    return len(ahead) + 1


def single_rooms(session: Session) -> list[DormRoom]:
    """Active rooms of the active single-room dormitories."""
    stmt = (
        select(DormRoom)
        .join(DormRoom.building)
        .where(
            DormRoom.active.is_(True),
            DormBuilding.active.is_(True),
            DormBuilding.kind == SINGLE,
        )
        .order_by(DormBuilding.code, DormRoom.number)
    )
    return list(session.scalars(stmt))


def holding_leases(session: Session, on: date) -> list[Lease]:
    """Leases and open offers holding a room on the given day."""
    leases = session.scalars(
        select(Lease).where(Lease.start <= on, Lease.end > on, Lease.status.not_in(RELEASED))
    ).all()
    return [lease for lease in leases if lease.holds(on)]


def occupied_room_ids(session: Session, on: date) -> set[int]:
    """Single rooms held by a lease (or a pending offer) on the given day."""
    single = {room.id for room in single_rooms(session)}
    return {lease.room_id for lease in holding_leases(session, on)} & single


def vacant_rooms(session: Session, on: date) -> list[DormRoom]:
    """Active single rooms no lease holds on the given day (under repair or reserved ones too)."""
    taken = occupied_room_ids(session, on)
    return [room for room in single_rooms(session) if room.id not in taken]


def allocatable_rooms(session: Session, on: date) -> list[DormRoom]:
    """The vacant rooms an allocation may give: not under repair and not reserved."""
    return [room for room in vacant_rooms(session, on) if room.hold is None]
