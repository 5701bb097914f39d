"""Administration of venues and their fee schedules."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from scheduler.errors import DomainError
from scheduler.models import User, Venue, VenueFee
from scheduler.models.venues import VENUE_KINDS
from scheduler.services.admin.resources import (
    N_,
    describe,
    remove_child,
    require_unique,
    save_record,
)

FEE_UNITS = ("session", "hour", "day")


def save_venue(
    session: Session,
    actor: User,
    venue: Venue | None,
    *,
    code: str,
    name_zh: str,
    name_en: str,
    kind: str,
    floor: str,
    capacity: int,
    features: Collection[str],
    buffer_minutes: int,
    bookable_from: date | None,
) -> Venue:
    """Create or update a venue; its code is unique and its kind one of VENUE_KINDS."""
    venue = venue or Venue()
    require_unique(session, Venue.code, code, venue.id, "code", N_("This code is already in use."))
    if kind not in VENUE_KINDS:
        raise DomainError(N_("Unknown venue kind."), "kind")
    values = {
        "code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "kind": kind,
        "floor": floor,
        "capacity": capacity,
        "features": list(dict.fromkeys(f.strip() for f in features if f.strip())),
        "buffer_minutes": buffer_minutes,
        "bookable_from": bookable_from,
    }
    return save_record(session, actor, venue, values)


def save_fee(
    session: Session,
    actor: User,
    venue: Venue,
    fee: VenueFee | None,
    *,
    label: str,
    unit: str,
    amount: int,
    applies_to_agencies: bool,
) -> VenueFee:
    """Add a line to `venue`'s fee schedule, or change one of its lines."""
    if unit not in FEE_UNITS:
        raise DomainError(N_("Choose per session, hour or day."), "unit")
    if amount < 0:
        raise DomainError(N_("The amount cannot be negative."), "amount")
    if fee is not None and fee.venue_id != venue.id:
        raise DomainError(N_("This fee line belongs to another venue."))
    fee = fee or VenueFee(venue_id=venue.id)
    values = {
        "label": label,
        "unit": unit,
        "amount": amount,
        "applies_to_agencies": applies_to_agencies,
    }
    saved = save_record(session, actor, fee, values, summary=f"{venue.code}: {label}")
    session.refresh(venue, ["fees"])  # the page shows the schedule right after
    return saved


def remove_fee(session: Session, actor: User, fee: VenueFee) -> None:
    """Remove a line from a fee schedule (bookings keep the fee they were charged)."""
    venue = fee.venue
    detail = {"venue": venue.code, "label": fee.label, "unit": fee.unit, "amount": fee.amount}
    remove_child(session, actor, venue.fees, fee, describe(venue), detail)
