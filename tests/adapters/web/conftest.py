"""Fixtures for the web app: an app on each database, clients signed in as different people, pinned time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings

NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(autouse=True)
def _cheap_hashes(cheap_hashes: None) -> None:
    """Every web test: argon2 with the lowest cost (`cheap_hashes`)."""


class Clock:
    """The app's `now`, moved by the tests."""

    def __init__(self, moment: datetime = NOW) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def make_app(
    database: str, *, accounts_on: bool = True, clock: Clock | None = None, max_body_bytes: int = 5_000_000
) -> FastAPI:
    app = create_app(Settings(database=database, accounts=accounts_on, max_body_bytes=max_body_bytes))
    app.dependency_overrides[deps.now] = clock or Clock()
    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(journal_url: str, clock: Clock) -> FastAPI:
    """An app with accounts, on SQLite and on PostgreSQL."""
    return make_app(journal_url, clock=clock)


@pytest.fixture
def sqlite_app(tmp_path: Path, clock: Clock) -> FastAPI:
    """An app with accounts on SQLite only (for the HTTP layer, where the database does not matter)."""
    return make_app(f"sqlite:///{tmp_path}/web.db", clock=clock)


ClientFactory = Callable[..., TestClient]


def _factory(app: FastAPI) -> Iterator[ClientFactory]:
    clients: list[TestClient] = []

    def make(email: str | None = None, *, raise_server_exceptions: bool = True) -> TestClient:
        client = TestClient(app, base_url="http://localhost", raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        clients.append(client)
        if email is not None:
            response = client.post(
                "/api/v1/accounts", json={"email": email, "password": PASSWORD, "zone": "Europe/Berlin"}
            )
            assert response.status_code == 201, response.text
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[ClientFactory]:
    """`client_for("a@example.org")`: a client signed in as a new account (`client_for()`: signed out)."""
    yield from _factory(app)


@pytest.fixture
def sqlite_client_for(sqlite_app: FastAPI) -> Iterator[ClientFactory]:
    yield from _factory(sqlite_app)


def share_accepted(person: TestClient, coach: TestClient, coach_email: str = "coach@example.org") -> None:
    """`person` shares with `coach`, who accepts (shares need the coach's acceptance)."""
    shared = person.post("/api/v1/shares", json={"coach_email": coach_email})
    assert shared.status_code == 201, shared.text
    person_id = person.get("/api/v1/account").json()["id"]
    accepted = coach.post(f"/api/v1/coach/requests/{person_id}", headers=JSON)
    assert accepted.status_code == 204, accepted.text
