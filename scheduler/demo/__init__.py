"""Deterministic demo data: the records behind the Secretariat's H1 2021 report, and live work today.

`load_demo(session, seed, today)` fills an empty database with agencies, people, the pooled fleet and
its 2021 trips and surveys, venues with the 2021 rentals and closure, the dormitories with their lease
history, and requests around `today`. It stores records only; every figure of the report (3,135 trips,
97% satisfied, NT$57,000 ...) comes out of queries over them. The same seed and `today` give the same
records, except survey tokens, which must stay unguessable and so come from `secrets`.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.demo.agencies import create_agencies
from scheduler.demo.audit import create_audit_trail
from scheduler.demo.context import DemoContext
from scheduler.demo.dorm_live import create_dorm_records
from scheduler.demo.dorms import create_dorms
from scheduler.demo.fleet import create_fleet
from scheduler.demo.live import create_live
from scheduler.demo.surveys import create_history_surveys
from scheduler.demo.trips import assign_odometers, create_history
from scheduler.demo.users import create_demo_users
from scheduler.demo.venue_history import create_venue_history
from scheduler.demo.venues import create_venues
from scheduler.i18n import TAIPEI
from scheduler.models import Agency, TripStatus
from scheduler.services.accounts import hash_password

# 'today' must leave room after the recorded history (trips to July, the gallery to August 2021).
EARLIEST_TODAY = date(2021, 9, 1)


class DemoDataError(RuntimeError):
    """The demo cannot be loaded here (the database is not empty, or `today` is too early)."""


def load_demo(session: Session, seed: int = 2021, today: date | None = None) -> None:
    """Fill an empty database with the demo records; flushes, the caller commits."""
    today = today or datetime.now(TAIPEI).date()
    if today < EARLIEST_TODAY:
        raise DemoDataError(f"today must be {EARLIEST_TODAY} or later, after the 2021 history")
    if session.scalar(select(func.count()).select_from(Agency)):
        raise DemoDataError(
            "the database already has agencies; the demo loads only into an empty one"
        )
    rng = random.Random(seed)
    ctx = DemoContext(session, rng, today, create_agencies(session))
    # Generated residents get a password nobody knows (one hash: scrypt is slow on purpose).
    ctx.unknown_password_hash = hash_password(secrets.token_urlsafe(32))
    ctx.users = create_demo_users(ctx)
    session.flush()

    vehicles = create_fleet(ctx)
    history = create_history(ctx, vehicles)
    readings = assign_odometers(rng, history, {})
    session.add_all(history)
    completed = [t for t in history if t.status == TripStatus.COMPLETED.value]
    session.add_all(create_history_surveys(rng, completed, latest=ctx.now))

    venues, equipment = create_venues(ctx)
    session.flush()
    session.add_all(create_venue_history(ctx, venues, equipment))
    create_dorms(ctx)
    create_live(ctx, vehicles, venues, equipment, readings)
    session.flush()
    create_audit_trail(ctx)
    session.flush()
    create_dorm_records(ctx, random.Random(f"{seed}-dorms"))


__all__ = ["DemoDataError", "load_demo"]
