"""The journal pages: quick forms, the timeline with edit/delete/undo, and the status page."""

from __future__ import annotations

import re
from typing import Any

from tests.adapters.web.pages.conftest import Pages


def log(pages: Pages, kind: str, fields: list[tuple[str, str]]) -> Any:
    return pages.post(f"/journal/log/{kind}", [*fields, ("when", "now")])


def test_logging_a_twitch_shows_it_in_the_timeline(single: Pages) -> None:
    response = log(single, "twitch", [("regions", "calf"), ("side", "left")])
    assert response.status_code == 303
    page = single.get("/journal?done=logged").text
    assert "Logged." in page
    assert "Twitching in calf (left)" in page


def test_a_bad_entry_names_the_field_keeps_the_input_and_writes_nothing(single: Pages) -> None:
    response = log(single, "workout", [("duration_min", "forty"), ("rpe", "7")])
    assert response.status_code == 422
    text = response.text
    assert 'href="#log-workout-duration_min"' in text
    assert "is not a number" in text
    assert 'value="7"' in text
    assert "Nothing logged yet." in text


def test_a_value_out_of_bounds_is_refused_by_the_event_model(single: Pages) -> None:
    response = log(single, "sleep", [("hours", "30")])
    assert response.status_code == 422
    assert 'id="log-sleep-hours-error"' in response.text


def test_a_future_moment_is_refused(single: Pages) -> None:
    response = single.post(
        "/journal/log/sleep", [("hours", "7"), ("when", "custom"), ("at", "2200-01-01T10:00")]
    )
    assert response.status_code == 422
    assert "in the future" in response.text


def test_delete_then_undo_brings_the_entry_back(single: Pages) -> None:
    log(single, "fluid", [("ml", "500")])
    page = single.get("/journal").text
    seq = re.search(r'action="/journal/(\d+)/delete"', page)
    assert seq is not None
    single.post(f"/journal/{seq.group(1)}/delete", {})
    assert "Drank 500 ml" not in single.get("/journal").text
    single.post("/journal/undo", {})
    assert "Drank 500 ml" in single.get("/journal").text


def test_an_entry_can_be_edited(single: Pages) -> None:
    log(single, "caffeine", [("mg", "100")])
    seq = re.search(r'href="/journal/(\d+)/edit"', single.get("/journal").text)
    assert seq is not None
    form = single.get(f"/journal/{seq.group(1)}/edit").text
    at = re.search(r'name="at" id="edit-at" value="([^"]+)"', form)
    assert at is not None
    response = single.post(f"/journal/{seq.group(1)}/edit", [("mg", "200"), ("at", at.group(1))])
    assert response.status_code == 303
    assert "200 mg caffeine" in single.get("/journal").text


def test_the_same_quick_log_twice_is_kept_twice(single: Pages) -> None:
    for _ in range(2):
        assert log(single, "twitch", [("regions", "calf"), ("side", "left")]).status_code == 303
    assert len(re.findall(r'href="/journal/(\d+)/edit"', single.get("/journal").text)) == 2


def test_status_shows_the_assessment_and_the_charts(single: Pages) -> None:
    log(single, "workout", [("duration_min", "60"), ("rpe", "8"), ("worked_regions", "calf")])
    log(single, "twitch", [("regions", "calf")])
    page = single.get("/status").text
    assert "Your plan" in page
    assert "<svg" in page
    assert "Twitch days" in page
    for chart in ("twitch-days", "training-load", "strength", "circumference", "intake"):
        assert f'id="chart-{chart}"' in page  # every chart drew (an empty one says so in words)


def test_a_status_link_cannot_put_words_into_the_emergency_advice(single: Pages) -> None:
    log(single, "twitch", [("regions", "calf")])
    response = single.get("/status?emergency_number=0900-ATTACKER")
    assert response.status_code == 422
    assert "Emergency number" in response.text
    assert "ATTACKER" not in response.text


def test_status_of_an_empty_journal_says_so(single: Pages) -> None:
    response = single.get("/status")
    assert response.status_code == 200
    assert "0 events" in response.text


def test_a_typo_is_refused_until_the_box_says_the_value_is_right(single: Pages) -> None:
    fields = [("test", "grip"), ("side", "left"), ("value", "320")]
    refused = log(single, "strength_test", fields)
    assert refused.status_code == 422
    assert "usual range for grip (2-100 kg)" in refused.text
    assert "tick the box below it" in refused.text
    assert 'value="320"' in refused.text
    assert log(single, "strength_test", [*fields, ("confirm", "yes")]).status_code == 303


def test_logging_dark_urine_shows_the_emergency_at_once_not_a_plain_logged(single: Pages) -> None:
    response = log(single, "symptom", [("symptom", "dark_urine"), ("present", "yes")])
    assert response.status_code == 303
    page = single.get(response.headers["location"]).text
    assert 'class="consequence card level-emergency"' in page
    assert 'role="alert"' in page
    assert "Muscle breakdown" in page or "rhabdomyolysis" in page.lower()
    assert 'href="tel:112"' in page
    assert '<p class="flash" role="status">Logged.</p>' not in page


def test_the_quick_forms_take_the_units_the_cli_takes(single: Pages) -> None:
    assert log(single, "fluid", [("ml", "16 oz")]).status_code == 303
    assert log(single, "caffeine", [("mg", "2 espressos")]).status_code == 303
    assert log(single, "body_mass", [("kg", "154 lb")]).status_code == 303
    when = single.post("/journal/log/sleep", [("hours", "7"), ("when", "custom"), ("at", "-1d")])
    assert when.status_code == 303, when.text
    page = single.get("/journal").text
    assert "Drank 473 ml" in page
    assert "126 mg caffeine" in page
    assert "Body weight 69.8 kg" in page  # 154 lb, kept as 69.85 kg
    refused = log(single, "fluid", [("ml", "16 parsecs")])
    assert refused.status_code == 422
    assert "not a unit of volume" in refused.text
