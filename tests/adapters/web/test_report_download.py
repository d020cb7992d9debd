"""The doctor's report from the web: GET /api/v1/report and the status page's download, only one's own."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.adapters.web.conftest import ClientFactory

EVENTS = [
    {"type": "workout", "at": "2026-11-01T18:00", "kind": "strength", "duration_min": 60, "rpe": 8,
     "worked_regions": ["calf", "hamstring"]},
    {"type": "twitch", "at": "2026-11-01T21:00", "regions": ["calf"], "side": "left"},
    {"type": "twitch", "at": "2026-11-03T08:00", "regions": ["calf"], "side": "left"},
    {"type": "strength_test", "at": "2026-11-02T09:00", "test": "grip", "side": "left", "value": 41},
]  # fmt: skip


def test_the_report_downloads_as_a_pdf_that_holds_the_journal(
    client_for: ClientFactory, tmp_path: Path
) -> None:
    alice = client_for("alice@example.org")
    assert alice.post("/api/v1/events", json=EVENTS).status_code == 201
    response = alice.get("/api/v1/report")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="twitchcheck-report-')
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "calves" in text.lower()
    assert "41" in text  # the grip reading


def test_the_report_as_html_and_from_the_status_page(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=EVENTS)
    html = alice.get("/api/v1/report", params={"format": "html", "from": "2026-10-20", "to": "2026-11-05"})
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "calves" in html.text.lower()
    status = alice.get("/status")
    assert 'action="/journal/report"' in status.text
    download = alice.get("/journal/report", params={"format": "pdf"})
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-")


def test_a_report_is_only_ever_of_ones_own_journal(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=EVENTS)
    bob = client_for("bob@example.org")
    response = bob.get("/api/v1/report", params={"format": "html"})
    assert response.status_code == 409  # Bob logged nothing: there is no report, and never Alice's
    assert response.headers["content-type"] == "application/problem+json"
    assert client_for().get("/api/v1/report").status_code == 401


def test_a_reversed_window_names_from(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=EVENTS)
    response = alice.get("/api/v1/report", params={"from": "2026-11-05", "to": "2026-11-01"})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.from"]
    too_long = alice.get("/api/v1/report", params={"from": "0001-01-01"})
    assert too_long.status_code == 422
    assert [error["field"] for error in too_long.json()["errors"]] == ["query.from"]
    bad_date = alice.get("/api/v1/report", params={"from": "yesterday-ish"})
    assert bad_date.status_code == 422
    page = alice.get("/journal/report", params={"from": "2026-11-05", "to": "2026-11-01"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")


def test_the_status_page_button_with_blank_dates_downloads_the_default_window(
    client_for: ClientFactory,
) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=EVENTS)
    download = alice.get("/journal/report?from=&to=&format=pdf")
    assert download.status_code == 200, download.text
    assert download.content.startswith(b"%PDF-")


def test_a_bad_date_on_the_status_page_button_is_a_readable_page(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=EVENTS)
    page = alice.get("/journal/report", params={"from": "yesterday-ish", "to": "", "format": "pdf"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "From" in page.text
    assert "yesterday-ish" in page.text
    assert "Please check what you entered" in page.text
