"""Office revision: a counter bumped by every change to an office's calendar or people.

Processes cache an office's calendar, role holders and acting officials per revision;
reading the counter with the run (one join) tells them whether their copy is current,
also when another process made the change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.drop_column("revision")
