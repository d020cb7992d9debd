"""Fuzzing of the whole API from its OpenAPI document (schemathesis): no input, valid or not, gives a 500.

Two apps on each database (SQLite, and PostgreSQL, whose integers, dates and text refuse more than
SQLite's): single-user (every journal route reachable without sign-in, on a journal with events in it) and
with accounts, signed in, for the account and sharing routes. Bounded and deterministic: 30 examples per
operation on SQLite, 15 on PostgreSQL, derandomised.

Random examples seldom hit the audit's classes (issue 17, finding 8), so `test_boundary_values_*` sends each
of them to every parameter and every body field of every operation: a 5,000-digit integer, moments at the
ends of the calendar, ids past PostgreSQL's INTEGER and 2**53, NUL characters, 50,000 "[".
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from tests.adapters.web.conftest import PASSWORD
from tests.conftest import CONTRACT, POSTGRES
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


def _postgres() -> str | None:
    """A URL of a fresh PostgreSQL schema for this module (dropped at exit), or None when it is unreachable
    (its tests are then skipped, as the `journal_url` fixture does)."""
    schema = f"tc_fuzz_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except OperationalError:
        engine.dispose()
        return None

    def drop() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()

    atexit.register(drop)
    return f"{POSTGRES}?options=-csearch_path%3D{schema}"


_PG = _postgres()
_needs_pg = pytest.mark.skipif(_PG is None, reason=f"PostgreSQL is not reachable at {POSTGRES}")


def _single_user_app(database: str) -> Any:
    app = create_app(Settings(database=database, accounts=False))
    with TestClient(app, base_url="http://localhost") as client:
        client.post("/api/v1/events/import", content=_SAMPLE, headers=_NDJSON)
    return app


def _accounts_app(database: str) -> tuple[Any, str]:
    app = create_app(Settings(database=database, accounts=True))
    with TestClient(app, base_url="http://localhost") as client:
        client.post("/api/v1/accounts", json={"email": "coach@example.org", "password": PASSWORD})
        client.cookies.clear()
        client.post("/api/v1/accounts", json={"email": "fuzz@example.org", "password": PASSWORD})
        client.post("/api/v1/events/import", content=_SAMPLE, headers=_NDJSON)
        client.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
        token = client.cookies[SESSION_COOKIE]
    return app, token


def _account_routes(app: Any) -> BaseSchema:
    return (
        schemathesis.openapi.from_asgi("/openapi.json", app)
        .include(path_regex="^/api/v1/(account|accounts|session|shares|coach)")
        .exclude(method="DELETE", path="/api/v1/session")  # signing out would end the fuzzing session
    )


_single_app = _single_user_app(str(_WORKDIR / "single.db"))
_single_user = schemathesis.openapi.from_asgi("/openapi.json", _single_app)
# The doctor's report draws charts and a PDF (about a second each): fuzzed with fewer examples.
single_user = _single_user.exclude(path_regex="/report$")
reports = _single_user.include(path_regex="/report$")
_app, _token = _accounts_app(str(_WORKDIR / "accounts.db"))
with_accounts = _account_routes(_app)
# On PostgreSQL: the same apps (the report's charts do not depend on the database: left to SQLite).
if _PG is not None:
    _single_pg_app = _single_user_app(_PG)
    # Each app its own schema would be cleaner; one schema holds both, as a team's database holds many.
    _app_pg, _token_pg = _accounts_app(_PG)
else:
    _single_pg_app, _app_pg, _token_pg = _single_app, _app, _token  # parametrised, then skipped
single_user_pg = schemathesis.openapi.from_asgi("/openapi.json", _single_pg_app).exclude(
    path_regex="/report$"
)
with_accounts_pg = _account_routes(_app_pg)

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


@_needs_pg
@single_user_pg.parametrize()
@settings(_FUZZ, max_examples=15)
def test_no_server_error_single_user_on_postgresql(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers=_HEADERS, checks=[not_a_server_error])


@_needs_pg
@with_accounts_pg.parametrize()
@settings(_FUZZ, max_examples=15)
def test_no_server_error_with_accounts_on_postgresql(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(
        headers={**_HEADERS, "Cookie": f"{SESSION_COOKIE}={_token_pg}"}, checks=[not_a_server_error]
    )


# -- the audit's classes, at every parameter and body field ------------------------------------------------

_HUGE_INT = "9" * 5000
BOUNDARY_VALUES: dict[str, str] = {
    "a 5,000-digit integer": _HUGE_INT,
    "past PostgreSQL's INTEGER": str(2**31),
    "past 2**53": str(2**53 + 1),
    "past 2**63": str(2**63),
    "the last moment, west of UTC": "9999-12-31T23:59:59-12:00",
    "the first moment": "0001-01-01T00:00",
    "the first moment, east of UTC": "0001-01-01T00:00+14:00",
    "the last day": "9999-12-31",
    "a NUL": "a\x00@example.org",
    "50,000 [": "[" * 50_000,
}
_URL_CHARS = 8000
_OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (method.upper(), path, operation)
    for path, item in _single_app.openapi()["paths"].items()
    for method, operation in item.items()
    if path != "/api/v1/session" or method != "delete"
]


def _plain(schema: dict[str, Any], name: str) -> Any:
    """A value the field would accept, so that the request reaches past validation to the database."""
    kinds = {schema.get("type")} | {part.get("type") for part in schema.get("anyOf", [])}
    if "email" in name:
        return "fuzz@example.org"
    if "integer" in kinds or "number" in kinds:
        return 1
    if "boolean" in kinds:
        return False
    return "x" * 12


def _json_bodies(operation: dict[str, Any], components: dict[str, Any], value: str) -> list[bytes]:
    """Bodies with `value` (a JSON literal when it is a number or brackets, else a string) at each top-level
    field of the operation's JSON body, the other fields plain; and the value as the whole body."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return []
    literal = value if value.isdigit() or value.startswith("[") else json.dumps(value)
    bodies = [literal.encode()]
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    properties: dict[str, Any] = schema.get("properties", {})
    for name in properties:
        others = {other: _plain(part, other) for other, part in properties.items() if other != name}
        body = json.dumps(others)[:-1] + (", " if others else "") + f"{json.dumps(name)}: {literal}}}"
        bodies.append(body.encode())
    return bodies


