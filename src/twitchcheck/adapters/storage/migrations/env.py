"""Alembic environment: runs on the connection the journal opened (see `store.migrate`)."""

from __future__ import annotations

from alembic import context

from twitchcheck.adapters.storage import account_tables  # noqa: F401  # registers the accounts' tables
from twitchcheck.adapters.storage.journal_tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
