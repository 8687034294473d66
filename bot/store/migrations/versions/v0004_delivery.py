"""Delivery: the outbox as messages per recipient, task card messages, blocked people.

The old outbox copied the event log and had no reader; its rows are dropped (the
events stay in ``event_log``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PENDING = sa.text("state = 'pending'")
UNSENT = sa.text("sent_at IS NULL")

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, ondelete: str = "RESTRICT") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_outbox_{column}_{table}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_index(op.f("ix_outbox_run_id"), table_name="outbox")
    op.drop_table("outbox")
    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.String(length=12), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _fk("person_id", "people"),
        _fk("office_id", "offices"),
        _fk("run_id", "runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["available_at", "id"],
        unique=False,
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.create_index(
        "ix_outbox_queue_pending",
        "outbox",
        ["queue", "id"],
        unique=False,
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.create_table(
        "task_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=12), nullable=False),
        sa.Column("task_no", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_task_messages_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_task_messages_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_messages")),
        sa.UniqueConstraint(
            "run_id",
            "task_no",
            "person_id",
            name=op.f("uq_task_messages_run_id_task_no_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_task_messages_chat_id_message_id"),
        "task_messages",
        ["chat_id", "message_id"],
        unique=False,
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("telegram_language", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("blocked_at")
        batch.drop_column("telegram_language")
    op.drop_table("task_messages")
    op.drop_table("outbox")
    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("run_id", sa.String(length=12), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _fk("office_id", "offices"),
        _fk("run_id", "runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_run_id"), "outbox", ["run_id"], unique=False)
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["available_at", "id"],
        unique=False,
        postgresql_where=UNSENT,
        sqlite_where=UNSENT,
    )
