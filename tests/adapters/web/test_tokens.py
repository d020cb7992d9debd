"""Personal API tokens (issue 17): shown once, stored hashed, scoped, revocable, with when last used; never a
way into the account itself."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import select

from tests.adapters.web.conftest import JSON, PASSWORD, ClientFactory, Clock
from twitchcheck.adapters.storage.account_tables import ApiTokenRow

SLEEP = {"type": "sleep", "at": "2026-11-04T07:00", "hours": 7}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **JSON}


def test_a_token_is_shown_once_and_kept_only_as_its_hash(app: FastAPI, client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    made = alice.post("/api/v1/tokens", json={"name": "my export script", "scope": "read"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    assert token.startswith("tct_")
    listed = alice.get("/api/v1/tokens").json()
    assert [item["name"] for item in listed] == ["my export script"]
    assert "token" not in listed[0]
    with app.state.engine.connect() as connection:
        stored = list(connection.scalars(select(ApiTokenRow.token_hash)))
    assert stored
    assert token not in stored[0]
    assert len(stored[0]) == 64  # SHA-256


def test_a_read_token_reads_the_journal_and_cannot_change_it(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    assert alice.post("/api/v1/events", json=SLEEP).status_code == 201
    token = alice.post("/api/v1/tokens", json={"name": "reader", "scope": "read"}).json()["token"]
    script = client_for()  # no cookie: only the token
    events = script.get("/api/v1/events", headers=_bearer(token))
    assert events.status_code == 200, events.text
    assert len(events.json()) == 1
    assert script.get("/api/v1/alerts", headers=_bearer(token)).status_code == 200
    refused = script.post("/api/v1/events", json=SLEEP, headers=_bearer(token))
    assert refused.status_code == 403
    assert "may only read" in refused.json()["detail"]
    assert len(alice.get("/api/v1/events").json()) == 1  # nothing written


def test_a_write_token_logs_and_its_last_use_is_shown(client_for: ClientFactory, clock: Clock) -> None:
    alice = client_for("alice@example.org")
    token = alice.post("/api/v1/tokens", json={"name": "watch sync", "scope": "write"}).json()["token"]
    assert alice.get("/api/v1/tokens").json()[0]["last_used_at"] is None
    clock.moment += timedelta(minutes=5)
    logged = client_for().post("/api/v1/events", json=SLEEP, headers=_bearer(token))
    assert logged.status_code == 201, logged.text
    assert alice.get("/api/v1/tokens").json()[0]["last_used_at"] is not None
    assert len(alice.get("/api/v1/events").json()) == 1


def test_a_token_cannot_manage_the_account_tokens_or_shares(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    client_for("coach@example.org")
    token = alice.post("/api/v1/tokens", json={"name": "everything", "scope": "write"}).json()["token"]
    script = client_for()
    for method, path, body in [
        ("POST", "/api/v1/tokens", {"name": "another", "scope": "write"}),
        ("GET", "/api/v1/account/export", None),
        ("DELETE", "/api/v1/account", {"password": PASSWORD}),
        ("POST", "/api/v1/shares", {"coach_email": "coach@example.org"}),
        ("POST", "/api/v1/account/password", {"current_password": PASSWORD, "new_password": "n" * 12}),
    ]:
        answer = script.request(method, path, json=body, headers=_bearer(token))
        assert answer.status_code == 403, (path, answer.text)
        assert "sign in with your password" in answer.json()["detail"]
    assert alice.get("/api/v1/shares").json() == []
    assert len(alice.get("/api/v1/tokens").json()) == 1


def test_a_revoked_or_unknown_token_opens_nothing(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    made = alice.post("/api/v1/tokens", json={"name": "old", "scope": "read"}).json()
    script = client_for()
    assert script.get("/api/v1/events", headers=_bearer(made["token"])).status_code == 200
    assert alice.delete(f"/api/v1/tokens/{made['id']}", headers=JSON).status_code == 204
    after = script.get("/api/v1/events", headers=_bearer(made["token"]))
    assert after.status_code == 401
    assert "Bearer" in after.headers["www-authenticate"]
    assert script.get("/api/v1/events", headers=_bearer("tct_" + "x" * 43)).status_code == 401
    assert script.get("/api/v1/events", headers=_bearer("not-a-token")).status_code == 401
    assert alice.delete(f"/api/v1/tokens/{made['id']}", headers=JSON).status_code == 404


def test_someone_elses_token_id_cannot_be_revoked(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    made = alice.post("/api/v1/tokens", json={"name": "alice's", "scope": "read"}).json()
    mallory = client_for("mallory@example.org")
    assert mallory.delete(f"/api/v1/tokens/{made['id']}", headers=JSON).status_code == 404
    assert len(alice.get("/api/v1/tokens").json()) == 1


def test_a_bad_token_request_names_the_field(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    bad = alice.post("/api/v1/tokens", json={"name": "   ", "scope": "admin"})
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} >= {"body.scope"}
    blank = alice.post("/api/v1/tokens", json={"name": "   ", "scope": "read"})
    assert blank.status_code == 422
    assert [error["field"] for error in blank.json()["errors"]] == ["body.name"]


def test_deleting_the_account_removes_its_tokens_and_the_export_lists_them(
    app: FastAPI, client_for: ClientFactory
) -> None:
    alice = client_for("alice@example.org")
    token = alice.post("/api/v1/tokens", json={"name": "sync", "scope": "write"}).json()["token"]
    exported = alice.get("/api/v1/account/export").json()
    assert [item["name"] for item in exported["api_tokens"]] == ["sync"]
    assert token not in str(exported)
    assert alice.request("DELETE", "/api/v1/account", json={"password": PASSWORD}).status_code == 204
    with app.state.engine.connect() as connection:
        assert list(connection.scalars(select(ApiTokenRow.id))) == []
    assert client_for().get("/api/v1/events", headers=_bearer(token)).status_code == 401
