"""`admin list` says which accounts have not yet confirmed their email (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.journal import open_engine
from twitchcheck.services import accounts as account_service

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.mark.usefixtures("cheap_hashes")
def test_an_account_waiting_for_its_email_link_is_listed_as_not_confirmed(journal_url: str) -> None:
    engine = open_engine(journal_url)
    accounts.register(engine, "ann@example.org", "x" * 12, "UTC", NOW, verify_email=True)
    accounts.register(engine, "bo@example.org", "y" * 12, "UTC", NOW)
    listed = account_service.list_accounts(accounts.Directory(engine))
    assert [(entry.email, entry.email_confirmed) for entry in listed] == [
        ("ann@example.org", False),
        ("bo@example.org", True),
    ]
    assert listed[0].to_json()["email_confirmed"] is False
