"""The scale-out path: the same migrations and timestamps on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

import scheduler.models  # noqa: F401
from scheduler.db import make_engine
from scheduler.migrate import upgrade
from scheduler.models import Agency, Trip
from tests.services.test_migrations import schema_drift

ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database (the CI script starts the server)."""
    name = f"chs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_build_the_schema_on_postgres_without_drift(pg_url: str) -> None:
    assert schema_drift(pg_url) == []


def test_timestamps_round_trip_as_aware_utc_on_postgres(pg_url: str) -> None:
    upgrade(pg_url)
    engine = make_engine(pg_url)
    taipei = timezone(timedelta(hours=8))
    start = datetime(2021, 6, 1, 9, 0, tzinfo=taipei)
    with Session(engine) as session:
        agency = Agency(code="SEC", name_zh="秘書處", name_en="Secretariat")
        session.add(agency)
        session.flush()
        session.add(
            Trip(
                agency_id=agency.id,
                start=start,
                end=start + timedelta(hours=2),
                destination="市議會",
                purpose="質詢",
            )
        )
        session.commit()
    with Session(engine) as session:
        trip = session.scalars(select(Trip)).one()
        assert trip.start == start
        assert trip.start.utcoffset() == timedelta(0)
        assert trip.start.hour == 1
    engine.dispose()
