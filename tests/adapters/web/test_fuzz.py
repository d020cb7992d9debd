"""Fuzzing of the whole API from its OpenAPI document (schemathesis): no input, valid or not, gives a 500.

Two apps: single-user (every journal route reachable without sign-in, on a journal with events in it) and
with accounts, signed in, for the account and sharing routes. Bounded and deterministic: 30 examples per
operation, derandomised.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.adapters.web.conftest import PASSWORD
from tests.conftest import CONTRACT
from twitchcheck.adapters.web import create_app
from twitchcheck.adapters.web.deps import SESSION_COOKIE
from twitchcheck.adapters.web.settings import Settings

pytestmark = pytest.mark.slow
schemathesis.serializer.alias("application/x-ndjson", "text/plain")  # a JSON Lines body is text

_WORKDIR = Path(tempfile.mkdtemp(prefix="twitchcheck-fuzz-"))
atexit.register(shutil.rmtree, _WORKDIR, ignore_errors=True)
_SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_bytes()
_NDJSON = {"Content-Type": "application/x-ndjson"}
# Every request says it is not a plain form (see web/security.py), as a script using the API would.
_HEADERS = {"X-Requested-With": "schemathesis"}


def _single_user_app() -> Any:
    app = create_app(Settings(database=str(_WORKDIR / "single.db"), accounts=False))
    with TestClient(app, base_url="http://localhost") as client:
        client.post("/api/v1/events/import", content=_SAMPLE, headers=_NDJSON)
    return app


def _accounts_app() -> tuple[Any, str]:
    app = create_app(Settings(database=str(_WORKDIR / "accounts.db"), accounts=True))
    with TestClient(app, base_url="http://localhost") as client:
        client.post("/api/v1/accounts", json={"email": "coach@example.org", "password": PASSWORD})
        client.cookies.clear()
        client.post("/api/v1/accounts", json={"email": "fuzz@example.org", "password": PASSWORD})
        client.post("/api/v1/events/import", content=_SAMPLE, headers=_NDJSON)
        client.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
        token = client.cookies[SESSION_COOKIE]
    return app, token


_single_user = schemathesis.openapi.from_asgi("/openapi.json", _single_user_app())
# The doctor's report draws charts and a PDF (about a second each): fuzzed with fewer examples.
single_user = _single_user.exclude(path_regex="/report$")
reports = _single_user.include(path_regex="/report$")
_app, _token = _accounts_app()
with_accounts = (
    schemathesis.openapi.from_asgi("/openapi.json", _app)
    .include(path_regex="^/api/v1/(account|accounts|session|shares|coach)")
    .exclude(method="DELETE", path="/api/v1/session")  # signing out would end the fuzzing session
)
_FUZZ = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@single_user.parametrize()
@_FUZZ
def test_no_server_error_single_user(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers=_HEADERS, checks=[not_a_server_error])


@with_accounts.parametrize()
@_FUZZ
def test_no_server_error_with_accounts(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(
        headers={**_HEADERS, "Cookie": f"{SESSION_COOKIE}={_token}"}, checks=[not_a_server_error]
    )


@reports.parametrize()
@settings(_FUZZ, max_examples=5)
def test_no_server_error_from_the_report_downloads(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers=_HEADERS, checks=[not_a_server_error])
