"""Storage: the journal (`journal`, tables in `journal_tables`) and the accounts (`accounts`, tables in
`account_tables`), kept apart in one database; Alembic migrations in `migrations/`; `location` finds it."""
