"""Where imported events came from: one row per source record folded into an event already kept.

A workout seen by the watch, Strava and Apple Health is one event; the other two records' keys are kept here
so that importing any of those sources again finds them already there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("journal", sa.String(100), nullable=False),
        sa.Column("key", sa.String(220), nullable=False),
        sa.Column("seq", sa.Integer(), sa.ForeignKey("events.seq"), nullable=False),
        sa.Column("added_by", sa.Integer(), sa.ForeignKey("operations.seq"), nullable=False),
        sa.UniqueConstraint("journal", "key", name="uq_event_sources_journal_key"),
    )
    op.create_index("ix_event_sources_added_by", "event_sources", ["added_by"])


def downgrade() -> None:
    op.drop_index("ix_event_sources_added_by", table_name="event_sources")
    op.drop_table("event_sources")
