"""The account life-cycle: change the password, sign out everywhere, sessions that end when idle, and a
deletion whose password check is limited as sign-in is (issue 17, finding 5)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import JSON, PASSWORD, ClientFactory, Clock
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings

NEW_PASSWORD = "a much longer new passphrase"


def _sign_in(client: TestClient, email: str, password: str = PASSWORD) -> int:
    status: int = client.post("/api/v1/session", json={"email": email, "password": password}).status_code
    return status


def test_changing_the_password_needs_the_current_one_and_ends_every_other_session(
    sqlite_client_for: ClientFactory,
) -> None:
    here = sqlite_client_for("a@example.org")
    elsewhere = sqlite_client_for()
    assert _sign_in(elsewhere, "a@example.org") == 200
    wrong = here.post(
        "/api/v1/account/password", json={"current_password": "x" * 12, "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 422
    assert [error["field"] for error in wrong.json()["errors"]] == ["body.current_password"]
    assert elsewhere.get("/api/v1/account").status_code == 200  # nothing changed
    changed = here.post(
        "/api/v1/account/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204, changed.text
    assert here.get("/api/v1/account").status_code == 200  # this session stays
    assert elsewhere.get("/api/v1/account").status_code == 401  # the other one is over
    assert _sign_in(sqlite_client_for(), "a@example.org") == 401
    assert _sign_in(sqlite_client_for(), "a@example.org", NEW_PASSWORD) == 200


def test_a_new_password_is_checked_like_a_registration(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    short = client.post(
        "/api/v1/account/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    assert [error["field"] for error in short.json()["errors"]] == ["body.new_password"]
    assert _sign_in(sqlite_client_for(), "a@example.org") == 200  # the old password still works
    signed_out = sqlite_client_for()
    answer = signed_out.post(
        "/api/v1/account/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 401


def test_signing_out_everywhere_ends_every_session_of_the_account_only(
    sqlite_client_for: ClientFactory,
) -> None:
    laptop = sqlite_client_for("a@example.org")
    phone = sqlite_client_for()
    assert _sign_in(phone, "a@example.org") == 200
    someone_else = sqlite_client_for("b@example.org")
    assert phone.delete("/api/v1/account/sessions", headers=JSON).status_code == 204
    assert laptop.get("/api/v1/account").status_code == 401
    assert phone.get("/api/v1/account").status_code == 401
    assert someone_else.get("/api/v1/account").status_code == 200


def test_a_session_unused_for_the_idle_timeout_ends(tmp_path: Path) -> None:
    clock = Clock()
    app = create_app(
        Settings(database=f"sqlite:///{tmp_path}/web.db", accounts=True, session_idle_minutes=60)
    )
    app.dependency_overrides[deps.now] = clock
    with TestClient(app, base_url="http://localhost") as client:
        made = client.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD})
        assert made.status_code == 201
        for _ in range(3):  # used every 50 minutes: it stays, well past the first hour
            clock.moment += timedelta(minutes=50)
            assert client.get("/api/v1/account").status_code == 200
        clock.moment += timedelta(minutes=61)
        assert client.get("/api/v1/account").status_code == 401
        clock.moment += timedelta(minutes=1)
        assert client.get("/api/v1/account").status_code == 401  # over for good, not back when touched


def test_the_default_idle_timeout_is_a_week(sqlite_client_for: ClientFactory, clock: Clock) -> None:
    client = sqlite_client_for("a@example.org")
    clock.moment += timedelta(days=6, hours=23)
    assert client.get("/api/v1/account").status_code == 200
    clock.moment += timedelta(days=7, minutes=1)
    assert client.get("/api/v1/account").status_code == 401


def test_wrong_passwords_to_delete_the_account_count_toward_the_sign_in_limit(
    client_for: ClientFactory,
) -> None:
    """A stolen session cannot use deletion to try passwords: on SQLite and PostgreSQL."""
    thief = client_for("a@example.org")
    for _ in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP):
        wrong = thief.request("DELETE", "/api/v1/account", json={"password": "x" * 12})
        assert wrong.status_code == 403
    limited = thief.request("DELETE", "/api/v1/account", json={"password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert thief.get("/api/v1/account").status_code == 200  # nothing was deleted
    assert _sign_in(client_for(), "a@example.org") == 429  # and the sign-in limit is the same one


def test_wrong_current_passwords_count_toward_the_sign_in_limit(
    sqlite_client_for: ClientFactory, clock: Clock
) -> None:
    client = sqlite_client_for("a@example.org")
    for _ in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP - 1):
        assert _sign_in(sqlite_client_for(), "a@example.org", "x" * 12) == 401
    body = {"current_password": "y" * 12, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/account/password", json=body).status_code == 422
    right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/account/password", json=right).status_code == 429
    clock.moment += timedelta(minutes=15, seconds=1)
    assert client.post("/api/v1/account/password", json=right).status_code == 204


def test_a_right_password_to_delete_is_no_failure(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    for _ in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP - 1):
        assert _sign_in(sqlite_client_for(), "a@example.org", "x" * 12) == 401
    assert client.request("DELETE", "/api/v1/account", json={"password": PASSWORD}).status_code == 204
