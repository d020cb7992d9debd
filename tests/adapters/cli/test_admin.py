"""`twitchcheck admin`: create an account whose person sets their own password with a one-time code, list,
disable and enable, delete, and reset a password with a code (issue 17, the account life-cycle)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from tests.adapters.cli.support import run
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.account_tables import PasswordResetRow
from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings

PASSWORD = "my own passphrase"
_CODE = re.compile(r"One-time code for \S+: (\S+)")


pytestmark = pytest.mark.usefixtures("cheap_hashes")


class _Clock:
    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.moment


@contextmanager
def _server(db: str, clock: _Clock | None = None) -> Iterator[TestClient]:
    app = create_app(Settings(database=db, accounts=True))
    app.dependency_overrides[deps.now] = clock or _Clock()
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def _code(output: str) -> str:
    found = _CODE.search(output)
    assert found is not None, output
    return found.group(1)


def _admin(*args: str, db: str) -> tuple[int, str, str]:
    result = run("admin", *args, "--db", db)
    return result.exit_code, result.stdout, result.stderr


def _set_password(client: TestClient, code: str, email: str = "sam@example.org") -> int:
    body = {"email": email, "code": code, "new_password": PASSWORD}
    status: int = client.post("/api/v1/account/password-reset", json=body).status_code
    return status


def _sign_in(client: TestClient, email: str = "sam@example.org", password: str = PASSWORD) -> int:
    status: int = client.post("/api/v1/session", json={"email": email, "password": password}).status_code
    return status


def test_a_created_account_signs_in_once_its_person_sets_a_password_with_the_code(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    code, out, _ = _admin("create", "Sam@Example.org", "--zone", "Europe/Berlin", db=db)
    assert code == 0, out
    assert "Created the account sam@example.org." in out
    one_time = _code(out)
    with _server(db) as client:
        assert _sign_in(client) == 401  # no password anyone knows yet
        assert _set_password(client, one_time.lower().replace("-", " ")) == 204  # as people type it
        assert _sign_in(client) == 200
        assert client.get("/api/v1/account").json()["zone"] == "Europe/Berlin"
        again = client.post(
            "/api/v1/account/password-reset",
            json={"email": "sam@example.org", "code": one_time, "new_password": "another passphrase"},
        )
        assert again.status_code == 422  # used up
        assert [error["field"] for error in again.json()["errors"]] == ["body.code"]
    taken, _, err = _admin("create", "sam@example.org", db=db)
    assert taken == 2
    assert "exists already" in err


def test_the_code_is_stored_hashed_and_expires(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    _admin("create", "sam@example.org", db=db)
    status, out, _ = _admin("reset-password", "sam@example.org", db=db)
    assert status == 0
    assert "until" in out
    one_time = _code(out)
    engine = create_engine(db)
    with engine.connect() as connection:
        stored = list(connection.scalars(select(PasswordResetRow.code_hash)))
    engine.dispose()
    assert len(stored) == 1  # the code from `create` no longer works
    assert one_time not in stored[0]
    assert one_time.replace("-", "") not in stored[0]
    clock = _Clock()
    clock.moment += timedelta(hours=1, minutes=1)
    with _server(db, clock) as client:
        assert _set_password(client, one_time) == 422


def test_a_new_password_by_code_ends_every_session(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    first = _code(_admin("create", "sam@example.org", db=db)[1])
    with _server(db) as client:
        assert _set_password(client, first) == 204
        assert _sign_in(client) == 200
        second = _code(_admin("reset-password", "sam@example.org", db=db)[1])
        assert client.get("/api/v1/account").status_code == 200  # a code alone changes nothing
        other = {"email": "sam@example.org", "code": second, "new_password": "the newest passphrase"}
        assert client.post("/api/v1/account/password-reset", json=other).status_code == 204
        assert client.get("/api/v1/account").status_code == 401
        assert _sign_in(client, password="the newest passphrase") == 200


def test_wrong_codes_count_toward_the_sign_in_limit(journal_url: str) -> None:
    """On SQLite and PostgreSQL: a code cannot be guessed faster than a password."""
    one_time = _code(_admin("create", "sam@example.org", db=journal_url)[1])
    with _server(journal_url) as client:
        for number in range(accounts.MAX_FAILURES_PER_EMAIL_AND_IP):
            assert _set_password(client, f"WRONG-CODE-{number:04d}") == 422
        limited = client.post(
            "/api/v1/account/password-reset",
            json={"email": "sam@example.org", "code": one_time, "new_password": PASSWORD},
        )
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1


def test_list_shows_each_account_and_whether_it_is_disabled(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    missing, _, err = _admin("list", db=db)
    assert missing == 1  # no database there yet: said, not made
    assert "there is no journal at" in err
    _admin("create", "sam@example.org", db=db)
    _admin("create", "ana@example.org", db=db)
    _admin("disable", "sam@example.org", db=db)
    status, out, _ = _admin("list", db=db)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("ana@example.org  active")
    assert lines[1].startswith("sam@example.org  disabled")
    listed = json.loads(_admin("list", "--format", "json", db=db)[1])
    assert [(entry["email"], entry["disabled_at"] is not None) for entry in listed] == [
        ("ana@example.org", False),
        ("sam@example.org", True),
    ]
    assert all("password" not in key for entry in listed for key in entry)


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with _server(db) as client:
        made = client.post("/api/v1/accounts", json={"email": "sam@example.org", "password": PASSWORD})
        assert made.status_code == 201
        status, out, _ = _admin("disable", "sam@example.org", db=db)
        assert status == 0, out
        assert client.get("/api/v1/account").status_code == 401
        refused = client.post("/api/v1/session", json={"email": "sam@example.org", "password": PASSWORD})
        assert refused.status_code == 401
        assert "disabled" in refused.json()["detail"]
        wrong = client.post("/api/v1/session", json={"email": "sam@example.org", "password": "x" * 12})
        assert "disabled" not in wrong.json()["detail"]  # said only to who knows the password
        assert _admin("enable", "sam@example.org", db=db)[0] == 0
        assert _sign_in(client) == 200


def test_delete_asks_first_and_removes_the_account(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with _server(db) as client:
        client.post("/api/v1/accounts", json={"email": "sam@example.org", "password": PASSWORD})
        status, _, err = _admin("delete", "sam@example.org", db=db)
        assert status == 2
        assert "Nothing was deleted" in err
        assert client.get("/api/v1/account").status_code == 200
        status, out, _ = _admin("delete", "sam@example.org", "--yes", db=db)
        assert status == 0
        assert "Deleted sam@example.org" in out
        assert client.get("/api/v1/account").status_code == 401
        assert _sign_in(client) == 401
    assert json.loads(_admin("list", "--format", "json", db=db)[1]) == []


@pytest.mark.parametrize("command", ["disable", "enable", "delete", "reset-password"])
def test_an_unknown_email_is_named_not_a_traceback(tmp_path: Path, command: str) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    _admin("create", "sam@example.org", db=db)
    status, _, err = _admin(command, "nobody@example.org", *(["--yes"] if command == "delete" else []), db=db)
    assert status == 2
    assert "no account has the email 'nobody@example.org'" in err
    assert "Traceback" not in err


def test_create_names_a_bad_email_or_zone(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    status, _, err = _admin("create", "not-an-email", "--zone", "Mars/Base", db=db)
    assert status == 2
    assert "email" in err
    assert "zone" in err
