"""Administration of the bookable resources: the shared create/update/retire core, agencies,
equipment and dormitory buildings and rooms. Vehicles, venues and users have their own modules.

Every operation takes the session and the acting user, checks the rules (raising DomainError with
the form field it belongs to), flushes and writes an audit entry; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from math import ceil
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from scheduler.errors import N_, DomainError
from scheduler.models import Agency, DormBuilding, DormRoom, Equipment, User
from scheduler.services import audit

BUILDING_KINDS = ("single", "family")
ROOM_GENDERS = ("F", "M")


class Record(Protocol):
    """A row the admin area manages: it has an id and can be retired."""

    id: Any
    active: bool


R = TypeVar("R")


# ---------------------------------------------------------------- the shared core


def _plain(value: Any) -> Any:
    """A JSON-safe copy of `value` for the audit trail."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return value


def apply_changes(record: object, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set `values` on `record`; return {field: [old, new]} for the fields that really changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(record, name, new)
    return changes


def require_unique(
    session: Session,
    column: InstrumentedAttribute[str],
    value: str,
    current_id: int | None,
    field: str,
    message: str,
    *scope: ColumnElement[bool],
) -> None:
    """Refuse `value` when another row (within `scope`) already uses it, ignoring letter case."""
    model = column.class_
    stmt = select(model.id).where(func.lower(column) == value.strip().lower(), *scope)
    if current_id is not None:
        stmt = stmt.where(model.id != current_id)
    if session.scalar(stmt.limit(1)) is not None:
        raise DomainError(message, field)


def describe(record: object) -> str:
    """A short human label for audit summaries: the code, username or room label."""
    for name in ("code", "username", "label"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{getattr(record, 'id', '?')}"


def save_record(
    session: Session,
    actor: User,
    record: R,
    values: Mapping[str, Any],
    extra_changes: Mapping[str, list[Any]] | None = None,
    summary: str | None = None,
) -> R:
    """Create (a new, unsaved `record`) or update it with `values`, flush, and audit what changed."""
    creating = getattr(record, "id", None) is None
    changes = {**apply_changes(record, values), **(extra_changes or {})}
    if creating:
        session.add(record)
    session.flush()
    if creating or changes:
        action = "create" if creating else "update"
        label = summary or describe(record)
        audit.record(session, actor, action, record, summary=label, changes=changes)  # type: ignore[arg-type]
    return record


def remove_child(
    session: Session,
    actor: User,
    siblings: list[Any],
    child: Any,
    summary: str,
    detail: Mapping[str, Any],
) -> None:
    """Delete `child` from its parent's `siblings` (a delete-orphan collection) and audit it."""
    child_id, object_type = child.id, type(child).__name__
    siblings.remove(child)  # delete-orphan: the row goes at flush
    session.flush()
    entry = audit.record(
        session, actor, "remove", None, summary=summary, object_type=object_type, **detail
    )
    entry.object_id = child_id  # the row is gone, so record() cannot read its id


def set_active(session: Session, actor: User, record: Record, active: bool) -> None:
    """Retire (active=False, history kept) or reactivate `record`; a no-op if already so."""
    if record.active == active:
        return
    record.active = active
    session.flush()
    audit.record(
        session, actor, "reactivate" if active else "retire", record, summary=describe(record)
    )


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class Page:
    """One page of a sorted, filtered list."""

    rows: Sequence[Any]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the whole list takes (at least one)."""
        return max(1, ceil(self.total / self.size))


def search_page(
    session: Session,
    stmt: Select[Any],
    text: str,
    columns: Sequence[InstrumentedAttribute[str]],
    number: int = 1,
    size: int = 50,
) -> Page:
    """The rows of `stmt` whose `columns` contain `text` (any letter case), page `number`."""
    needle = text.strip().lower()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        stmt = stmt.where(or_(*(func.lower(c).like(pattern, escape="\\") for c in columns)))
    total = int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )
    number = max(1, number)
    rows = session.scalars(stmt.limit(size).offset((number - 1) * size)).unique().all()
    return Page(rows=rows, total=total, number=number, size=size)


# ---------------------------------------------------------------- agencies, equipment, dorms

_CODE_TAKEN = N_("This code is already in use.")


def save_agency(
    session: Session, actor: User, agency: Agency | None, *, code: str, name_zh: str, name_en: str
) -> Agency:
    """Create or update an agency; its code is unique."""
    agency = agency or Agency()
    require_unique(session, Agency.code, code, agency.id, "code", _CODE_TAKEN)
    return save_record(
        session, actor, agency, {"code": code, "name_zh": name_zh, "name_en": name_en}
    )


def save_equipment(
    session: Session,
    actor: User,
    item: Equipment | None,
    *,
    code: str,
    name_zh: str,
    name_en: str,
    quantity: int,
    setup_minutes: int,
    teardown_minutes: int,
    hire_cost: int,
) -> Equipment:
    """Create or update a lendable equipment item; its code is unique."""
    item = item or Equipment()
    require_unique(session, Equipment.code, code, item.id, "code", _CODE_TAKEN)
    values = {
        "code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "quantity": quantity,
        "setup_minutes": setup_minutes,
        "teardown_minutes": teardown_minutes,
        "hire_cost": hire_cost,
    }
    return save_record(session, actor, item, values)


def save_building(
    session: Session,
    actor: User,
    building: DormBuilding | None,
    *,
    code: str,
    name_zh: str,
    name_en: str,
    kind: str,
) -> DormBuilding:
    """Create or update a dormitory building; its code is unique."""
    building = building or DormBuilding()
    require_unique(session, DormBuilding.code, code, building.id, "code", _CODE_TAKEN)
    if kind not in BUILDING_KINDS:
        raise DomainError(N_("Unknown building kind."), "kind")
    values = {"code": code, "name_zh": name_zh, "name_en": name_en, "kind": kind}
    return save_record(session, actor, building, values)


def save_room(
    session: Session,
    actor: User,
    room: DormRoom | None,
    *,
    building_id: int,
    number: str,
    floor: int,
    gender: str | None,
    accessible: bool,
) -> DormRoom:
    """Create or update a room; its number is unique within its building."""
    room = room or DormRoom()
    building = session.get(DormBuilding, building_id)
    if building is None:
        raise DomainError(N_("Choose a building."), "building_id")
    require_unique(
        session,
        DormRoom.number,
        number,
        room.id,
        "number",
        N_("This building already has a room with this number."),
        DormRoom.building_id == building_id,
    )
    gender = gender or None  # an empty choice means the room is open to anyone
    if gender is not None and gender not in ROOM_GENDERS:
        raise DomainError(N_("Unknown gender."), "gender")
    values = {
        "building_id": building_id,
        "number": number,
        "floor": floor,
        "gender": gender,
        "accessible": accessible,
    }
    # Set last: the relationship puts a new room in the session, and the queries above would
    # otherwise autoflush it half-filled.
    room.building = building
    return save_record(session, actor, room, values)
