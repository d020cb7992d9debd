"""Shares need the coach's acceptance: `shares.accepted_at`, null while the coach has not accepted (the
coach then sees nothing of the person). Shares made before were in effect: they count as accepted when made.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shares", sa.Column("accepted_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE shares SET accepted_at = created_at")


def downgrade() -> None:
    op.execute("DELETE FROM shares WHERE accepted_at IS NULL")
    with op.batch_alter_table("shares") as batch:
        batch.drop_column("accepted_at")
