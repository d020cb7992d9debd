"""The HTTP layer's guards: cross-site requests, CSRF tokens for forms, the body size cap, the host check of
single-user mode, and errors as problem+json that never show a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from tests.adapters.web.conftest import JSON, ClientFactory, make_app
from twitchcheck.adapters.web.deps import CSRF_COOKIE, csrf_token, verify_csrf
from twitchcheck.adapters.web.problems import Problem
from twitchcheck.adapters.web.security import is_loopback

TWITCH = {"type": "twitch", "at": "2026-11-04T19:00", "regions": ["calf"]}


def _is_problem(response: object, status: int) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert isinstance(body["errors"], list)


def test_a_cross_site_request_cannot_change_anything(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    for headers in (
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "null"},
    ):
        _is_problem(client.post("/api/v1/events", json=TWITCH, headers=headers), 403)
        _is_problem(client.delete("/api/v1/session", headers={**JSON, **headers}), 403)
    assert client.get("/api/v1/events").json() == []
    same_origin = client.post("/api/v1/events", json=TWITCH, headers={"Origin": "http://localhost"})
    assert same_origin.status_code == 201


def test_an_api_change_must_be_one_a_plain_form_cannot_send(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    form_like = client.post(
        "/api/v1/events",
        content=b'{"type": "sleep", "at": "2026-11-04T07:00", "hours": 7}',
        headers={"Content-Type": "text/plain"},
    )
    _is_problem(form_like, 403)
    _is_problem(client.post("/api/v1/undo"), 403)  # no body, no content type
    assert client.post("/api/v1/undo", headers={"X-Requested-With": "fetch"}).status_code == 200
    assert client.post("/api/v1/undo", headers=JSON).status_code == 200


def _form_app(tmp_path: Path) -> FastAPI:
    app = make_app(f"sqlite:///{tmp_path}/forms.db")

    @app.get("/test-form")
    def form(request: Request) -> dict[str, str]:
        return {"token": csrf_token(request)}

    @app.post("/test-form", dependencies=[Depends(verify_csrf)])
    def submit() -> dict[str, str]:
        return {"ok": "yes"}

    return app


def test_a_form_post_needs_the_csrf_token_of_its_cookie(tmp_path: Path) -> None:
    with TestClient(_form_app(tmp_path), base_url="http://localhost") as client:
        page = client.get("/test-form")
        token = page.json()["token"]
        assert client.cookies[CSRF_COOKIE] == token
        assert (
            "SameSite=strict" in page.headers["set-cookie"] or "SameSite=Strict" in page.headers["set-cookie"]
        )
        assert client.get("/test-form").json()["token"] == token  # stable: any worker can check it
        assert client.post("/test-form", data={"csrf_token": token}).json() == {"ok": "yes"}
        # A form is a page: its refusal is a page too (the pages' error page), saying why.
        for refused in (
            client.post("/test-form", data={"csrf_token": "x" * 43}),
            client.post("/test-form", data={}),
        ):
            assert refused.status_code == 403
            assert refused.headers["content-type"].startswith("text/html")
            assert "form" in refused.text.lower()
        client.cookies.clear()
        assert client.post("/test-form", data={"csrf_token": token}).status_code == 403


def test_a_body_over_the_cap_is_refused_with_413(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path}/cap.db", max_body_bytes=1000)
    with TestClient(app, base_url="http://localhost") as client:
        _is_problem(client.post("/api/v1/assessments", json={"text": "x" * 2000}), 413)

        def chunks() -> object:
            for _ in range(10):
                yield b" " * 500

        streamed = client.post("/api/v1/assessments", content=chunks(), headers=JSON)
        _is_problem(streamed, 413)
        assert (
            client.post("/api/v1/assessments", json={"text": "calf twitching for a day"}).status_code == 200
        )


@pytest.mark.parametrize(
    ("host", "answered"),
    [("localhost", True), ("localhost:8000", True), ("127.0.0.1:8000", True), ("127.0.0.2:8000", True),
     ("[::1]:8000", True), ("[::1]", True), ("LOCALHOST:8000", True),
     ("attacker.example", False), ("attacker.example:8000", False), ("127.0.0.1.nip.io:8000", False),
     ("localhost.attacker.example", False), ("0.0.0.0:8000", False), ("192.168.1.5:8000", False),
     ("[::]:8000", False), ("", False)],
)  # fmt: skip
def test_single_user_mode_answers_only_to_loopback_names(tmp_path: Path, host: str, answered: bool) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) cannot read the journal; any
    loopback name or address can (`serve --host 127.0.0.2` included)."""
    app = make_app(f"sqlite:///{tmp_path}/local.db", accounts_on=False)
    with TestClient(app, base_url="http://localhost") as client:
        response = client.get("/api/v1/events", headers={"Host": host})
        if answered:
            assert response.status_code == 200, response.text
        else:
            _is_problem(response, 400)
            assert "localhost" in response.json()["detail"]


