"""The housing officer's room list: each room's status today, and putting a room on hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from scheduler.errors import N_, Conflict, NotFound, ValidationError
from scheduler.models import DormRoom, Lease, User
from scheduler.services import audit
from scheduler.services.dorms.queue import holding_leases, single_rooms
from scheduler.services.dorms.text import plain_text

ROOM_STATUSES = ("leased", "offered", "vacant", "repair", "reserved")
HOLDS = ("repair", "reserved")
MAX_NOTE = 200


@dataclass(frozen=True)
class RoomRow:
    """A room with its status today and the lease or offer holding it."""

    room: DormRoom
    status: str
    lease: Lease | None


def room_rows(session: Session, today: date, status: str | None = None) -> list[RoomRow]:
    """Every single room with its status (leased, offered, vacant, repair, reserved)."""
    held = {lease.room_id: lease for lease in holding_leases(session, today)}
    rows = []
    for room in single_rooms(session):
        lease = held.get(room.id)
        if lease is not None:
            state = "offered" if lease.status == "offered" else "leased"
        else:
            state = room.hold or "vacant"
        rows.append(RoomRow(room, state, lease))
    return [row for row in rows if status is None or row.status == status]


def set_room_hold(
    session: Session, officer: User, room_id: int, hold: str | None, note: str, today: date
) -> DormRoom:
    """Put a vacant room under repair or reserve it (out of allocations), or release it."""
    room = session.get(DormRoom, room_id)
    if room is None:
        raise NotFound(N_("No such room."))
    hold = hold or None
    if hold is not None and hold not in HOLDS:
        raise ValidationError(N_("Choose under repair, reserved or available."), field="hold")
    text = plain_text(note, "note", MAX_NOTE)
    if hold is not None and any(
        lease.room_id == room.id for lease in holding_leases(session, today)
    ):
        raise Conflict(N_("The room is lent or offered; it can be held only once vacant."))
    room.hold = hold
    room.hold_note = text if hold else ""
    session.flush()
    audit.record(session, officer, "hold", room, f"{room.label}: {hold or 'available'}", note=text)
    return room


def status_counts(rows: list[RoomRow]) -> dict[str, int]:
    """How many rooms are in each status."""
    return {state: sum(1 for row in rows if row.status == state) for state in ROOM_STATUSES}