def _boundary_requests(client: TestClient, headers: dict[str, str]) -> list[str]:
    components = _single_app.openapi().get("components", {}).get("schemas", {})
    failures = []
    for method, path, operation in _OPERATIONS:
        parameters = operation.get("parameters", [])
        for label, value in BOUNDARY_VALUES.items():
            sent: list[tuple[str, dict[str, Any]]] = []
            in_url = value[:_URL_CHARS]  # a client sends no longer URL; the body gets all of it
            for parameter in parameters:
                where, name = parameter["in"], parameter["name"]
                if where == "path":
                    url = path.replace("{" + name + "}", quote(in_url, safe=""))
                    sent.append((url, {}))
                elif where == "query":
                    url = path
                    for other in parameters:
                        if other["in"] == "path":
                            url = url.replace("{" + other["name"] + "}", "1")
                    sent.append((url, {"params": {name: in_url}}))
            url = path
            for other in parameters:
                if other["in"] == "path":
                    url = url.replace("{" + other["name"] + "}", "1")
            for body in _json_bodies(operation, components, value):
                sent.append((url, {"content": body, "headers": {"Content-Type": "application/json"}}))
            for url, arguments in sent:
                response = client.request(
                    method, url, headers={**headers, **arguments.pop("headers", {})}, **arguments
                )
                if response.status_code >= 500:
                    failures.append(f"{method} {path} with {label}: {response.status_code}")
    return failures


def _boundaries(app: Any, token: str | None) -> list[str]:
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        if token is not None:
            client.cookies.set(SESSION_COOKIE, token)
        return _boundary_requests(client, _HEADERS)


def test_boundary_values_single_user() -> None:
    assert _boundaries(_single_app, None) == []


def test_boundary_values_with_accounts() -> None:
    assert _boundaries(_app, _token) == []


@_needs_pg
def test_boundary_values_single_user_on_postgresql() -> None:
    assert _boundaries(_single_pg_app, None) == []


@_needs_pg
def test_boundary_values_with_accounts_on_postgresql() -> None:
    assert _boundaries(_app_pg, _token_pg) == []
