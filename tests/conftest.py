"""Shared fixtures: the knowledge base, the contract schemas (from ../shared, beside the repository), and
journal locations on both databases.

PostgreSQL comes from $TWITCHCHECK_TEST_POSTGRES (default: the local server). When it cannot be reached,
the PostgreSQL tests fail under CI (or with TWITCHCHECK_REQUIRE_POSTGRES=1); elsewhere they skip, saying why.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from twitchcheck import KnowledgeBase, load_knowledge
from twitchcheck.adapters.storage.journal import Journal

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TWITCHCHECK_SHARED", REPO.parent / "shared"))
CONTRACT = SHARED / "contract"


def contract_schema(name: str) -> dict[str, Any]:
    """A contract schema; the tests fail (not skip) when ../shared is missing."""
    path = CONTRACT / name
    assert path.exists(), (
        f"contract schema {path} not found: put ../shared beside the repo or set TWITCHCHECK_SHARED"
    )
    schema: dict[str, Any] = json.loads(path.read_text())
    return schema


def generation_schema(name: str) -> dict[str, Any]:
    """A contract schema for hypothesis-jsonschema: its relative `$id` makes local `$ref`s look remote.

    Where a schema object gives a key twice, the first is kept: the journal-event schema's branches say
    `"type": {"const": ...}` and then `"type": true`, and JSON parsers keep the last, which drops the const
    and lets a branch accept any event type. The contract's evident meaning is the first.
    """

    def first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for key, value in pairs:
            kept.setdefault(key, value)
        return kept

    schema: dict[str, Any] = json.loads((CONTRACT / name).read_text(), object_pairs_hook=first_wins)
    schema.pop("$id", None)
    return schema


@pytest.fixture(autouse=True)
def _no_personal_journal(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the developer's own journal (or cache): those directories are temporary."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache-home"))
    monkeypatch.delenv("TWITCHCHECK_DB", raising=False)


POSTGRES = os.environ.get("TWITCHCHECK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_schema() -> Iterator[str]:
    """A URL of a fresh schema in the test PostgreSQL database, dropped afterwards (skipped if it is down)."""
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


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the lowest cost for account tests: they check who can sign in and what is stored, not the
    hash's strength."""
    from argon2 import PasswordHasher

    from twitchcheck.adapters.storage import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty journal location on each database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.db'}"
    else:
        yield from postgres_schema()


@pytest.fixture
def journal(journal_url: str) -> Iterator[Journal]:
    """An open journal on each database (in Europe/Berlin)."""
    with Journal.open(journal_url, zone="Europe/Berlin") as opened:
        yield opened


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def assessment_validator() -> Draft202012Validator:
    return Draft202012Validator(contract_schema("assessment-2.schema.json"))


@pytest.fixture(scope="session")
def report_validator() -> Draft202012Validator:
    return Draft202012Validator(contract_schema("report-2.schema.json"))
