"""The audit's bad-input classes, on SQLite and PostgreSQL: each is a clear 4xx naming the field, never a 500,
and nothing is written (issue 17, finding 8)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.adapters.web.conftest import JSON, PASSWORD, ClientFactory
from tests.conftest import CONTRACT

SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_text()
REPORT = (CONTRACT / "examples" / "report-leg-day.json").read_text()
HUGE = "9" * 5000  # past Python's 4,300-digit limit for int()
PG_INT_PAST = 2**31  # PostgreSQL's INTEGER ends at 2**31 - 1
WRONG = {"email": "a@example.org", "password": "x" * 12}


def _fields(response: Any) -> list[str]:
    return [error["field"] for error in response.json().get("errors", [])]


CASES: list[tuple[str, str, dict[str, Any], int, str]] = [
    (
        "POST",
        "/api/v1/assessments",
        {"content": REPORT.replace('"age": 29', f'"age": {HUGE}'), "headers": JSON},
        422,
        "body.person.age",
    ),
    (
        "POST",
        "/api/v1/events",
        {"content": f'{{"type": "caffeine", "at": "2026-11-02T17:45", "mg": {HUGE}}}', "headers": JSON},
        422,
        "body.mg",
    ),
    ("GET", "/api/v1/events?since=9999-12-31T23:59:59-12:00", {}, 422, "query.since"),
    ("GET", "/api/v1/events?since=0001-01-01T00:00", {}, 422, "query.since"),
    ("GET", "/api/v1/events?until=0001-01-01T00:00%2B14:00", {}, 422, "query.until"),
    ("GET", "/api/v1/report?from=9999-12-01&to=9999-12-31", {}, 422, "query.from"),
    ("GET", "/api/v1/report?from=2026-11-01&to=9999-12-31", {}, 422, "query.to"),
    ("GET", "/api/v1/report?from=0001-01-01&to=0001-01-31", {}, 422, "query.from"),
    ("DELETE", f"/api/v1/shares/{2**63}", {"headers": JSON}, 422, "path.coach_id"),
    ("DELETE", f"/api/v1/shares/{PG_INT_PAST}", {"headers": JSON}, 422, "path.coach_id"),
    ("GET", f"/api/v1/events/{PG_INT_PAST}", {}, 422, "path.seq"),
    (
        "PUT",
        f"/api/v1/events/{2**53}",
        {"json": {"type": "caffeine", "at": "2026-11-02", "mg": 1}},
        422,
        "path.seq",
    ),
    ("DELETE", f"/api/v1/events/{PG_INT_PAST}", {"headers": JSON}, 422, "path.seq"),
    ("GET", f"/api/v1/coach/people/{PG_INT_PAST}", {}, 422, "path.person_id"),
    ("POST", "/api/v1/session", {"json": {**WRONG, "email": "a\x00@example.org"}}, 422, "body.email"),
    (
        "POST",
        "/api/v1/accounts",
        {"json": {"email": "b\x00@example.org", "password": PASSWORD}},
        422,
        "body.email",
    ),
    ("POST", "/api/v1/shares", {"json": {"coach_email": "b\x00@example.org"}}, 422, "body.coach_email"),
    (
        "POST",
        "/api/v1/events",
        {"json": {"type": "caffeine", "at": "2026-11-02T17:45", "mg": 100, "id": "a\x00b"}},
        422,
        "body.id",
    ),
]


@pytest.mark.parametrize(("method", "path", "request_args", "status", "field"), CASES)
def test_bad_input_is_a_4xx_naming_the_field(
    client_for: ClientFactory,
    caplog: pytest.LogCaptureFixture,
    method: str,
    path: str,
    request_args: dict[str, Any],
    status: int,
    field: str,
) -> None:
    client = client_for("a@example.org")
    client.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    before = client.get("/api/v1/account/export").json()
    caplog.set_level(logging.INFO)
    response = client.request(method, path, **request_args)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in _fields(response)
    assert client.get("/api/v1/account/export").json()["journal"] == before["journal"]  # nothing written
    assert "@example.org" not in caplog.text  # no database error carrying the email into the log


def test_deeply_nested_answers_on_the_check_page_are_refused_by_name(client_for: ClientFactory) -> None:
    import re

    client = client_for()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/check").text)
    assert token is not None
    for name in ("answers", "given", "trail"):
        response = client.post(
            "/check",
            data={"action": "next", "position": "1", name: "[" * 50_000, "csrf_token": token.group(1)},
        )
        assert response.status_code == 400, (name, response.status_code)
        assert "Traceback" not in response.text
