"""Keep watch: each journal's revision, its stored status, and the alerts it raised (an outbox).

- `journal_revisions`: one row per journal, its revision, raised by every change (log, import, edit, delete,
  undo) in the change's own transaction, so a stored status can say which journal it was made from.
- `statuses`: one row per journal, its status as last computed: from which revision, as of when, and until
  when time alone leaves it unchanged (`valid_until`).
- `alerts`: one row per change that matters (the level rose, a new red flag or warning), written in the same
  transaction as the status; shown once (`seen_at`) and emailed once from this row (`emailed_at`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_revisions",
        sa.Column("journal", sa.String(100), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    op.create_table(
        "statuses",
        sa.Column("journal", sa.String(100), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("emergency_number", sa.String(20), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_statuses_valid_until", "statuses", ["valid_until"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("journal", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("previous_level", sa.String(20), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.Column("email_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("email_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_alerts_journal_id", "alerts", ["journal", "id"])
    op.create_index("ix_alerts_emailed_at", "alerts", ["emailed_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_emailed_at", table_name="alerts")
    op.drop_index("ix_alerts_journal_id", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_statuses_valid_until", table_name="statuses")
    op.drop_table("statuses")
    op.drop_table("journal_revisions")
