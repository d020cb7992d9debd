"""The alerts banner: on every page until the person marks it seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.adapters.web.pages.conftest import Pages


def _log_dark_urine(pages: Pages) -> None:
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="minutes")
    events = [
        {"type": "twitch", "at": at, "regions": ["calf"]},
        {"type": "symptom", "at": at, "symptom": "dark_urine", "present": True},
    ]
    assert pages.client.post("/api/v1/events", json=events).status_code == 201


def test_the_banner_shows_on_every_page_until_seen(single: Pages) -> None:
    assert "alert-banner" not in single.get("/check").text
    _log_dark_urine(single)
    for path in ("/check", "/journal", "/status"):
        page = single.get(path).text
        assert 'class="alert-banner"' in page, path
        assert "Your journal needs attention" in page
        assert "New warning sign: Possible exertional rhabdomyolysis" in page
    (alert,) = single.client.get("/api/v1/alerts").json()["alerts"]
    seen = single.post("/alerts/seen", [("id", str(alert["id"])), ("next", "/journal")])
    assert seen.status_code == 303
    assert seen.headers["location"] == "/journal"
    assert "alert-banner" not in single.get("/journal").text
    assert single.client.get("/api/v1/alerts").json()["alerts"][0]["seen"] is True


def test_marking_seen_needs_the_csrf_token_and_goes_back_only_to_this_site(single: Pages) -> None:
    _log_dark_urine(single)
    (alert,) = single.client.get("/api/v1/alerts").json()["alerts"]
    refused = single.client.post(
        "/alerts/seen",
        content=f"id={alert['id']}",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert refused.status_code == 403
    assert "alert-banner" in single.get("/check").text
    away = single.post("/alerts/seen", [("id", "abc"), ("next", "//evil.example")])
    assert away.headers["location"] == "/"


def test_signed_out_there_is_no_banner(multi: Pages) -> None:
    assert "alert-banner" not in multi.get("/check").text
