"""The check in a real browser: by clicking (with and without JavaScript), an emergency, a phone, axe-core."""

from __future__ import annotations

from typing import Any

from tests.adapters.web.browser.conftest import Server, axe_violations, shot


def _answer_required(page: Any) -> None:
    page.get_by_label("calves").check()
    page.fill("#twitch-duration_days", "1")
    page.get_by_role("button", name="Next").click()


def _chest_pain(page: Any) -> None:
    page.locator('input[name="q:symptoms.chest_pain"][value="yes"]').check()
    page.get_by_role("button", name="Next").click()


def test_a_check_by_clicking_ends_at_once_in_an_emergency(browser: Any, single_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{single_server.url}/check")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("button", name="Start the questions").click()
    page.get_by_role("heading", name="Check: Twitch").wait_for()
    _answer_required(page)
    page.get_by_role("heading", name="Check: Warning signs").wait_for()
    _chest_pain(page)
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.locator('a[href="tel:112"]').is_visible()
    assert page.evaluate("() => window.__sameDocument === true")  # steps swapped in by fetch, no reload
    assert page.get_by_role("heading", name="Sources").is_visible()
    shot(page, "check-emergency-js")
    assert axe_violations(page) == []
    context.close()


def test_the_check_works_without_javascript(browser: Any, single_server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{single_server.url}/check")
    page.get_by_role("button", name="Start the questions").click()
    page.get_by_role("button", name="Next").click()  # nothing ticked: the required question says so
    page.locator(".error-summary").wait_for()
    assert page.locator("#twitch-regions-error").is_visible()
    shot(page, "check-error-nojs")
    _answer_required(page)
    page.get_by_role("heading", name="Check: Warning signs").wait_for()
    page.get_by_role("button", name="Back").click()
    page.get_by_role("heading", name="Check: Twitch").wait_for()
    assert page.get_by_label("calves").is_checked()
    page.get_by_role("button", name="Next").click()
    _chest_pain(page)
    page.get_by_role("alert").wait_for()
    shot(page, "check-emergency-nojs")
    context.close()


def test_a_described_twitch_on_a_phone(browser: Any, single_server: Server) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{single_server.url}/check")
    shot(page, "phone-start")
    page.get_by_label("What is happening?").fill(
        "calves twitching since yesterday after leg day, no weakness"
    )
    page.get_by_role("button", name="Assess my description").click()
    page.get_by_role("heading", name="Your result").wait_for()
    assert page.get_by_role("heading", name="Your plan").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    shot(page, "phone-result")
    assert axe_violations(page) == []
    context.close()


def test_the_start_page_has_no_serious_accessibility_problems(browser: Any, single_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{single_server.url}/check")
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start the questions").click()
    page.get_by_role("heading", name="Check: Twitch").wait_for()
    assert axe_violations(page) == []
    context.close()
