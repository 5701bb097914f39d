"""The audit trail: every service that changes something records it here."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from scheduler.models import AuditEntry, User


class HasId(Protocol):
    id: Any


def record(
    session: Session,
    actor: User | None,
    action: str,
    obj: HasId | None,
    summary: str = "",
    object_type: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one audit entry for `action` on `obj` by `actor`."""
    entry = AuditEntry(
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or (type(obj).__name__ if obj is not None else "system"),
        object_id=getattr(obj, "id", None) if obj is not None else None,
        summary=summary,
        detail=detail,
    )
    session.add(entry)
    return entry