def test_accounts_mode_answers_to_any_host_name(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    assert client.get("/api/v1/events", headers={"Host": "twitch.example.org"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False), ("::", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_single_user_mode_uses_the_clis_default_journal(tmp_path: Path) -> None:
    from twitchcheck.adapters.storage.journal import Journal

    database = tmp_path / "shared.db"
    with Journal.open(str(database)) as journal:
        journal.import_jsonl(['{"type": "sleep", "at": "2026-11-04T07:00", "hours": 7}'])
    app = make_app(str(database), accounts_on=False)
    with TestClient(app, base_url="http://localhost") as client:
        assert [item["event"]["type"] for item in client.get("/api/v1/events").json()] == ["sleep"]
        client.post("/api/v1/events", json=TWITCH)
    with Journal.open(str(database)) as journal:
        assert journal.count() == 2


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nothing-here", 404),
        ("PATCH", "/api/v1/events", 405),
        ("GET", "/api/v1/events?limit=0", 422),
    ],
)
def test_http_errors_are_problems(
    sqlite_client_for: ClientFactory, method: str, path: str, status: int
) -> None:
    client = sqlite_client_for("a@example.org")
    _is_problem(client.request(method, path, headers=JSON), status)


def test_a_query_error_names_the_parameter(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for("a@example.org").get("/api/v1/events", params={"limit": "many"})
    assert response.json()["errors"][0]["field"] == "query.limit"


def test_an_unexpected_error_is_a_500_problem_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(f"sqlite:///{tmp_path}/boom.db")

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals at /srv/app.py line 12")

    @app.get("/api/v1/teapot")
    def teapot(_: Annotated[None, Depends(lambda: None)]) -> None:
        raise Problem(418, "short and stout")

    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
        _is_problem(response, 500)
        assert "secret" not in response.text
        assert "Traceback" not in response.text
        _is_problem(client.get("/api/v1/teapot"), 418)
    assert "secret internals" in caplog.text  # logged for the operator


def test_the_openapi_document_describes_the_api(sqlite_client_for: ClientFactory) -> None:
    schema = sqlite_client_for().get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/assessments", "/api/v1/events", "/api/v1/events/{seq}", "/api/v1/events/import",
        "/api/v1/events/export", "/api/v1/undo", "/api/v1/status", "/api/v1/triggers", "/api/v1/accounts",
        "/api/v1/session", "/api/v1/account", "/api/v1/account/export", "/api/v1/shares",
        "/api/v1/coach/people", "/api/v1/coach/people/{person_id}", "/healthz",
    ):  # fmt: skip
        assert path in paths, path
    components = schema["components"]["schemas"]
    assert {"Report", "AssessmentContract", "Event", "AssessmentRequest", "ProblemDetails"} <= set(components)


def _csp(response: object) -> dict[str, str]:
    from httpx import Response

    assert isinstance(response, Response)
    policy = response.headers["content-security-policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/check", "/journal", "/status", "/api/v1/events", "/api/v1/account"])
def test_personal_pages_and_answers_carry_the_security_headers(client_for: ClientFactory, path: str) -> None:
    response = client_for("a@example.org").get(path)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "no-store" in response.headers["cache-control"]
    policy = _csp(response)
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["script-src"] == "script-src 'self'"  # no inline script, no other origin
    assert policy["object-src"] == "object-src 'none'"
    assert "strict-transport-security" not in response.headers  # plain HTTP: no HSTS


def test_static_files_may_be_cached(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for().get("/static/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_api_docs_page_may_run_its_own_script_from_this_origin(sqlite_client_for: ClientFactory) -> None:
    policy = _csp(sqlite_client_for().get("/api/docs"))
    assert "'self'" in policy["script-src"]
    assert "'self'" in policy["style-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"


@pytest.mark.parametrize(("trust_proxy", "hsts"), [(True, True), (False, False)])
def test_hsts_behind_an_https_proxy_only_when_it_is_trusted(
    tmp_path: Path, trust_proxy: bool, hsts: bool
) -> None:
    from twitchcheck.adapters.web import create_app
    from twitchcheck.adapters.web.settings import Settings

    app = create_app(Settings(database=f"sqlite:///{tmp_path}/j.db", trust_proxy=trust_proxy))
    with TestClient(app, base_url="http://localhost") as client:
        behind = client.get("/check", headers={"X-Forwarded-Proto": "https"})
        plain = client.get("/check")
    assert ("max-age=" in behind.headers.get("strict-transport-security", "")) is hsts
    assert "strict-transport-security" not in plain.headers


def test_hsts_when_served_over_https_directly(tmp_path: Path) -> None:
    from twitchcheck.adapters.web import create_app
    from twitchcheck.adapters.web.settings import Settings

    app = create_app(Settings(database=f"sqlite:///{tmp_path}/j.db"))
    with TestClient(app, base_url="https://localhost") as client:
        assert "max-age=" in client.get("/check").headers["strict-transport-security"]
