"""The "today" check-in in a real browser: the body map by clicking and by keyboard only, on a phone and a
desktop; what was logged, in words; no horizontal scrolling; axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.web.browser.conftest import Server, axe_violations, shot

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _open(browser: Any, server: Server, size: str) -> tuple[Any, Any]:
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(f"{server.url}/today")
    return context, page


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_check_in_by_tapping_the_body_map(browser: Any, single_server: Server, size: str) -> None:
    context, page = _open(browser, single_server, size)
    assert axe_violations(page) == []
    _no_sideways_scroll(page)
    page.get_by_role("radio", name="Yes").check()
    # A tap on a region of the map (its label) ticks its checkbox.
    page.get_by_role("group", name="Front of the body").locator("label", has_text="Shins").click()
    page.get_by_role("group", name="Back of the body").locator("label", has_text="Calves").click()
    assert page.get_by_role("checkbox", name="Calves").is_checked()
    page.get_by_role("group", name="How much?").get_by_role("radio", name="3: moderate").check()
    page.get_by_role("group", name="Stress").get_by_role("radio", name="4: high").check()
    page.get_by_label("Last night's sleep (hours)").fill("6")
    page.get_by_role("checkbox", name="Espresso (30 ml): about 63 mg caffeine").click()
    page.get_by_role("checkbox", name="Magnesium", exact=True).click()
    page.get_by_label("Note").fill("after leg day")
    shot(page, f"today-filled-{size}")
    page.get_by_role("button", name="Log today").click()
    logged = page.locator(".today-logged")
    text = logged.inner_text().lower()
    for words in ("calf", "shin", "3 of 5", "stress 4 of 5", "slept 6 h", "63 mg caffeine", "magnesium"):
        assert words in text, words
    _no_sideways_scroll(page)
    assert axe_violations(page) == []
    shot(page, f"today-logged-{size}")
    context.close()


def test_a_check_in_by_keyboard_only(browser: Any, single_server: Server) -> None:
    context, page = _open(browser, single_server, "phone")
    yes = page.get_by_role("radio", name="Yes")
    yes.focus()
    page.keyboard.press("Space")
    assert yes.is_checked()
    calf = page.get_by_role("checkbox", name="Calves")
    # From the twitching question, Tab walks the body map's checkboxes in order; Space ticks the focused one.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "calf":
            break
    page.keyboard.press("Space")
    assert calf.is_checked()
    page.keyboard.press("Tab")  # to the 0-5 scale: arrows move along it
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("group", name="How much?").get_by_role("radio", name="2: mild").is_checked()
    shot(page, "today-keyboard-phone")
    page.get_by_role("button", name="Log today").focus()
    page.keyboard.press("Enter")
    text = page.locator(".today-logged").inner_text().lower()
    assert "twitching in calf" in text  # the journal's words for the region
    assert "2 of 5" in text
    context.close()


def test_a_bad_field_is_named_on_the_page_and_nothing_is_logged(browser: Any, single_server: Server) -> None:
    context, page = _open(browser, single_server, "phone")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Last night's sleep (hours)").fill("lots")
    page.get_by_role("button", name="Log today").click()
    summary = page.locator(".error-summary")
    assert "nothing was logged" in summary.inner_text().lower()
    assert "choose at least one place" in page.locator("#today-regions").inner_text().lower()
    assert "not a number of hours" in page.inner_text("form.today").lower()
    assert axe_violations(page) == []
    shot(page, "today-error-phone")
    context.close()
