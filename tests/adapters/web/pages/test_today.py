"""The "today" check-in: one form, all the day's events in one call, all or nothing, safe to send twice."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.adapters.web.pages.conftest import Pages
from twitchcheck.text.presets import checkin_presets


def checkin_id(pages: Pages) -> str:
    page = pages.get("/today").text
    match = re.search(r'name="checkin_id" value="([0-9a-f-]{36})"', page)
    assert match is not None
    assert "data-offline" in page
    return match.group(1)


def send(pages: Pages, cid: str, fields: list[tuple[str, str]]) -> Any:
    return pages.post("/today", [("checkin_id", cid), *fields])


FULL = [
    ("twitching", "yes"),
    ("regions", "calf"),
    ("regions", "eyelid"),
    ("severity", "3"),
    ("stress", "4"),
    ("sleep", "6.5"),
    ("drinks", "espresso"),
    ("drinks", "water_500"),
    ("medicines", "magnesium"),
    ("other_medicine", "ibuprofen"),
    ("note", "after leg day"),
]


def timeline(pages: Pages) -> str:
    text: str = pages.get("/journal").text
    return text


def test_a_full_check_in_stores_every_event_and_says_so_in_words(single: Pages) -> None:
    cid = checkin_id(single)
    response = send(single, cid, FULL)
    assert response.status_code == 303
    assert response.headers["location"] == f"/today?logged={cid}"
    page = single.get(response.headers["location"]).text
    assert "Logged" in page
    assert "calf" in page.lower()
    assert "eyelid" in page.lower()
    assert "63 mg" in page  # the espresso's caffeine
    assert "500 ml" in page
    assert "magnesium" in page.lower()
    assert "ibuprofen" in page.lower()
    assert "ibuprofen" in timeline(single).lower()


def test_sending_the_same_check_in_twice_stores_it_once(single: Pages) -> None:
    cid = checkin_id(single)
    first = send(single, cid, FULL)
    again = send(single, cid, FULL)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    page = single.get(first.headers["location"]).text
    items = re.findall(r"<li>([^<]*)</li>", page.split('id="logged-title"')[1].split("</ul>")[0])
    assert len(items) == len(set(items)) == 8  # twitch, stress, sleep, 2 fluids, caffeine, 2 medicines
    assert timeline(single).lower().count("ibuprofen") == 1


def test_one_bad_field_shows_the_form_again_by_that_field_and_stores_nothing(single: Pages) -> None:
    cid = checkin_id(single)
    bad = [(k, v) for k, v in FULL if k != "sleep"] + [("sleep", "30")]
    response = send(single, cid, bad)
    assert response.status_code == 422
    assert 'href="#today-sleep"' in response.text
    assert "nothing was logged" in response.text
    assert 'value="ibuprofen"' in response.text  # what was typed is kept
    assert "ibuprofen" not in timeline(single)
    words = send(single, cid, [*FULL[:-4], ("sleep", "lots")])
    assert words.status_code == 422
    assert "is not a number of hours" in words.text


def test_twitching_yes_without_a_place_is_named_and_no_logs_nothing_about_twitching(single: Pages) -> None:
    cid = checkin_id(single)
    response = send(single, cid, [("twitching", "yes"), ("stress", "2")])
    assert response.status_code == 422
    assert 'href="#today-regions"' in response.text
    response = send(single, cid, [("twitching", "no"), ("stress", "2")])
    assert response.status_code == 303
    page = single.get(response.headers["location"]).text
    logged = page.split('id="logged-title"')[1].split("</ul>")[0]
    assert "twitch" not in logged.lower()
    assert "stress" in logged.lower()


def test_an_empty_check_in_says_so_by_the_field(single: Pages) -> None:
    response = send(single, checkin_id(single), [])
    assert response.status_code == 422
    assert "nothing to log yet" in response.text.lower()
    assert 'href="#today-twitching"' in response.text


def test_a_forged_or_missing_check_in_id_is_refused_not_a_500(single: Pages) -> None:
    response = single.post("/today", [("checkin_id", "x"), ("stress", "2")])
    assert response.status_code == 422
    assert "reload the page" in response.text
    fields = [("stress", "9"), ("drinks", "absinthe"), ("day", "soon")]
    fields += [("twitching", "yes"), ("regions", "calf"), ("severity", "35")]
    odd = send(single, str(uuid.uuid4()), fields)
    assert odd.status_code == 422
    for name in ("stress", "drinks", "day", "severity"):
        assert f'href="#today-{name}"' in odd.text


def test_every_caffeine_preset_cites_a_known_source(single: Pages) -> None:
    from twitchcheck.knowledge import load_knowledge

    sources = load_knowledge().sources
    caffeinated = [d for d in checkin_presets().drinks if d.caffeine_mg is not None]
    assert caffeinated
    for drink in caffeinated:
        assert drink.references
        assert all(r.source in sources for r in drink.references)
    page = single.get("/today").text
    assert "Where the caffeine figures come from" in page
    assert "Mayo Clinic" in page


def test_the_same_check_in_id_with_other_answers_is_refused_whole_not_a_500(single: Pages) -> None:
    cid = checkin_id(single)
    assert send(single, cid, [("stress", "2")]).status_code == 303
    changed = send(single, cid, [("stress", "5"), ("sleep", "7")])
    assert changed.status_code == 422
    assert "nothing was logged" in changed.text
    assert "Slept 7 h" not in timeline(single)


def test_the_check_in_is_linked_from_the_navigation_the_journal_and_the_status(single: Pages) -> None:
    assert '<a href="/today">Today</a>' in single.get("/check").text
    for page in ("/journal", "/status"):
        assert '<a href="/today">Log today</a>' in single.get(page).text
