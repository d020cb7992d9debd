"""What the pages build on: PageUser redirects to sign in, safe `next=` targets, their own error pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.testclient import TestClient

from tests.adapters.web.conftest import PASSWORD, make_app
from twitchcheck.adapters.web.deps import PageJournalDep, PageUser, safe_next


def _app(tmp_path: Path) -> TestClient:
    app = make_app(f"sqlite:///{tmp_path}/pages.db")

    @app.get("/journal-page")
    def page(user: PageUser, journal: PageJournalDep) -> dict[str, object]:
        return {"email": user.email, "events": journal.count()}

    @app.get("/missing-page")
    def missing() -> None:
        from twitchcheck.adapters.web.problems import Problem

        raise Problem(404, "no such page")

    def render(_request: Request, status: int, detail: str | None) -> Response:
        return HTMLResponse(f"<h1>{status}</h1><p>{detail}</p>", status_code=status)

    app.state.render_page_error = render
    return TestClient(app, base_url="http://localhost", follow_redirects=False)


def test_a_page_redirects_to_sign_in_and_back(tmp_path: Path) -> None:
    with _app(tmp_path) as client:
        response = client.get("/journal-page?week=2")
        assert response.status_code == 303
        assert response.headers["location"] == "/signin?next=%2Fjournal-page%3Fweek%3D2"
        client.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD})
        assert client.get("/journal-page").json() == {"email": "a@example.org", "events": 0}


def test_pages_get_their_own_error_pages_and_the_api_problem_json(tmp_path: Path) -> None:
    with _app(tmp_path) as client:
        page = client.get("/missing-page")
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        api = client.get("/api/v1/nothing")
        assert api.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/journal?week=2", "/journal?week=2"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
     ("/\\evil.example", "/"), (None, "/"), ("", "/"), ("journal", "/")],
)  # fmt: skip
def test_safe_next(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe
