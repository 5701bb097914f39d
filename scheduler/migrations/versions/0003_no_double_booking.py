"""The database itself refuses two approved trips of one vehicle at overlapping times.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The services already re-check conflicts (with the turnaround) inside the approving transaction;
this is the backstop beneath them. PostgreSQL gets an exclusion constraint over the trip's
half-open time range (btree_gist), SQLite a pair of triggers with the same rule (its timestamps
are stored as UTC text in one format, so text comparison orders them).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_CHECK = """
SELECT RAISE(ABORT, 'vehicle double-booked: another approved trip overlaps')
WHERE NEW.status = 'approved' AND NEW.vehicle_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM trip AS other
    WHERE other.vehicle_id = NEW.vehicle_id AND other.status = 'approved' AND other.id != NEW.id
      AND other.start_at < NEW.end_at AND NEW.start_at < other.end_at
);
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE trip ADD CONSTRAINT ex_trip_vehicle_overlap EXCLUDE USING gist "
            "(vehicle_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
            "WHERE (status = 'approved' AND vehicle_id IS NOT NULL)"
        )
    else:
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER trip_no_double_booking_{event.lower()} BEFORE {event} ON trip "
                f"FOR EACH ROW BEGIN {_SQLITE_CHECK} END"
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE trip DROP CONSTRAINT ex_trip_vehicle_overlap")
    else:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER trip_no_double_booking_{event}")
