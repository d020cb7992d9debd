"""Exports through the API and the journal page: the same import as the CLI, all or nothing, body limits."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from tests.adapters.imports.samples import CET, Health, apple_zip
from twitchcheck.adapters.web import create_app
from twitchcheck.adapters.web.settings import Settings

EVENING = datetime(2026, 11, 2, 18, 30, tzinfo=CET)
EXPORT = apple_zip(
    Health().workout("Running", EVENING, 45, km=8.4).water(EVENING + timedelta(hours=1), 500).xml()
)
HEADERS = {"content-type": "application/zip", "x-requested-with": "fetch"}


def client(tmp_path: object, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(database=f"{tmp_path}/journal.db", **settings)))


def test_the_api_imports_an_export_once(tmp_path: object) -> None:
    with client(tmp_path) as api:
        first = api.post("/api/v1/events/import?filename=export.zip", content=EXPORT, headers=HEADERS)
        assert first.status_code == 201, first.text
        body = first.json()
        assert (body["format"], body["added"]) == ("apple_health", 2)
        assert body["by_type"]["workout"]["added"] == 1
        again = api.post("/api/v1/events/import", content=EXPORT, headers=HEADERS)
        assert (again.json()["added"], again.json()["already_there"]) == (0, 2)
        only = api.post("/api/v1/events/import?only=steps", content=EXPORT, headers=HEADERS)
        assert only.status_code == 422
        assert len(api.get("/api/v1/events").json()) == 2


def test_a_bad_export_is_a_422_naming_the_place_and_a_big_one_a_413(tmp_path: object) -> None:
    with client(tmp_path, max_body_bytes=len(EXPORT) + 100) as api:
        cut = api.post("/api/v1/events/import?filename=export.zip", content=EXPORT[:-200], headers=HEADERS)
        assert cut.status_code == 422
        assert "export.zip" in cut.json()["detail"]
        big = api.post("/api/v1/events/import", content=EXPORT + b"\0" * 200, headers=HEADERS)
        assert big.status_code == 413
        assert api.get("/api/v1/events").json() == []


def test_the_journal_page_uploads_an_export(tmp_path: object) -> None:
    with client(tmp_path) as page:
        form = page.get("/journal")
        assert 'action="/journal/import"' in form.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        files = {"file": ("export.zip", EXPORT, "application/zip")}
        done = page.post(
            "/journal/import", data={"csrf_token": token.group(1), "only": ["workouts"]}, files=files
        )
        assert done.status_code == 200
        assert "Imported 1 new entry; 0 already in your journal." in done.text
        bad = page.post(
            "/journal/import",
            data={"csrf_token": token.group(1)},
            files={"file": ("notes.zip", b"PK\x03\x04junk", "application/zip")},
        )
        assert bad.status_code == 422
        assert "notes.zip" in bad.text
        assert "nothing was imported" in bad.text.lower()
