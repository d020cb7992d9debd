"""Accounts: registration, sign-in and its rate limit, sessions, and export and deletion of everything."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, select, text

from tests.adapters.web.conftest import JSON, PASSWORD, ClientFactory, Clock
from tests.conftest import CONTRACT
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.account_tables import AccountRow, ShareRow, SignInAttemptRow, WebSessionRow
from twitchcheck.adapters.storage.journal_tables import EventRow, OperationRow, SettingRow
from twitchcheck.adapters.web.deps import SESSION_COOKIE
from twitchcheck.adapters.web.settings import Settings

SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_text()


def _engine(app: FastAPI) -> Engine:
    engine: Engine = app.state.engine
    return engine


def test_registration_checks_each_field(client_for: ClientFactory) -> None:
    client = client_for()
    response = client.post(
        "/api/v1/accounts", json={"email": "not-an-email", "password": "short", "zone": "Mars/Base"}
    )
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {
        "body.email",
        "body.password",
        "body.zone",
    }
    missing = client.post("/api/v1/accounts", json={"email": "a@example.org"})
    assert missing.status_code == 422
    assert [error["field"] for error in missing.json()["errors"]] == ["body.password"]


def test_emails_are_normalised_and_taken_once(client_for: ClientFactory) -> None:
    client_for("Sam@Example.org")
    again = client_for().post("/api/v1/accounts", json={"email": " sam@example.ORG", "password": PASSWORD})
    assert again.status_code == 409
    signed_in = client_for().post("/api/v1/session", json={"email": "SAM@example.org", "password": PASSWORD})
    assert signed_in.status_code == 200
    assert signed_in.json()["email"] == "sam@example.org"


@pytest.mark.parametrize(
    ("look_alike", "why"),
    [
        ("sam\u200b@example.org", "a zero-width space"),
        ("s\u0430m@example.org", "a Cyrillic a among Latin letters"),
        ("sam@ex\u0430mple.org", "a Cyrillic a in the domain"),
        ("\u202esam@example.org", "a right-to-left override"),
        ("sam@example.org\u2060", "a word joiner"),
    ],
)
def test_a_look_alike_email_is_refused_naming_the_field(
    client_for: ClientFactory, look_alike: str, why: str
) -> None:
    """Issue 17, finding 6: a stranger must not register as a team member's twin (and then share with
    their coach under a name that looks like theirs)."""
    client_for("sam@example.org")
    response = client_for().post("/api/v1/accounts", json={"email": look_alike, "password": PASSWORD})
    assert response.status_code == 422, why
    assert [error["field"] for error in response.json()["errors"]] == ["body.email"]
    assert "could pass for another address" in response.json()["errors"][0]["message"]


def test_a_fullwidth_email_is_the_plain_one(client_for: ClientFactory) -> None:
    client_for("sam@example.org")
    fullwidth = "\uff53\uff41\uff4d@example.org"  # fullwidth s, a, m
    again = client_for().post("/api/v1/accounts", json={"email": fullwidth, "password": PASSWORD})
    assert again.status_code == 409  # NFKC: the same address, taken
    signed_in = client_for().post("/api/v1/session", json={"email": fullwidth, "password": PASSWORD})
    assert signed_in.status_code == 200
    assert signed_in.json()["email"] == "sam@example.org"


def test_an_email_in_one_other_alphabet_is_an_email(client_for: ClientFactory) -> None:
    client = client_for()
    created = client.post(
        "/api/v1/accounts", json={"email": "\u0441\u0430\u0448\u0430@example.org", "password": PASSWORD}
    )
    assert created.status_code == 201, created.text


def test_the_password_is_stored_only_as_an_argon2_hash(app: FastAPI, client_for: ClientFactory) -> None:
    client_for("a@example.org")
    with _engine(app).connect() as connection:
        stored = connection.scalar(select(AccountRow.password_hash))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_session_cookie_is_httponly_samesite_and_only_its_hash_is_stored(
    app: FastAPI, client_for: ClientFactory
) -> None:
    client = client_for()
    response = client.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # secure_cookies is off in this app
    token = client.cookies[SESSION_COOKIE]
    with _engine(app).connect() as connection:
        hashes = list(connection.scalars(select(WebSessionRow.token_hash)))
    assert token not in hashes
    assert len(hashes) == 1


def test_a_wrong_email_or_password_gets_the_same_generic_answer(client_for: ClientFactory) -> None:
    client_for("a@example.org")
    client = client_for()
    wrong_password = client.post("/api/v1/session", json={"email": "a@example.org", "password": "x" * 12})
    wrong_email = client.post("/api/v1/session", json={"email": "b@example.org", "password": PASSWORD})
    assert wrong_password.status_code == wrong_email.status_code == 401
    assert wrong_password.json() == wrong_email.json()
    assert wrong_password.json()["detail"] == "email or password is wrong"


def test_five_failures_lock_the_email_for_15_minutes_even_with_the_right_password(
    client_for: ClientFactory, clock: Clock
) -> None:
    client_for("a@example.org")
    client = client_for()
    for _ in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP):
        assert (
            client.post("/api/v1/session", json={"email": "a@example.org", "password": "x" * 12}).status_code
            == 401
        )
    limited = client.post("/api/v1/session", json={"email": "a@example.org", "password": PASSWORD})
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["Retry-After"]) <= 15 * 60 + 1
    clock.moment += timedelta(minutes=15, seconds=1)
    assert (
        client.post("/api/v1/session", json={"email": "a@example.org", "password": PASSWORD}).status_code
        == 200
    )


def test_many_failures_from_one_address_lock_it_for_every_email(client_for: ClientFactory) -> None:
    client_for("a@example.org")
    client = client_for()
    for number in range(accounts.MAX_FAILURES_PER_IP):
        client.post("/api/v1/session", json={"email": f"guess{number}@example.org", "password": "x" * 12})
    limited = client.post("/api/v1/session", json={"email": "a@example.org", "password": PASSWORD})
    assert limited.status_code == 429


def test_signing_out_ends_the_session_on_the_server(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    token = client.cookies[SESSION_COOKIE]
    assert client.delete("/api/v1/session", headers=JSON).status_code == 204
    replay = client_for()
    replay.cookies.set(SESSION_COOKIE, token)
    assert replay.get("/api/v1/account").status_code == 401


def test_a_session_expires(client_for: ClientFactory, clock: Clock) -> None:
    client = client_for("a@example.org")
    assert client.get("/api/v1/account").status_code == 200
    clock.moment += timedelta(days=Settings().session_days, seconds=1)  # the default, 30 days
    assert client.get("/api/v1/account").status_code == 401


def test_the_export_holds_everything_stored_about_the_person(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    client_for("coach@example.org")
    alice.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    alice.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
    exported = alice.get("/api/v1/account/export")
    assert exported.status_code == 200
    body = exported.json()
    assert body["account"]["email"] == "alice@example.org"
    assert "password" not in exported.text
    assert len(body["journal"]["events"]) == len([line for line in SAMPLE.splitlines() if line.strip()])
    assert body["journal"]["settings"]["zone"] == "Europe/Berlin"
    assert body["journal"]["operations"][0]["kind"] == "import"
    assert [share["coach_email"] for share in body["shares"]] == ["coach@example.org"]
    assert len(body["sessions"]) == 1


def test_deleting_an_account_leaves_nothing_of_it_in_any_table(
    app: FastAPI, client_for: ClientFactory
) -> None:
    alice = client_for("alice@example.org")
    coach = client_for("coach@example.org")
    coach.post("/api/v1/events", json={"type": "sleep", "at": "2026-11-04T07:00", "hours": 7})
    alice.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    alice.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
    coach.post("/api/v1/shares", json={"coach_email": "alice@example.org"})
    client_for().post(
        "/api/v1/session", json={"email": "alice@example.org", "password": "x" * 12}
    )  # a failure
    account = alice.get("/api/v1/account").json()
    journal_name = accounts.get_account(_engine(app), account["id"]).journal_name  # type: ignore[union-attr]  # exists

    wrong = alice.request("DELETE", "/api/v1/account", json={"password": "x" * 12})
    assert wrong.status_code == 403
    assert alice.get("/api/v1/events").json() != []
    deleted = alice.request("DELETE", "/api/v1/account", json={"password": PASSWORD})
    assert deleted.status_code == 204

    with _engine(app).connect() as connection:
        assert connection.scalar(select(AccountRow.id).where(AccountRow.id == account["id"])) is None
        assert (
            connection.scalar(
                select(WebSessionRow.token_hash).where(WebSessionRow.account_id == account["id"])
            )
            is None
        )
        assert (
            connection.scalar(
                select(ShareRow.owner_id).where(
                    (ShareRow.owner_id == account["id"]) | (ShareRow.coach_id == account["id"])
                )
            )
            is None
        )
        assert (
            connection.scalar(
                select(SignInAttemptRow.id).where(SignInAttemptRow.email == "alice@example.org")
            )
            is None
        )
        for table in (EventRow, OperationRow, SettingRow):
            assert connection.scalar(select(table.journal).where(table.journal == journal_name)) is None
        # The coach's own account and journal are untouched.
        assert connection.scalar(text("SELECT count(*) FROM accounts")) == 1
    assert alice.get("/api/v1/account").status_code == 401
    assert len(coach.get("/api/v1/events").json()) == 1
    assert coach.get("/api/v1/coach/people").json() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/accounts"),
        ("POST", "/api/v1/session"),
        ("GET", "/api/v1/shares"),
        ("GET", "/api/v1/coach/people"),
    ],
)
def test_single_user_mode_has_no_accounts(tmp_path: object, method: str, path: str) -> None:
    from fastapi.testclient import TestClient

    from tests.adapters.web.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path}/single.db", accounts_on=False)
    with TestClient(app) as client:
        response = client.request(method, path, json={"email": "a@example.org", "password": PASSWORD})
        assert response.status_code == 404
        assert client.get("/api/v1/account").json()["local"] is True


def test_registrations_from_one_address_are_limited(sqlite_client_for: ClientFactory, clock: Clock) -> None:
    client = sqlite_client_for()
    for number in range(accounts.MAX_REGISTRATIONS_PER_IP):
        made = client.post("/api/v1/accounts", json={"email": f"p{number}@example.org", "password": PASSWORD})
        assert made.status_code == 201
    refused = client.post("/api/v1/accounts", json={"email": "one-more@example.org", "password": PASSWORD})
    assert refused.status_code == 429
    assert "new accounts" in refused.json()["detail"]
    assert int(refused.headers["Retry-After"]) > 0
    clock.moment += accounts.REGISTRATION_WINDOW
    assert (
        client.post("/api/v1/accounts", json={"email": "later@example.org", "password": PASSWORD}).status_code
        == 201
    )


def test_failed_registrations_count_toward_the_limit_and_are_not_hashed(
    sqlite_client_for: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sqlite_client_for()
    assert (
        client.post("/api/v1/accounts", json={"email": "taken@example.org", "password": PASSWORD}).status_code
        == 201
    )
    hashes: list[str] = []
    real = accounts._hasher

    class Counting:
        def hash(self, password: str) -> str:
            hashes.append(password)
            return real.hash(password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    answers = [
        client.post("/api/v1/accounts", json={"email": "taken@example.org", "password": PASSWORD}).status_code
        for _ in range(accounts.MAX_REGISTRATIONS_PER_IP + 3)
    ]
    assert answers[: accounts.MAX_REGISTRATIONS_PER_IP - 1] == [409] * (accounts.MAX_REGISTRATIONS_PER_IP - 1)
    assert set(answers[accounts.MAX_REGISTRATIONS_PER_IP - 1 :]) == {429}
    assert hashes == []


def test_two_workers_share_sessions_and_the_rate_limit(journal_url: str) -> None:
    """Two apps on one database stand for two worker processes: nothing that matters lives in one."""
    from fastapi.testclient import TestClient

    from tests.adapters.web.conftest import make_app

    first, second = make_app(journal_url), make_app(journal_url)
    with (
        TestClient(first, base_url="http://localhost") as one,
        TestClient(second, base_url="http://localhost") as two,
    ):
        assert (
            one.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD}).status_code
            == 201
        )
        two.cookies.set(SESSION_COOKIE, one.cookies[SESSION_COOKIE])
        assert two.get("/api/v1/account").json()["email"] == "a@example.org"
        wrong = {"email": "a@example.org", "password": "x" * 12}
        for number in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP):
            assert (one if number % 2 else two).post("/api/v1/session", json=wrong).status_code == 401
        assert one.post("/api/v1/session", json={**wrong, "password": PASSWORD}).status_code == 429
        assert two.delete("/api/v1/session", headers=JSON).status_code == 204
        assert one.get("/api/v1/account").status_code == 401  # signed out everywhere


class _CountingHasher:
    """The test's hasher, counting password verifications; each one waits a little so that parallel requests
    overlap as they would with argon2's real cost."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.verifications = 0
        self._lock = threading.Lock()

    def verify(self, stored: str, password: str) -> bool:
        with self._lock:
            self.verifications += 1
        time.sleep(0.02)
        return bool(self.real.verify(stored, password))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(
    journal_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 wrong guesses at once for one email, over two workers: at most 5 passwords are ever checked."""
    from fastapi.testclient import TestClient

    from tests.adapters.web.conftest import make_app

    first, second = make_app(journal_url), make_app(journal_url)
    with (
        TestClient(first, base_url="http://localhost") as one,
        TestClient(second, base_url="http://localhost") as two,
    ):
        made = one.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD})
        assert made.status_code == 201
        counting = _CountingHasher(accounts._hasher)
        monkeypatch.setattr(accounts, "_hasher", counting)
        wrong = {"email": "a@example.org", "password": "x" * 12}
        with ThreadPoolExecutor(max_workers=30) as pool:
            answers = list(
                pool.map(
                    lambda number: (
                        (one if number % 2 else two).post("/api/v1/session", json=wrong).status_code
                    ),
                    range(30),
                )
            )
    assert counting.verifications == accounts.MAX_FAILURES_PER_EMAIL_AND_IP
    assert sorted(answers) == [401] * accounts.MAX_FAILURES_PER_EMAIL_AND_IP + [429] * (
        30 - accounts.MAX_FAILURES_PER_EMAIL_AND_IP
    )


def test_parallel_registrations_from_one_address_keep_the_limit_exact(journal_url: str) -> None:
    from fastapi.testclient import TestClient

    from tests.adapters.web.conftest import make_app

    first, second = make_app(journal_url), make_app(journal_url)
    with (
        TestClient(first, base_url="http://localhost") as one,
        TestClient(second, base_url="http://localhost") as two,
        ThreadPoolExecutor(max_workers=30) as pool,
    ):
        answers = list(
            pool.map(
                lambda number: (
                    (one if number % 2 else two)
                    .post("/api/v1/accounts", json={"email": f"p{number}@example.org", "password": PASSWORD})
                    .status_code
                ),
                range(30),
            )
        )
    assert sorted(answers) == [201] * accounts.MAX_REGISTRATIONS_PER_IP + [429] * (
        30 - accounts.MAX_REGISTRATIONS_PER_IP
    )


def test_after_deletion_the_sqlite_file_and_its_wal_hold_no_copy_of_the_notes_or_the_email(
    sqlite_client_for: ClientFactory, tmp_path: Path
) -> None:
    """Issue 17, finding 10: deleted rows were left in free pages and in the write-ahead log."""
    alice = sqlite_client_for("alice.marker@example.org")
    for number in range(30):
        alice.post(
            "/api/v1/events",
            json={"type": "sleep", "at": f"2026-11-{1 + number % 28:02d}T07:00", "hours": 7,
                  "note": f"PRIVATE-NOTE-{number}-kept-nowhere"},
        )  # fmt: skip
    bob = sqlite_client_for("bob@example.org")
    bob.post("/api/v1/events", json={"type": "sleep", "at": "2026-11-04T07:00", "hours": 6})

    with sqlite3.connect(tmp_path / "web.db") as checkpoint:  # as SQLite does every 1,000 pages
        checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"PRIVATE-NOTE" in (tmp_path / "web.db").read_bytes()  # in the main file, where deletes free pages
    assert alice.request("DELETE", "/api/v1/account", json={"password": PASSWORD}).status_code == 204
    files = [path for path in tmp_path.iterdir() if path.name.startswith("web.db")]
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"PRIVATE-NOTE" not in raw, path.name
        assert b"alice.marker" not in raw, path.name
    assert bob.get("/api/v1/events").json()  # the others' data is whole


def test_the_export_holds_what_undo_keeps_and_the_sign_in_records(client_for: ClientFactory) -> None:
    """Issue 17, finding 10: the pre-edit version kept for undo, and the sign-in rows with their addresses."""
    alice = client_for("alice@example.org")
    created = alice.post("/api/v1/events", json={"type": "sleep", "at": "2026-11-04T07:00", "hours": 5})
    seq = created.json()["seqs"][0]
    replaced = alice.put(
        f"/api/v1/events/{seq}", json={"type": "sleep", "at": "2026-11-04T07:00", "hours": 7}
    )
    assert replaced.status_code == 200, replaced.text
    client_for().post("/api/v1/session", json={"email": "alice@example.org", "password": "x" * 12})
    body = alice.get("/api/v1/account/export").json()
    edit = next(op for op in body["journal"]["operations"] if op["kind"] == "edit")
    assert '\\"hours\\": 5' in json.dumps(edit["kept_for_undo"]) or '"hours": 5' in json.dumps(
        edit["kept_for_undo"]
    )  # the earlier version, as undo would restore it
    assert [record["kind"] for record in body["signin_records"]].count("signin") == 1
    assert all(record["client_address"] for record in body["signin_records"])
    assert "source_records" in body["journal"]
