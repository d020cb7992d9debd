"""Email verification and "forgot password" in a real browser, with a real SMTP server: the banner after
sign-up, the forgot-password form and its answer, the emailed link's new-password form, and a used link's
page; each looked at (screenshots) and checked with axe (issue 17)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest

from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from tests.adapters.web.browser.conftest import Server, _serve, axe_violations, shot
from twitchcheck.adapters.notify.email import EmailSettings

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Mailbox]]:
    port = free_port()
    with smtp_server(port, Mailbox()) as mailbox:
        settings = EmailSettings.from_env(
            {
                "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
                "TWITCHCHECK_SMTP_FROM": "accounts@twitchcheck.test",
                "TWITCHCHECK_PUBLIC_URL": "http://link.invalid",  # the tests open the path on the server
            }
        )
        for server in _serve(tmp_path_factory.mktemp("email"), email=settings, accounts=True):
            yield server, mailbox


def _email(mailbox: Mailbox, subject: str) -> Message:
    for _ in range(200):
        found = [message for message in mailbox.received if message["Subject"] == subject]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError(f"no email {subject!r} arrived")


def _link_path(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"http://link\.invalid(/\S+)", payload.decode())
    assert found is not None
    return found.group(1)


def test_the_banner_the_forgot_password_pages_and_the_link(
    browser: Any, mail_server: tuple[Server, Mailbox]
) -> None:
    server, mailbox = mail_server
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/signup")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Confirm your email").wait_for()
    shot(page, "confirm-email-banner")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the link again").click()
    page.get_by_text("A new link to confirm your email is on its way.").wait_for()
    page.goto(server.url + _link_path(_email(mailbox, "twitchcheck: confirm your email")))
    page.get_by_role("heading", name="Confirm your email").wait_for()  # the page: opening it confirms nothing
    assert page.get_by_role("button", name="Send the link again").count() == 0  # no banner on it
    shot(page, "confirm-email-page")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm my email").click()
    page.get_by_role("heading", name="Your email is confirmed").wait_for()
    assert page.get_by_role("heading", name="Confirm your email").count() == 0

    stranger = browser.new_context().new_page()
    stranger.goto(f"{server.url}/signin")
    stranger.get_by_role("link", name="Forgot your password?").click()
    stranger.get_by_role("heading", name="Forgot your password").wait_for()
    shot(stranger, "forgot-password")
    assert axe_violations(stranger) == []
    stranger.get_by_label("Email").fill("sam@example.org")
    stranger.get_by_role("button", name="Send me a link").click()
    stranger.locator("#sent").wait_for()
    assert axe_violations(stranger) == []
    link = _link_path(_email(mailbox, "twitchcheck: set a new password"))
    stranger.goto(server.url + link)
    stranger.get_by_role("heading", name="Choose a new password").wait_for()
    shot(stranger, "forgot-password-new")
    assert axe_violations(stranger) == []
    stranger.get_by_label("New password").fill("a brand new password")
    stranger.get_by_role("button", name="Set the new password").click()
    stranger.get_by_text("Your new password is set: sign in with it.").wait_for()
    stranger.goto(server.url + link)
    stranger.get_by_role("heading", name="This link does not work any more").wait_for()
    shot(stranger, "link-used")
    assert axe_violations(stranger) == []
