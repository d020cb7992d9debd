"""Email verification and "forgot password" by email (issue 17):

- `accounts.email_unverified_since`: set when an account is made on a server that sends email, cleared when
  its person follows the verification link; null for every account made before (or without email), so
  nothing changes for them.
- `email_links`: one-time links sent by email, `verify` or `reset`, only their SHA-256 kept, each valid
  until `expires_at` and deleted when used.
- `account_emails`: the outbox of those emails, one row per request, addressed by normalised email (the
  sender finds the account, if any, when it sends: a request for an unknown email writes the same row as one
  for a known email). `claimed_at` keeps a second sender off a row while the first talks to the mail server;
  `sent_at` marks it done (sent, or nobody to send to), `attempts`/`error` count a mail server's refusals.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("email_unverified_since", sa.DateTime(), nullable=True))
    op.create_table(
        "email_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_email_links_account", "email_links", ["account_id"])
    op.create_table(
        "account_emails",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
    )
    op.create_index("ix_account_emails_sent_at", "account_emails", ["sent_at"])
    op.create_index("ix_account_emails_email", "account_emails", ["email"])


def downgrade() -> None:
    op.drop_index("ix_account_emails_email", table_name="account_emails")
    op.drop_index("ix_account_emails_sent_at", table_name="account_emails")
    op.drop_table("account_emails")
    op.drop_index("ix_email_links_account", table_name="email_links")
    op.drop_table("email_links")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("email_unverified_since")
