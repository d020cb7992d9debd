"""The coach's part of each stored status in its own column, and the coach's alert emails (issue 15).

- `statuses.coach`: what a coach sees of the status (level, headline, red flags and warnings without the
  person's answers, trends in words without their numbers), JSON of a few hundred bytes, written with the
  status. The coach's list reads this column alone instead of the whole status (10-20 kB each), so the
  list of a club of 1,000 parses 1,000 small values, not 17 MB. Filled here for every status already kept.
- `coach_emails`: one row per coach and alert (unique), the outbox of the coaches' alert emails: emailed once
  (`emailed_at`), tried again while the mail server refuses (`email_attempts`, `email_error`).
- `ix_alerts_created_at`: the sender looks at the last two days' alerts only.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# As `services.status` had them on this date: the migration keeps its own copy, so it always fills the column
# the same way (a later change of the rule is a later migration, or the next save of each status).
_FLAG_KEYS = ("id", "title", "level", "reason", "what_to_do", "sources")
_TREND_KEYS = ("id", "finding", "flagged")


def coach_part(status: dict[str, Any]) -> dict[str, Any]:
    """The coach's part of a stored status's JSON (the same keys as `services.watch.coach_json`)."""

    def flags(key: str) -> list[dict[str, Any]]:
        return [{k: flag[k] for k in _FLAG_KEYS if k in flag} for flag in status.get(key) or []]

    return {
        "as_of": status.get("as_of"),
        "level": status.get("level"),
        "headline": status.get("headline"),
        "red_flags": flags("red_flags"),
        "warnings": flags("warnings"),
        "trends": [{k: trend[k] for k in _TREND_KEYS if k in trend} for trend in status.get("trends") or []],
        "disclaimer": status.get("disclaimer", ""),
        "note": status.get("nothing"),
    }


def upgrade() -> None:
    op.add_column("statuses", sa.Column("coach", sa.Text(), nullable=True))
    statuses = sa.table("statuses", sa.column("journal", sa.String()), sa.column("data", sa.Text()))
    coach = sa.table("statuses", sa.column("journal", sa.String()), sa.column("coach", sa.Text()))
    connection = op.get_bind()
    rows = list(connection.execute(sa.select(statuses.c.journal, statuses.c.data)))
    for name, data in rows:
        try:
            part = json.dumps(coach_part(json.loads(data)), ensure_ascii=False)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # left empty: the coach's list computes that status again and stores it
        connection.execute(sa.update(coach).where(coach.c.journal == name).values(coach=part))
    op.create_table(
        "coach_emails",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.Column("email_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("email_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("coach_id", "alert_id", name="uq_coach_emails_coach_alert"),
    )
    op.create_index("ix_coach_emails_emailed_at", "coach_emails", ["emailed_at"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_created_at", table_name="alerts")
    op.drop_index("ix_coach_emails_emailed_at", table_name="coach_emails")
    op.drop_table("coach_emails")
    with op.batch_alter_table("statuses") as batch:
        batch.drop_column("coach")
