"""A database error never carries what someone sent (an email, a note) into its message, which the web app
logs (issue 17, finding 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from twitchcheck.adapters.storage.journal import open_engine


def test_a_database_error_does_not_show_the_values_sent(journal_url: str) -> None:
    engine = open_engine(journal_url)
    try:
        with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
            connection.execute(
                text("SELECT * FROM no_such_table WHERE email = :email"), {"email": "ana@example.org"}
            )
        assert "ana@example.org" not in str(failed.value)
    finally:
        engine.dispose()
