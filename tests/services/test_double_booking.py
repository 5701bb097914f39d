"""Beneath the services, the database refuses two approved trips of one car at overlapping times."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from scheduler.db import make_engine
from scheduler.migrate import upgrade
from scheduler.models import Agency, Trip, Vehicle
from tests.services.test_postgres import pg_url  # noqa: F401  (fixture)

TAIPEI = timezone(timedelta(hours=8))
NINE = datetime(2021, 6, 1, 9, 0, tzinfo=TAIPEI)


def _scenario(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        agency = Agency(code="SEC", name_zh="秘書處", name_en="Secretariat")
        session.add(agency)
        session.flush()
        car = Vehicle(code="V01", plate="AAA-0001", agency_id=agency.id, seats=5)
        session.add(car)
        session.flush()

        def trip(start: datetime, hours: int, status: str = "approved") -> Trip:
            return Trip(
                agency_id=agency.id,
                vehicle_id=car.id,
                status=status,
                start=start,
                end=start + timedelta(hours=hours),
                destination="市議會",
                purpose="質詢",
            )

        # Back to back is allowed (half-open), and so is overlap with a cancelled trip.
        session.add_all(
            [trip(NINE, 1), trip(NINE + timedelta(hours=1), 1), trip(NINE, 2, "cancelled")]
        )
        session.commit()

        session.add(trip(NINE + timedelta(minutes=30), 1))
        with pytest.raises(DatabaseError):
            session.commit()
        session.rollback()

        moved = trip(NINE + timedelta(hours=3), 1)
        session.add(moved)
        session.commit()
        moved.start, moved.end = NINE + timedelta(minutes=90), NINE + timedelta(hours=3)
        with pytest.raises(DatabaseError):
            session.commit()
    engine.dispose()


def test_sqlite_refuses_overlapping_approved_trips(tmp_path: Path, migrated_template: Path) -> None:
    db_file = tmp_path / "overlap.db"
    shutil.copy(migrated_template, db_file)
    _scenario(f"sqlite:///{db_file}")


def test_postgres_refuses_overlapping_approved_trips(pg_url: str) -> None:  # noqa: F811
    upgrade(pg_url)
    _scenario(pg_url)
