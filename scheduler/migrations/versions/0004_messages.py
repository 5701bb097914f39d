"""Words are rendered, not stored: notifications keep a message code and parameters; a mail outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Notifications stored before this keep their old text under the code "text" ({"text": ...}).
Users gain the language they last chose, for mail rendered without a request. The outbox holds
each e-mail until a delivery job sends it (once: its state says whether it left).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scheduler.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

notification = sa.table(
    "notification",
    sa.column("id", sa.Integer),
    sa.column("message", sa.Text),
    sa.column("code", sa.String),
    sa.column("params", sa.JSON),
)


def upgrade() -> None:
    op.create_table(
        "outbox_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", scheduler.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("created_at", scheduler.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", scheduler.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_outbox_mail_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mail")),
    )
    with op.batch_alter_table("outbox_mail", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_mail_due", ["state", "next_attempt_at"], unique=False)

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(notification.c.id, notification.c.message)).all():
        bind.execute(
            notification.update()
            .where(notification.c.id == row.id)
            .values(code="text", params={"text": row.message})
        )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.alter_column("code", existing_type=sa.String(length=60), nullable=False)
        batch_op.alter_column("params", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("message")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locale", sa.String(length=10), nullable=False, server_default="zh_TW")
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("locale", existing_type=sa.String(length=10), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("locale")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message", sa.Text(), nullable=False, server_default=""))
        batch_op.drop_column("params")
        batch_op.drop_column("code")
    with op.batch_alter_table("outbox_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_mail_due")
    op.drop_table("outbox_mail")
