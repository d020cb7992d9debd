"""The account life-cycle: sessions that end when idle, accounts an administrator disabled, and one-time
codes to set a new password.

- `web_sessions.last_seen_at`: when the session was last used (a session idle longer than the server's
  idle timeout is over); null for sessions from before, read as their `created_at`.
- `accounts.disabled_at`: set by `twitchcheck admin disable`; a disabled account cannot sign in.
- `password_resets`: one-time codes from `twitchcheck admin reset-password` (only their SHA-256 is kept),
  each valid until `expires_at` and gone once used.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("web_sessions", sa.Column("last_seen_at", sa.DateTime(), nullable=True))
    op.add_column("accounts", sa.Column("disabled_at", sa.DateTime(), nullable=True))
    op.create_table(
        "password_resets",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_password_resets_account", "password_resets", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_password_resets_account", "password_resets")
    op.drop_table("password_resets")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled_at")
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("last_seen_at")
