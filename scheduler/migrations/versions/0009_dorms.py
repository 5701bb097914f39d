"""Dormitories: eligibility and points rules, applications to verify, offers, leases, notices.

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-01

Applications gain their answers, the points each answer gave and the officer's decision; rooms a
hold (under repair, reserved); leases the offer's deadline, the allocation run that made it, the
move-in deadline, the resident's move-out notice and renewal request. Two partial unique indexes
(the same on SQLite and PostgreSQL) are the database's guard that no room and no person ever has
two open offers or active leases at once; a third allows one open application per person.
Columns added to tables that already have rows get a server default first, dropped after.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scheduler.db

revision: str = "0009"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDING_LEASE = sa.text("status IN ('offered', 'active')")
OPEN_APPLICATION = sa.text("status IN ('submitted', 'waiting', 'offered')")
UTC = scheduler.db.UTCDateTime(timezone=True)
# Filled in for the rows already there, then dropped: the models give the defaults.
FILLED = {
    "dorm_application": (
        ("answers", sa.JSON(), "'{}'"),
        ("breakdown", sa.JSON(), "'[]'"),
        ("points_reason", sa.String(length=300), "''"),
        ("rejection_reason", sa.String(length=300), "''"),
    ),
    "dorm_room": (("hold_note", sa.String(length=200), "''"),),
}


def _create_tables() -> None:
    op.create_table(
        "dorm_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=True),
        sa.Column("maximum", sa.Integer(), nullable=False),
        sa.Column("points_per", sa.Integer(), nullable=False),
        sa.Column("points_cap", sa.Integer(), nullable=True),
        sa.Column("document_zh", sa.String(length=120), nullable=False),
        sa.Column("document_en", sa.String(length=160), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.CheckConstraint(
            "kind IN ('choice', 'number')", name=op.f("ck_dorm_question_kind_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dorm_question")),
        sa.UniqueConstraint("code", name=op.f("uq_dorm_question_code")),
    )
    op.create_table(
        "dorm_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("posted_by_id", sa.Integer(), nullable=True),
        sa.Column("posted_at", UTC, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["dorm_building.id"],
            name=op.f("fk_dorm_notice_building_id_dorm_building"),
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_id"],
            ["user_account.id"],
            name=op.f("fk_dorm_notice_posted_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dorm_notice")),
    )
    op.create_table(
        "dorm_stay_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lease_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint(
            "outcome IN ('qualifies', 'not_qualified')",
            name=op.f("ck_dorm_stay_review_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["lease_id"], ["lease.id"], name=op.f("fk_dorm_stay_review_lease_id_lease")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_dorm_stay_review_reviewer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dorm_stay_review")),
    )
    with op.batch_alter_table("dorm_stay_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dorm_stay_review_lease_id"), ["lease_id"], unique=False
        )


def upgrade() -> None:
    _create_tables()
    for table, columns in FILLED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, kind, default in columns:
                batch_op.add_column(
                    sa.Column(name, kind, nullable=False, server_default=sa.text(default))
                )
    with op.batch_alter_table("dorm_application", schema=None) as batch_op:
        for name, kind, _default in FILLED["dorm_application"]:
            batch_op.alter_column(name, existing_type=kind, server_default=None)
        batch_op.add_column(sa.Column("decided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", UTC, nullable=True))
        batch_op.create_index(
            "uq_dorm_application_open",
            ["applicant_id"],
            unique=True,
            sqlite_where=OPEN_APPLICATION,
            postgresql_where=OPEN_APPLICATION,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_dorm_application_decided_by_id_user_account"),
            "user_account",
            ["decided_by_id"],
            ["id"],
        )
    with op.batch_alter_table("dorm_room", schema=None) as batch_op:
        batch_op.alter_column("hold_note", existing_type=sa.String(length=200), server_default=None)
        batch_op.add_column(sa.Column("hold", sa.String(length=12), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_dorm_room_hold_known"), "hold IS NULL OR hold IN ('repair', 'reserved')"
        )
    with op.batch_alter_table("lease", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        for name in ("offer_expires_at", "responded_at", "renewal_requested_at", "reminded_at"):
            batch_op.add_column(sa.Column(name, UTC, nullable=True))
        for name in ("move_in_by", "move_out_notice_on"):
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
        for name, column in (
            ("uq_lease_room_holding", "room_id"),
            ("uq_lease_resident_holding", "resident_id"),
        ):
            batch_op.create_index(
                name,
                [column],
                unique=True,
                sqlite_where=HOLDING_LEASE,
                postgresql_where=HOLDING_LEASE,
            )
        batch_op.create_foreign_key(
            batch_op.f("fk_lease_run_id_optimization_run"), "optimization_run", ["run_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("lease", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_lease_run_id_optimization_run"), type_="foreignkey")
        batch_op.drop_index("uq_lease_room_holding")
        batch_op.drop_index("uq_lease_resident_holding")
        for name in (
            "reminded_at",
            "renewal_requested_at",
            "move_out_notice_on",
            "move_in_by",
            "responded_at",
            "offer_expires_at",
            "run_id",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("dorm_room", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dorm_room_hold_known"), type_="check")
        batch_op.drop_column("hold_note")
        batch_op.drop_column("hold")
    with op.batch_alter_table("dorm_application", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_dorm_application_decided_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index("uq_dorm_application_open")
        for name in (
            "rejection_reason",
            "decided_at",
            "decided_by_id",
            "points_reason",
            "breakdown",
            "answers",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("dorm_stay_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dorm_stay_review_lease_id"))
    op.drop_table("dorm_stay_review")
    op.drop_table("dorm_notice")
    op.drop_table("dorm_question")
