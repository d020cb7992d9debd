"""The limits that keep a stranger from locking a team member out, or from asking which emails have accounts
(issue 17, finding 12): the sign-in lock is per account and client address, under a higher ceiling per
account; "no account has this email" answers to a share are limited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.adapters.web.conftest import PASSWORD, ClientFactory, Clock
from twitchcheck.adapters.storage import accounts

WRONG = "x" * 12


@contextmanager
def _from(app: FastAPI, address: str) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://localhost", client=(address, 50000)) as client:
        yield client


def _sign_in(client: TestClient, password: str) -> int:
    status: int = client.post(
        "/api/v1/session", json={"email": "a@example.org", "password": password}
    ).status_code
    return status


def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(
    app: FastAPI, client_for: ClientFactory, clock: Clock
) -> None:
    """On SQLite and PostgreSQL: the stranger's address is locked, the team member's is not."""
    client_for("a@example.org")
    with _from(app, "203.0.113.7") as stranger, _from(app, "198.51.100.2") as member:
        for _ in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP):
            assert _sign_in(stranger, WRONG) == 401
        assert _sign_in(stranger, PASSWORD) == 429
        assert _sign_in(member, PASSWORD) == 200
        clock.moment += timedelta(minutes=15, seconds=1)
        assert _sign_in(stranger, PASSWORD) == 200


def test_guesses_spread_over_many_addresses_meet_the_account_s_ceiling(
    sqlite_app: FastAPI, sqlite_client_for: ClientFactory
) -> None:
    sqlite_client_for("a@example.org")
    per_address = accounts.MAX_FAILURES_PER_EMAIL_AND_IP
    for number in range(accounts.MAX_FAILURES_PER_ACCOUNT // per_address):
        with _from(sqlite_app, f"203.0.113.{number + 1}") as guesser:
            for _ in range(per_address):
                assert _sign_in(guesser, WRONG) == 401
    with _from(sqlite_app, "198.51.100.2") as fresh:
        assert _sign_in(fresh, PASSWORD) == 429


def _share(client: TestClient, email: str) -> int:
    status: int = client.post("/api/v1/shares", json={"coach_email": email}).status_code
    return status


def test_shares_with_emails_that_have_no_account_are_limited(client_for: ClientFactory, clock: Clock) -> None:
    """On SQLite and PostgreSQL: after 10 misses in an hour, 429 for any email: the answer tells nothing."""
    client_for("coach@example.org")
    person = client_for("a@example.org")
    for number in range(accounts.MAX_SHARE_MISSES_PER_ACCOUNT):
        assert _share(person, f"guess{number}@example.org") == 422
    limited = person.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert _share(person, "guess-more@example.org") == 429
    clock.moment += timedelta(hours=1, seconds=1)
    assert _share(person, "coach@example.org") == 201


def test_shares_that_find_their_coach_do_not_count(sqlite_client_for: ClientFactory) -> None:
    sqlite_client_for("coach@example.org")
    person = sqlite_client_for("a@example.org")
    for _ in range(accounts.MAX_SHARE_MISSES_PER_ACCOUNT + 2):
        assert _share(person, "coach@example.org") == 201
    assert _share(person, "nobody@example.org") == 422
