"""The first journal: events, operations (for undo) and settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operations",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("journal", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("undo_data", sa.Text(), nullable=True),
    )
    op.create_index("ix_operations_journal_seq", "operations", ["journal", "seq"])
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("journal", sa.String(100), nullable=False),
        sa.Column("key", sa.String(220), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("added_by", sa.Integer(), sa.ForeignKey("operations.seq"), nullable=False),
        sa.Column("deleted_by", sa.Integer(), sa.ForeignKey("operations.seq"), nullable=True),
        sa.UniqueConstraint("journal", "key", name="uq_events_journal_key"),
    )
    op.create_index("ix_events_journal_at", "events", ["journal", "at_utc"])
    op.create_index("ix_events_added_by", "events", ["added_by"])
    op.create_table(
        "settings",
        sa.Column("journal", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_events_added_by", "events")
    op.drop_index("ix_events_journal_at", "events")
    op.drop_table("events")
    op.drop_index("ix_operations_journal_seq", "operations")
    op.drop_table("operations")
