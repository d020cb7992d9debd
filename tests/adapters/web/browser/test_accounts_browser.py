"""Accounts, journal and coach in a real browser: sign up/in/out, log and see the chart, privacy, coach."""

from __future__ import annotations

from typing import Any

from tests.adapters.web.browser.conftest import Server, axe_violations, shot

PASSWORD = "correct horse battery"


def _sign_up(page: Any, server: Server, email: str) -> None:
    page.goto(f"{server.url}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Journal").wait_for()


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out", exact=True).click()  # not "Sign out everywhere"
    page.get_by_role("heading", name="Sign in").wait_for()


def _sign_in(page: Any, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _log_twitch(page: Any, note: str = "") -> None:
    page.locator("#log-twitch summary").click()
    page.locator("#log-twitch-regions-calf").check()
    if note:
        page.locator("#log-twitch-note").fill(note)
    page.get_by_role("button", name="Log twitch").click()
    page.get_by_text("Logged.").wait_for()


def test_sign_up_log_see_the_chart_sign_out_and_in(browser: Any, accounts_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    _sign_up(page, accounts_server, "ana@example.org")
    page.locator("#log-workout summary").click()
    page.locator("#log-workout-duration_min").fill("60")
    page.locator("#log-workout-rpe").fill("8")
    page.locator("#log-workout-worked_regions-calf").check()
    page.get_by_role("button", name="Log workout").click()
    page.get_by_text("Logged.").wait_for()
    _log_twitch(page)
    shot(page, "journal-timeline")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Status").first.click()
    page.locator("#chart-twitch-days svg").wait_for()
    shot(page, "status-charts")
    assert axe_violations(page) == []
    page.goto(f"{accounts_server.url}/account")
    shot(page, "account")
    assert axe_violations(page) == []
    _sign_out(page)
    page.goto(f"{accounts_server.url}/journal")
    page.get_by_role("heading", name="Sign in").wait_for()  # signed out: the journal asks to sign in
    _sign_in(page, "ana@example.org")
    page.get_by_role("heading", name="Journal").wait_for()
    assert page.get_by_role("cell", name="Twitching in calf").is_visible()
    shot(page, "signed-in-again")
    context.close()


def test_a_second_user_cannot_see_the_first_users_data(browser: Any, accounts_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    _sign_up(page, accounts_server, "first@example.org")
    _log_twitch(page, note="first's private note")
    _sign_out(page)
    _sign_up(page, accounts_server, "second@example.org")
    assert page.get_by_text("Nothing logged yet.").is_visible()
    assert page.get_by_text("private note").count() == 0
    page.goto(f"{accounts_server.url}/status")
    assert page.get_by_text("private note").count() == 0
    shot(page, "second-user")
    context.close()


def test_a_coach_sees_only_what_was_shared(browser: Any, accounts_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    _sign_up(page, accounts_server, "coach@example.org")
    _sign_out(page)
    _sign_up(page, accounts_server, "athlete@example.org")
    _log_twitch(page, note="athlete's private note")
    page.goto(f"{accounts_server.url}/account")
    page.get_by_label("Coach's email").fill("coach@example.org")
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_text("they see your status once they accept").wait_for()
    _sign_out(page)
    _sign_up(page, accounts_server, "other@example.org")  # logs a twitch but shares nothing
    _log_twitch(page)
    _sign_out(page)
    _sign_in(page, "coach@example.org")
    page.goto(f"{accounts_server.url}/coach")
    page.get_by_role("heading", name="Asking to share with you").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accept athlete@example.org").click()
    page.get_by_text("Accepted: that person's status is shown below.").wait_for()
    assert page.get_by_role("heading", name="athlete@example.org").is_visible()
    assert page.get_by_role("heading", name="other@example.org").count() == 0
    assert page.get_by_text("private note").count() == 0
    assert page.get_by_text("Level:").first.is_visible()
    shot(page, "coach-view")
    assert axe_violations(page) == []
    context.close()


def _middle(box: dict[str, float]) -> float:
    return box["y"] + box["height"] / 2


def test_on_a_phone_sign_out_sits_on_the_line_of_the_other_links(
    browser: Any, accounts_server: Server
) -> None:
    """At 390 px the header wraps; "Sign out" (a button in a form, for the CSRF token) lines up with
    "Account" beside it, as the links do, and keeps a finger-sized target."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _sign_up(page, accounts_server, "phone@example.org")
    header = page.locator(".site-header nav")
    account = header.get_by_role("link", name="Account").bounding_box()
    sign_out = header.get_by_role("button", name="Sign out").bounding_box()
    shot(page, "header-phone")
    assert abs(_middle(sign_out) - _middle(account)) <= 1, (account, sign_out)
    assert sign_out["height"] >= 24  # WCAG 2.2 target size (minimum)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    context.close()
