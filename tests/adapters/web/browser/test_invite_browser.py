"""Invite-only sign-up in a real browser: the page says invitations are needed, the link fills the code, a
wrong code is named by its field, and the right one signs up (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine

from tests.adapters.web.browser.conftest import Server, _serve, axe_violations, shot
from twitchcheck.adapters.storage import accounts

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def invite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    tmp = tmp_path_factory.mktemp("invite")
    for server in _serve(tmp, accounts=True, registration="invite"):
        engine = create_engine(f"sqlite:///{tmp / 'web.db'}")
        _, code = accounts.issue_invitation(engine, "sam@example.org", datetime.now(UTC), timedelta(days=1))
        engine.dispose()
        yield server, code


def test_an_invitation_link_fills_the_code_and_signs_up(
    browser: Any, invite_server: tuple[Server, str]
) -> None:
    server, code = invite_server
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/signup?invite={code}")
    page.get_by_text("This server is invite-only").wait_for()
    assert page.get_by_label("Invitation code").input_value() == code
    page.get_by_label("Email").fill("kim@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.locator("#invite-error").wait_for()
    shot(page, "signup-invite-wrong-email")
    assert axe_violations(page) == []
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Journal").wait_for()
