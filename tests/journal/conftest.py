"""An open journal on each database (the locations come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from twitchcheck.journal.store import Journal


@pytest.fixture
def journal(journal_url: str) -> Iterator[Journal]:
    with Journal.open(journal_url, zone="Europe/Berlin") as opened:
        yield opened
