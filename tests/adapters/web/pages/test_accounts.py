"""Accounts pages: sign up, in and out; export and delete; sharing with a coach; single-user mode."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.adapters.web.pages.conftest import Pages

PASSWORD = "correct horse battery"


def signup(pages: Pages, email: str) -> None:
    response = pages.post("/signup", {"email": email, "password": PASSWORD, "zone": "UTC"})
    assert response.status_code == 303, response.text


def signout(pages: Pages) -> None:
    assert pages.post("/signout", {}).status_code == 303


def signin(pages: Pages, email: str, password: str = PASSWORD) -> Any:
    return pages.post("/signin", {"email": email, "password": password, "next": "/journal"})


def test_single_user_mode_has_no_account_pages_and_says_so(single: Pages) -> None:
    assert single.get("/signup").status_code == 404
    assert "Single-user server" in single.get("/check").text


def test_pages_need_a_sign_in_in_accounts_mode(multi: Pages) -> None:
    response = multi.get("/journal")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")


def test_sign_up_in_and_out(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    assert "Signed in as ana@example.org" in multi.get("/journal").text
    signout(multi)
    assert multi.get("/journal").status_code == 303
    assert signin(multi, "ana@example.org").status_code == 303
    assert multi.get("/journal").status_code == 200


def test_page_sessions_last_as_long_as_the_server_is_configured(tmp_path: Path) -> None:
    from sqlalchemy import select

    from tests.adapters.web.pages.conftest import _client
    from twitchcheck.adapters.storage.account_tables import WebSessionRow

    for pages in _client(tmp_path, accounts=True, session_days=2):
        signed_up = pages.post("/signup", {"email": "ana@example.org", "password": PASSWORD, "zone": "UTC"})
        signout(pages)
        signed_in = signin(pages, "ana@example.org")
        for response in (signed_up, signed_in):
            assert response.status_code == 303
            assert "Max-Age=172800" in response.headers["set-cookie"]
        with pages.client.app.state.engine.connect() as connection:  # type: ignore[attr-defined]
            rows = connection.execute(select(WebSessionRow.created_at, WebSessionRow.expires_at)).all()
        assert [row.expires_at - row.created_at for row in rows] == [
            timedelta(days=2)
        ]  # the signed-out one ended


def test_a_wrong_password_is_refused_without_saying_which_field(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    signout(multi)
    response = signin(multi, "ana@example.org", "wrong password")
    assert response.status_code == 401
    assert "Email or password is wrong" in response.text


def test_too_many_tries_show_the_rate_limit_message(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    signout(multi)
    for _ in range(5):
        signin(multi, "ana@example.org", "wrong password")
    response = signin(multi, "ana@example.org")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text


def test_a_bad_sign_up_names_the_field(multi: Pages) -> None:
    response = multi.post("/signup", {"email": "not-an-email", "password": "short"})
    assert response.status_code == 422
    assert 'href="#email"' in response.text
    assert 'href="#password"' in response.text


def test_a_second_user_cannot_see_the_first_users_journal(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    multi.post("/journal/log/twitch", [("regions", "calf"), ("when", "now"), ("note", "ana's secret")])
    assert "ana&#39;s secret" in multi.get("/journal").text
    signout(multi)
    signup(multi, "ben@example.org")
    page = multi.get("/journal").text
    assert "secret" not in page
    assert "Nothing logged yet." in page
    other = multi.get("/journal/1/edit")
    assert other.status_code == 404
    assert "<html" in other.text
    assert multi.post("/journal/1/delete", {}).status_code == 404


def test_export_downloads_everything_stored(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    multi.post("/journal/log/sleep", [("hours", "6"), ("when", "now")])
    response = multi.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "6" in json.dumps(json.loads(response.text))
    assert "ana@example.org" in response.text


def test_delete_needs_the_password_then_removes_the_account(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    response = multi.post("/account/delete", {"password": "nope nope nope"})
    assert response.status_code == 422
    assert "nothing was deleted" in response.text
    assert multi.post("/account/delete", {"password": PASSWORD}).status_code == 303
    assert signin(multi, "ana@example.org").status_code == 401


def test_a_coach_sees_only_level_flags_and_trends_of_who_shared(multi: Pages) -> None:
    signup(multi, "coach@example.org")
    signout(multi)
    signup(multi, "ana@example.org")
    multi.post("/journal/log/twitch", [("regions", "calf"), ("when", "now"), ("note", "private note")])
    multi.post("/journal/log/symptom", [("symptom", "chest_pain"), ("present", "yes"), ("when", "now")])
    assert multi.post("/account/share", {"coach_email": "coach@example.org"}).status_code == 303
    signout(multi)
    signup(multi, "ben@example.org")  # shares nothing
    signout(multi)
    signin(multi, "coach@example.org")
    waiting = multi.get("/coach").text
    assert "Level:" not in waiting  # nothing until the coach accepts
    accept = re.search(r'action="(/coach/people/\d+/accept)"', waiting)
    assert accept is not None
    assert multi.post(accept.group(1), {}).status_code == 303
    page = multi.get("/coach").text
    assert "ana@example.org" in page
    assert "ben@example.org" not in page
    assert "Level:" in page
    assert "private note" not in page
    assert "Your plan" not in page


def test_sharing_with_an_unknown_email_is_refused_by_name(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    response = multi.post("/account/share", {"coach_email": "nobody@example.org"})
    assert response.status_code == 422
    assert 'href="#coach_email"' in response.text


def test_stop_sharing(multi: Pages) -> None:
    signup(multi, "coach@example.org")
    signout(multi)
    signup(multi, "ana@example.org")
    multi.post("/account/share", {"coach_email": "coach@example.org"})
    page = multi.get("/account").text
    assert "coach@example.org" in page
    action = page.split('action="/account/unshare/')[1].split('"')[0]
    multi.post(f"/account/unshare/{action}", {})
    assert "You share with no one." in multi.get("/account").text


def test_password_hashing_never_holds_up_the_other_requests(
    multi: Pages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sign-up, sign-in and deletion hash a password (a quarter of a second with argon2's real cost): on the
    event loop that would stop every other request of the worker meanwhile, so they run in the thread pool."""
    import asyncio

    from twitchcheck.adapters.storage import accounts

    on_loop: dict[str, bool] = {}

    def watched(name: str) -> Any:
        real = getattr(accounts, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                asyncio.get_running_loop()
                on_loop[name] = True
            except RuntimeError:
                on_loop[name] = False
            return real(*args, **kwargs)

        return call

    for name in ("register", "authenticate", "confirm_password"):
        monkeypatch.setattr(accounts, name, watched(name))
    signup(multi, "ana@example.org")
    signout(multi)
    assert signin(multi, "ana@example.org").status_code == 303
    multi.post("/account/delete", {"password": PASSWORD})
    assert on_loop == {"register": False, "authenticate": False, "confirm_password": False}


def test_the_sign_up_form_asks_for_the_length_the_check_enforces(multi: Pages) -> None:
    help_text = re.search(r'id="password-help">([^<]*)<', multi.get("/signup").text)
    assert help_text is not None
    response = multi.post("/signup", {"email": "ana@example.org", "password": "x" * 8})
    error = re.search(r'id="password-error">.*?</span>([^<]*)<', response.text, re.S)
    assert error is not None
    asked = re.findall(r"\d+", help_text.group(1))
    enforced = re.findall(r"\d+", error.group(1))
    assert asked == enforced, (help_text.group(1), error.group(1))


def test_the_not_found_page_shows_a_signed_in_person_as_signed_in(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    page = multi.get("/no-such-page")
    assert page.status_code == 404
    assert "Signed in as ana@example.org" in page.text
    assert 'href="/signin"' not in page.text


def test_the_not_found_page_offers_a_stranger_to_sign_in(multi: Pages) -> None:
    page = multi.get("/no-such-page")
    assert page.status_code == 404
    assert 'href="/signin"' in page.text


def test_the_not_found_page_says_not_found_once(multi: Pages) -> None:
    page = multi.get("/no-such-page")
    assert page.status_code == 404
    main = page.text.split("<main", 1)[-1]
    assert main.lower().count("not found") == 1, main


def test_the_account_page_changes_the_password_and_ends_other_sessions(tmp_path: Path) -> None:
    from tests.adapters.web.pages.conftest import _client

    for pages in _client(tmp_path, accounts=True):
        signup(pages, "ana@example.org")
        other = TestClient(pages.client.app, follow_redirects=False)
        other_pages = Pages(other)
        assert signin(other_pages, "ana@example.org").status_code == 303
        form = pages.get("/account").text
        assert 'action="/account/password"' in form
        assert "after 7 days without use" in form
        wrong = pages.post(
            "/account/password", {"current_password": "x" * 12, "new_password": "new password 123"}
        )
        assert wrong.status_code == 422
        assert 'id="current_password-error"' in wrong.text
        changed = pages.post(
            "/account/password", {"current_password": PASSWORD, "new_password": "new password 123"}
        )
        assert changed.status_code == 303
        assert "Your password is changed" in pages.get(changed.headers["location"]).text
        assert other_pages.get("/journal").status_code == 303  # signed out there
        assert pages.get("/journal").status_code == 200  # still signed in here
        signout(pages)
        assert signin(pages, "ana@example.org").status_code == 401
        assert signin(pages, "ana@example.org", "new password 123").status_code == 303


def test_sign_out_everywhere_from_the_account_page_needs_the_csrf_token(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    forged = multi.client.post(
        "/account/signout-everywhere", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert forged.status_code == 403
    assert multi.get("/journal").status_code == 200
    done = multi.post("/account/signout-everywhere", {})
    assert done.status_code == 303
    assert done.headers["location"] == "/signin"
    assert multi.get("/journal").status_code == 303


def test_deleting_from_the_page_is_limited_as_sign_in_is(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    for _ in range(5):
        assert multi.post("/account/delete", {"password": "x" * 12}).status_code == 422
    limited = multi.post("/account/delete", {"password": PASSWORD})
    assert limited.status_code == 429
    assert "too many failed sign-ins" in limited.text.lower()
    assert multi.get("/journal").status_code == 200  # nothing was deleted


def test_sharing_from_the_page_is_limited_for_emails_that_have_no_account(multi: Pages) -> None:
    signup(multi, "ana@example.org")
    for number in range(10):
        assert multi.post("/account/share", {"coach_email": f"guess{number}@example.org"}).status_code == 422
    limited = multi.post("/account/share", {"coach_email": "guess-more@example.org"})
    assert limited.status_code == 429
    assert 'id="coach_email-error"' in limited.text


def test_the_reset_page_sets_a_new_password_with_a_one_time_code(multi: Pages) -> None:
    from datetime import UTC, datetime

    from twitchcheck.adapters.storage.accounts import Directory
    from twitchcheck.services import accounts as admin

    signup(multi, "ana@example.org")
    signout(multi)
    assert 'href="/reset-password"' in multi.get("/signin").text
    directory = Directory(multi.client.app.state.engine)  # type: ignore[attr-defined]
    code = admin.reset_password(directory, "ana@example.org", datetime.now(UTC)).code
    form = {"email": "ana@example.org", "code": "WRNG-CODE-WRNG-CODE", "new_password": "new password 123"}
    wrong = multi.post("/reset-password", form)
    assert wrong.status_code == 422
    assert 'id="code-error"' in wrong.text
    done = multi.post("/reset-password", {**form, "code": code})
    assert done.status_code == 303
    assert "Your new password is set" in multi.get(done.headers["location"]).text
    assert signin(multi, "ana@example.org").status_code == 401
    assert signin(multi, "ana@example.org", "new password 123").status_code == 303


def test_the_account_page_makes_shows_once_and_revokes_a_token(multi: Pages) -> None:
    signup(multi, "tok@example.org")
    made = multi.post("/account/tokens", {"token_name": "my sync script", "token_scope": "write"})
    assert made.status_code == 200, made.text
    shown = re.search(r'id="new-token" value="(tct_[^"]+)"', made.text)
    assert shown is not None
    assert "shown only this once" in made.text
    token = shown.group(1)
    api = multi.client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    page = multi.get("/account").text
    assert "my sync script" in page
    assert "read and write" in page
    assert token not in page  # never shown again
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', page)
    assert token_id is not None
    assert multi.post(f"/account/tokens/{token_id.group(1)}/revoke", {}).status_code == 303
    assert "You have no tokens." in multi.get("/account?done=revoked").text
    gone = multi.client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401


def test_a_token_without_a_name_is_refused_by_the_field(multi: Pages) -> None:
    signup(multi, "tok2@example.org")
    refused = multi.post("/account/tokens", {"token_name": "  ", "token_scope": "read"})
    assert refused.status_code == 422
    assert 'id="token_name-error"' in refused.text
