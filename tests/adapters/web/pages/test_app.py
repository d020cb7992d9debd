"""The installable app: manifest, service worker, offline page, and logging a form twice (stored once)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.adapters.web.pages.conftest import Pages


def events(pages: Pages) -> list[dict[str, Any]]:
    answer = pages.get("/api/v1/events")
    assert answer.status_code == 200
    body = answer.json()
    items: list[dict[str, Any]] = body["events"] if isinstance(body, dict) else body
    return items


def test_the_manifest_makes_the_site_installable(single: Pages) -> None:
    answer = single.get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["short_name"] == "twitchcheck"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/journal"
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512"}
    for size, src in sizes.items():
        icon = single.get(src)
        assert icon.status_code == 200
        assert icon.headers["content-type"] == "image/png"
        width = int.from_bytes(icon.content[16:20], "big")  # the PNG's IHDR
        assert f"{width}x{width}" == size
    assert '<link rel="manifest" href="/manifest.webmanifest">' in single.get("/journal").text


def test_the_service_worker_is_served_from_the_root_and_never_cached(single: Pages) -> None:
    answer = single.get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["service-worker-allowed"] == "/"
    assert answer.headers["cache-control"] == "no-store"
    assert "caches.open" in answer.text


def test_the_offline_page_is_plain_and_the_same_for_everyone(multi: Pages) -> None:
    answer = multi.get("/offline")
    assert answer.status_code == 200
    plain = "You are offline: what you log is kept on this phone and sent when you are back online"
    assert plain in answer.text
    assert "Signed in" not in answer.text


def test_the_offline_page_offers_the_check_in_with_nothing_personal_even_when_signed_in(multi: Pages) -> None:
    from tests.adapters.web.pages.test_accounts import signup

    signup(multi, "ana@example.org")
    assert "ana@example.org" in multi.get("/today").text  # the personal page says who is signed in
    token = multi.csrf()
    answer = multi.get("/offline")
    assert answer.status_code == 200
    page = answer.text
    assert "ana@example.org" not in page
    assert token not in page
    assert re.findall(r'name="csrf_token" value="([^"]*)"', page) == [""]
    assert "alert-banner" not in page
    assert "Sign out" not in page
    # The day's check-in form, kept on the phone when submitted offline; its id and day are the phone's.
    form = re.search(r'<form method="post" action="/today"[^>]*>', page)
    assert form is not None
    assert "data-offline" in form.group(0)
    assert 'name="checkin_id" value=""' in page
    assert 'name="day" value=""' in page
    assert 'name="twitching" value="yes"' in page
    assert 'name="regions" value="calf"' in page
    assert multi.get("/offline").text == page  # the same for everyone, every time


def test_personal_pages_stay_no_store(single: Pages) -> None:
    assert single.get("/journal").headers["cache-control"] == "no-store"


def test_each_quick_form_carries_its_own_client_id(single: Pages) -> None:
    page = single.get("/journal").text
    ids = re.findall(r'name="client_id" value="([0-9a-f-]{36})"', page)
    assert len(ids) >= 3
    assert len(set(ids)) == len(ids)
    assert page.count("data-offline") >= len(ids)


def test_a_form_sent_twice_is_stored_once(single: Pages) -> None:
    client_id = str(uuid.uuid4())
    form = [("regions", "calf"), ("side", "left"), ("when", "now"), ("client_id", client_id)]
    first = single.post("/journal/log/twitch", form)
    assert first.status_code == 303
    again = single.post("/journal/log/twitch", form)
    assert again.status_code == 303
    assert again.headers["location"] == "/journal?done=logged"
    stored = events(single)
    assert len(stored) == 1
    assert stored[0]["event"]["id"] == f"web-{client_id}"


def test_a_resend_with_a_later_time_is_still_stored_once(single: Pages) -> None:
    client_id = str(uuid.uuid4())
    single.post("/journal/log/sleep", [("hours", "7"), ("when", "now"), ("client_id", client_id)])
    again = single.post("/journal/log/sleep", [("hours", "7"), ("when", "-1h"), ("client_id", client_id)])
    assert again.status_code == 303
    assert len(events(single)) == 1


def test_forms_without_client_id_still_log_each_time(single: Pages) -> None:
    for _ in range(2):
        assert single.post("/journal/log/sleep", [("hours", "7"), ("when", "now")]).status_code == 303
    assert len(events(single)) == 2


def test_a_made_up_client_id_is_refused_by_name(single: Pages) -> None:
    answer = single.post("/journal/log/sleep", [("hours", "7"), ("when", "now"), ("client_id", "'; drop")])
    assert answer.status_code == 422
    assert "Entry id" in answer.text
    assert events(single) == []
