"""Invite-only registration (issue 17): `twitchcheck admin invite / invites / uninvite`, and sign-up (API
and page) that needs an unused, unexpired invitation for that email; a closed server takes no sign-ups."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from tests.adapters.cli.support import run
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.account_tables import InvitationRow
from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings, SettingsError

PASSWORD = "my own passphrase"
_INVITE = re.compile(r"Invitation code: (\S+)")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


pytestmark = pytest.mark.usefixtures("cheap_hashes")


class _Clock:
    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.moment


@contextmanager
def _server(db: str, registration: str = "invite", clock: _Clock | None = None) -> Iterator[TestClient]:
    settings = Settings(database=db, accounts=True, registration=registration)
    app = create_app(settings)
    app.dependency_overrides[deps.now] = clock or _Clock()
    with TestClient(app, base_url="http://localhost", follow_redirects=False) as client:
        yield client


def _admin(*args: str, db: str) -> tuple[int, str, str]:
    result = run("admin", *args, "--db", db)
    return result.exit_code, result.stdout, result.stderr


def _invite(email: str, db: str, *extra: str) -> str:
    status, out, err = _admin("invite", email, *extra, db=db)
    assert status == 0, err
    found = _INVITE.search(out)
    assert found is not None, out
    assert f"/signup?invite={found.group(1)}" in out
    return found.group(1)


def _register(client: TestClient, email: str, invite: str | None) -> Any:
    body: dict[str, str] = {"email": email, "password": PASSWORD}
    if invite is not None:
        body["invite"] = invite
    return client.post("/api/v1/accounts", json=body)


def _fields(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_an_invitation_lets_its_email_sign_up_once(journal_url: str) -> None:
    """On SQLite and PostgreSQL: the invited email signs up with its code, once; the code is kept hashed."""
    code = _invite("Sam@Example.org", journal_url)
    engine = create_engine(journal_url)
    with engine.connect() as connection:
        stored = list(connection.execute(select(InvitationRow.email, InvitationRow.code_hash)))
    engine.dispose()
    assert [row.email for row in stored] == ["sam@example.org"]
    assert code.replace("-", "") not in stored[0].code_hash
    with _server(journal_url) as client:
        refused = _register(client, "sam@example.org", None)
        assert refused.status_code == 422
        assert _fields(refused) == ["body.invite"]
        assert "invite-only" in refused.json()["errors"][0]["message"]
        fullwidth = "\uff33\uff21\uff2d@example.org"  # SAM in fullwidth letters: normalised
        made = _register(client, fullwidth, code.lower().replace("-", " "))  # the code as people type it
        assert made.status_code == 201, made.text
        assert made.json()["email"] == "sam@example.org"
    with _server(journal_url) as other:
        twice = _register(other, "sam@example.org", code)
        assert twice.status_code in (409, 422)  # the email has an account, and the code is used up
    status, out, _ = _admin("invites", "--format", "json", db=journal_url)
    assert status == 0
    assert [(entry["email"], entry["state"]) for entry in json.loads(out)] == [("sam@example.org", "used")]


def test_an_invitation_is_for_its_email_only_and_used_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    code = _invite("sam@example.org", db)
    with _server(db) as client:
        stranger = _register(client, "kim@example.org", code)
        assert stranger.status_code == 422
        assert _fields(stranger) == ["body.invite"]
        assert "for another email" in stranger.json()["errors"][0]["message"]
        assert _register(client, "sam@example.org", code).status_code == 201
    status, out, _ = _admin("invite", "sam@example.org", db=db)
    assert status == 2  # an account has this email now
    assert "exists already" in out + _admin("invite", "sam@example.org", db=db)[2]


def test_an_invitation_expires(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    code = _invite("sam@example.org", db, "--valid-hours", "2")
    clock = _Clock()
    clock.moment += timedelta(hours=2, minutes=1)
    with _server(db, clock=clock) as client:
        late = _register(client, "sam@example.org", code)
        assert late.status_code == 422
        assert _fields(late) == ["body.invite"]
    status, out, _ = _admin("invites", db=db)
    assert status == 0
    assert "sam@example.org  open, until" in out  # by the machine's clock it is still open


def test_a_new_invitation_or_uninvite_ends_the_earlier_code(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    first = _invite("sam@example.org", db)
    second = _invite("sam@example.org", db)
    assert _admin("uninvite", "kim@example.org", db=db)[0] == 2  # nothing to withdraw: named, no traceback
    with _server(db) as client:
        assert _register(client, "sam@example.org", first).status_code == 422
    status, out, _ = _admin("uninvite", "sam@example.org", db=db)
    assert status == 0, out
    with _server(db) as client:
        assert _register(client, "sam@example.org", second).status_code == 422
    assert _admin("invites", db=db)[1].strip() == "No invitations."


def test_wrong_codes_count_toward_the_registration_limit_and_are_not_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    code = _invite("sam@example.org", db)
    hashed: list[str] = []
    real = accounts._hasher

    class _Counting:
        def hash(self, password: str) -> str:
            hashed.append(password)
            return real.hash(password)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    monkeypatch.setattr(accounts, "_hasher", _Counting())
    with _server(db) as client:
        for number in range(accounts.MAX_REGISTRATIONS_PER_IP):
            assert _register(client, "sam@example.org", f"WRONG-CODE-{number:04d}").status_code == 422
        assert hashed == []  # a wrong code costs no password hash
        limited = _register(client, "sam@example.org", code)
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1


def test_a_closed_server_takes_no_sign_ups_but_admin_create_works(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with _server(db, "closed") as client:
        refused = _register(client, "sam@example.org", None)
        assert refused.status_code == 403
        assert "admin create" in refused.json()["detail"]
        page = client.get("/signup")
        assert "does not take sign-ups" in page.text
        assert 'name="password"' not in page.text
        assert 'href="/signup"' not in page.text  # no "Sign up" in the header either
    assert _admin("create", "sam@example.org", db=db)[0] == 0


def test_an_open_server_needs_no_invitation(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with _server(db, "open") as client:
        assert _register(client, "sam@example.org", None).status_code == 201
        assert 'name="invite"' not in client.get("/signup").text


def _post_form(client: TestClient, data: dict[str, str]) -> Any:
    found = _CSRF.search(client.get("/signup").text)
    assert found is not None
    body = urlencode([*data.items(), ("csrf_token", found.group(1))])
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return client.post("/signup", content=body, headers=headers)


def test_the_sign_up_page_says_invitations_are_needed_and_the_link_fills_the_code(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    code = _invite("sam@example.org", db)
    with _server(db) as client:
        page = client.get(f"/signup?invite={code}")
        assert "This server is invite-only" in page.text
        assert f'value="{code}"' in page.text
        wrong = _post_form(client, {"email": "kim@example.org", "password": PASSWORD, "invite": code})
        assert wrong.status_code == 422
        assert 'id="invite-error"' in wrong.text
        assert 'href="#invite"' in wrong.text
        made = _post_form(client, {"email": "sam@example.org", "password": PASSWORD, "invite": code})
        assert made.status_code == 303
        assert made.headers["location"] == "/journal"


def test_a_bad_registration_setting_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="TWITCHCHECK_REGISTRATION='invites'"):
        Settings.from_env({"TWITCHCHECK_REGISTRATION": "invites"})
    assert Settings.from_env({}).registration == "open"
    setting = Settings.from_env({"TWITCHCHECK_REGISTRATION": "Invite"})
    assert setting.registration == "invite"
    assert Settings.from_env(setting.to_env()).registration == "invite"


def test_parallel_sign_ups_with_one_invitation_make_one_account(journal_url: str) -> None:
    """On SQLite and PostgreSQL, two app instances (as two workers): one code, one account, and every other
    attempt a clear refusal, never a server error (the unique email makes the one account; that the code is
    then marked used is checked by `test_an_invitation_lets_its_email_sign_up_once`)."""
    from concurrent.futures import ThreadPoolExecutor

    code = _invite("sam@example.org", journal_url)
    with (
        _server(journal_url) as one,
        _server(journal_url) as two,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        answers = list(
            pool.map(
                lambda number: _register(one if number % 2 else two, "sam@example.org", code).status_code,
                range(8),
            )
        )
    assert answers.count(201) == 1
    assert set(answers) <= {201, 409, 422}
    _, out, _ = _admin("list", "--format", "json", db=journal_url)
    assert [entry["email"] for entry in json.loads(out)] == ["sam@example.org"]
