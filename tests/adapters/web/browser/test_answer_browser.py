"""The plain answer, the ALS/MND note, folded sources and the call button, on a phone in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.adapters.web.browser.conftest import Server, _serve, axe_violations, shot

PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
EMERGENCY = "crushing chest pain after my run and my calves twitch"


@pytest.fixture(scope="module")
def unset_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The single-user app with no emergency number configured."""
    yield from _serve(tmp_path_factory.mktemp("unset"))


def _describe(page: Any, text: str) -> None:
    page.get_by_label("What is happening?").fill(text)
    page.get_by_role("button", name="Assess my description").click()
    page.get_by_role("heading", name="Your result").wait_for()


def test_a_calm_result_on_a_phone_leads_with_three_lines_and_folds_its_sources(
    browser: Any, single_server: Server
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{single_server.url}/check")
    _describe(page, "calves twitching since this morning after leg day, no weakness")
    answer = page.locator("dl.answer")
    for label in ("What this most likely is", "What to do now", "What would make it more urgent"):
        assert answer.get_by_text(label).is_visible()
    # The three lines are on the first screen, above the reasons and the plan.
    assert answer.bounding_box()["y"] + answer.bounding_box()["height"] <= 740 * 1.5
    assert answer.bounding_box()["y"] < page.get_by_role("heading", name="Your plan").bounding_box()["y"]
    assert page.get_by_role("heading", name="Worried about ALS/MND?").is_visible()
    sources = page.locator("details#sources")
    assert not sources.evaluate("element => element.open")
    assert not page.locator("ol.sources li").first.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    shot(page, "phone-answer-calm")
    # One tap on a citation opens the sources at the one it names.
    page.locator("dl.answer a.cite").first.click()
    assert sources.evaluate("element => element.open")
    assert page.locator("ol.sources li").first.is_visible()
    shot(page, "phone-answer-sources-open")
    assert axe_violations(page) == []
    context.close()


def test_without_a_configured_number_the_person_chooses_one_and_it_is_remembered(
    browser: Any, unset_server: Server
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{unset_server.url}/check")
    _describe(page, EMERGENCY)
    alert = page.get_by_role("alert")
    for number in ("112", "911", "999", "000"):
        assert alert.locator(f'a[href="tel:{number}"]').is_visible()
    shot(page, "phone-emergency-choice")
    assert axe_violations(page) == []
    # Tapping a number remembers it (a phone would dial; here the dialling is stopped).
    page.evaluate("() => document.addEventListener('click', event => event.preventDefault())")
    alert.locator('a[href="tel:911"]').click()
    page.goto(f"{unset_server.url}/check")
    assert page.locator("#emergency_number").input_value() == "911"
    _describe(page, EMERGENCY)
    alert = page.get_by_role("alert")
    assert alert.locator('a[href="tel:911"]').is_visible()
    assert alert.locator('a[href="tel:112"]').count() == 0
    assert "Call 911 now." in page.locator("dl.answer").inner_text()
    shot(page, "phone-emergency-remembered")
    context.close()


def test_a_number_typed_for_the_questions_is_carried_to_the_description_form(
    browser: Any, unset_server: Server
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{unset_server.url}/check")
    page.fill("#emergency_number", "999")  # typed in the questions form, then the description is used
    _describe(page, EMERGENCY)
    alert = page.get_by_role("alert")
    assert alert.locator('a[href="tel:999"]').is_visible()
    assert page.locator("[data-call-choice]").count() == 0
    context.close()
