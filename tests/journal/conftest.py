"""Journals on both databases: SQLite in a temporary folder, and PostgreSQL in a throwaway schema.

PostgreSQL comes from $TWITCHCHECK_TEST_POSTGRES (default: the local server). When it cannot be reached,
the PostgreSQL tests fail under CI (or with TWITCHCHECK_REQUIRE_POSTGRES=1); elsewhere they skip, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from twitchcheck.journal.store import Journal

POSTGRES = os.environ.get("TWITCHCHECK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_schema() -> Iterator[str]:
    schema = f"tc_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except OperationalError as error:
        engine.dispose()
        message = f"PostgreSQL is not reachable at {POSTGRES}: {error.orig}"
        if os.environ.get("CI") or os.environ.get("TWITCHCHECK_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty journal location on each database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.db'}"
    else:
        yield from _postgres_schema()


@pytest.fixture
def journal(journal_url: str) -> Iterator[Journal]:
    with Journal.open(journal_url, zone="Europe/Berlin") as opened:
        yield opened
