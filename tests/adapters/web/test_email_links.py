"""Email verification and "forgot password" by email, through a real SMTP server and the app's own mail
thread, on SQLite and PostgreSQL: the emails arrive with a link that works once and expires, an unknown email
gets the same answer and no email, the limit holds under 20 requests at once, a reset ends every other
session, and no email carries health details. Without email the server behaves as before."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.message import Message
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from tests.adapters.web.conftest import JSON, PASSWORD, ClientFactory, Clock, make_app
from twitchcheck.adapters.notify.email import EmailSettings
from twitchcheck.adapters.storage import email_links
from twitchcheck.adapters.storage.account_tables import AccountEmailRow
from twitchcheck.adapters.web.deps import app_engine

PUBLIC = "https://twitch.example.org"
NEW_PASSWORD = "a brand new password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LINK = re.compile(re.escape(PUBLIC) + r"(/\S+\?token=\S+)")
HEALTH_WORDS = ("calf", "cramp", "urine", "emergency", "doctor", "advice", "symptom", "red flag")


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mailbox(smtp_port: int) -> Iterator[Mailbox]:
    with smtp_server(smtp_port, Mailbox()) as box:
        yield box


@pytest.fixture
def app(journal_url: str, clock: Clock, mailbox: Mailbox, smtp_port: int) -> FastAPI:  # noqa: ARG001
    """An app with accounts and email (overrides conftest's `app`, so `client_for` uses it); `mailbox`
    first, so the mail server listens before the app's mail thread starts."""
    made = make_app(journal_url, clock=clock)
    made.state.email = EmailSettings.from_env(
        {
            "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "TWITCHCHECK_SMTP_FROM": "accounts@twitchcheck.test",
            "TWITCHCHECK_PUBLIC_URL": PUBLIC,
        }
    )
    made.state.clock = clock
    return made


def _settled(app: FastAPI, clock: Clock) -> None:
    """Wait until the mail thread has dealt with every queued email (sent it, or found no one to send to)."""
    outbox = email_links.AccountMail(app_engine(app.state, app.state.settings))
    for _ in range(200):
        if outbox.pending(clock()) == 0:
            return
        time.sleep(0.05)
    raise AssertionError("the queued emails were never dealt with")


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _link(message: Message) -> str:
    """The link's path and query, to open on the test client."""
    found = _LINK.search(_body(message))
    assert found is not None, _body(message)
    return found.group(1)


def _csrf(client: TestClient) -> str:
    found = _CSRF.search(client.get("/signin").text)
    assert found is not None
    return found.group(1)


def _form(client: TestClient, url: str, data: dict[str, str]) -> httpx.Response:
    response: httpx.Response = client.post(
        url, data={**data, "csrf_token": _csrf(client)}, follow_redirects=False
    )
    return response


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def _to(mailbox: Mailbox, address: str) -> list[Message]:
    return [message for message in mailbox.received if message["To"] == address]


def test_sign_up_sends_a_link_that_confirms_the_email_once(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    ann = client_for()
    made = _form(ann, "/signup", {"email": "ann@example.org", "password": PASSWORD, "zone": "Europe/Berlin"})
    assert made.status_code == 303
    assert ann.get("/api/v1/account").json()["email_confirmed"] is False
    assert ann.get("/api/v1/account/export").json()["account"]["email_confirmed"] is False
    assert json.loads(ann.get("/account/export").text)["account"]["email_confirmed"] is False
    page = ann.get("/journal")
    assert "Confirm your email" in page.text
    assert "Send the link again" in page.text
    _settled(app, clock)
    (message,) = _to(mailbox, "ann@example.org")
    assert message["Subject"] == "twitchcheck: confirm your email"
    body = _body(message).lower()
    assert not any(word in body for word in HEALTH_WORDS)
    link = _link(message)
    assert urlsplit(link).path == "/verify-email"

    opened = ann.get(link)  # what a mail scanner does too: nothing is confirmed or used up
    assert opened.status_code == 200
    assert "Confirm your email" in opened.text
    assert "Send the link again" not in opened.text  # the page, not the banner
    assert 'action="/verify-email"' in opened.text
    assert "Confirm my email" in opened.text
    assert ann.get("/api/v1/account").json()["email_confirmed"] is False
    assert ann.get(link).status_code == 200
    token = _token(link)
    forged = ann.post("/verify-email", data={"token": token}, follow_redirects=False)  # no CSRF token
    assert forged.status_code == 403
    assert ann.get("/api/v1/account").json()["email_confirmed"] is False

    pressed = _form(ann, "/verify-email", {"token": token})
    assert pressed.status_code == 303
    assert pressed.headers["location"] == "/verify-email/done"
    done = ann.get(pressed.headers["location"])
    assert "Your email is confirmed" in done.text
    assert "Confirm your email" not in done.text  # the banner is gone
    assert ann.get("/api/v1/account").json()["email_confirmed"] is True
    assert json.loads(ann.get("/account/export").text)["account"]["email_confirmed"] is True
    for again in (ann.get(link), _form(ann, "/verify-email", {"token": token})):
        assert again.status_code == 410
        assert "This link does not work any more" in again.text
        assert "used already or has expired" in again.text


def test_an_expired_verification_link_says_so_and_confirms_nothing(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    cy = client_for("cy@example.org")
    _settled(app, clock)
    (message,) = _to(mailbox, "cy@example.org")
    clock.moment += email_links.VERIFY_LINK_VALID + timedelta(minutes=1)
    expired = cy.get(_link(message))
    assert expired.status_code == 410
    assert "This link does not work any more" in expired.text
    assert 'action="/verify-email"' not in expired.text
    assert _form(cy, "/verify-email", {"token": _token(_link(message))}).status_code == 410
    assert cy.get("/api/v1/account").json()["email_confirmed"] is False


def test_registering_by_the_api_sends_the_link_too_and_send_again_is_limited(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    ben = client_for("ben@example.org")
    assert ben.get("/api/v1/account").json()["email_confirmed"] is False
    answers = [ben.post("/api/v1/account/verification", headers=JSON).status_code for _ in range(4)]
    assert answers == [202] * email_links.MAX_VERIFY_SENDS_PER_ACCOUNT + [429]
    _settled(app, clock)
    messages = _to(mailbox, "ben@example.org")
    assert len(messages) == 1 + email_links.MAX_VERIFY_SENDS_PER_ACCOUNT
    token = _link(messages[1]).split("token=", 1)[1]
    confirmed = ben.post("/api/v1/account/verification/confirm", json={"token": token})
    assert confirmed.status_code == 204
    assert ben.get("/api/v1/account").json()["email_confirmed"] is True
    # One link used ends the others: the first email's no longer works.
    first = _link(messages[0]).split("token=", 1)[1]
    assert ben.post("/api/v1/account/verification/confirm", json={"token": first}).status_code == 410
    assert ben.post("/api/v1/account/verification", headers=JSON).status_code == 409


def test_an_unconfirmed_coach_cannot_be_shared_with(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    ann, coach = client_for("ann@example.org"), client_for("coach@example.org")
    refused = ann.post("/api/v1/shares", json={"coach_email": "coach@example.org"})
    assert refused.status_code == 422
    assert "not confirmed their email" in refused.text
    assert "coach_email" in refused.text
    _settled(app, clock)
    (message,) = _to(mailbox, "coach@example.org")
    assert coach.get(_link(message)).status_code == 200
    assert ann.post("/api/v1/shares", json={"coach_email": "coach@example.org"}).status_code == 422
    assert _form(coach, "/verify-email", {"token": _token(_link(message))}).status_code == 303
    assert ann.post("/api/v1/shares", json={"coach_email": "coach@example.org"}).status_code == 201


def test_forgot_password_answers_the_same_for_an_unknown_email_and_sends_it_nothing(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    client_for("ann@example.org")
    _settled(app, clock)
    mailbox.received.clear()  # the verification email
    stranger = client_for()
    signin = stranger.get("/signin")
    assert 'href="/forgot-password"' in signin.text
    known = _form(stranger, "/forgot-password", {"email": "ann@example.org"})
    unknown = _form(stranger, "/forgot-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    known_text = known.text.replace("ann@example.org", "EMAIL")
    unknown_text = unknown.text.replace("nobody@example.org", "EMAIL")
    assert known_text == unknown_text
    assert "a link to set a new" in known_text
    api_known = stranger.post("/api/v1/account/password-reset/email", json={"email": "ann@example.org"})
    api_unknown = stranger.post("/api/v1/account/password-reset/email", json={"email": "nobody@example.org"})
    assert (api_known.status_code, api_known.json()) == (api_unknown.status_code, api_unknown.json())
    assert api_known.status_code == 202
    _settled(app, clock)
    with app_engine(app.state, app.state.settings).connect() as connection:  # the same work for each
        queued = connection.execute(
            select(AccountEmailRow.email, func.count())
            .where(AccountEmailRow.kind == "reset")
            .group_by(AccountEmailRow.email)
            .order_by(AccountEmailRow.email)
        ).all()
    assert [tuple(row) for row in queued] == [("ann@example.org", 2), ("nobody@example.org", 2)]
    assert _to(mailbox, "nobody@example.org") == []
    assert len(_to(mailbox, "ann@example.org")) == 2
    bad = _form(stranger, "/forgot-password", {"email": "not an email"})
    assert bad.status_code == 422
    assert "like name@example.org" in bad.text


def test_the_reset_link_sets_a_password_once_and_ends_every_other_session(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    ann = client_for("ann@example.org")
    phone = client_for()
    assert phone.post("/api/v1/session", json={"email": "ann@example.org", "password": PASSWORD}).is_success
    _settled(app, clock)
    mailbox.received.clear()
    forgetful = client_for()
    assert forgetful.post(
        "/api/v1/account/password-reset/email", json={"email": "ann@example.org"}
    ).is_success
    _settled(app, clock)
    (message,) = _to(mailbox, "ann@example.org")
    assert message["Subject"] == "twitchcheck: set a new password"
    assert not any(word in _body(message).lower() for word in HEALTH_WORDS)
    link = _link(message)
    form = forgetful.get(link)
    assert form.status_code == 200
    assert "Choose a new password" in form.text
    assert forgetful.get(link).status_code == 200  # opening the link (a mail scanner) uses nothing up
    token = link.split("token=", 1)[1]
    short = _form(forgetful, "/forgot-password/new", {"token": token, "new_password": "short"})
    assert short.status_code == 422
    assert "at least" in short.text.lower()
    done = _form(forgetful, "/forgot-password/new", {"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 303
    assert done.headers["location"] == "/signin?reset=1"

    assert ann.get("/api/v1/account").status_code == 401
    assert phone.get("/api/v1/account").status_code == 401
    old = forgetful.post("/api/v1/session", json={"email": "ann@example.org", "password": PASSWORD})
    assert old.status_code == 401
    new = forgetful.post("/api/v1/session", json={"email": "ann@example.org", "password": NEW_PASSWORD})
    assert new.status_code == 200
    used = forgetful.get(link)
    assert used.status_code == 410
    assert "Ask for a new link" in used.text
    again = forgetful.post(
        "/api/v1/account/password-reset/link", json={"token": token, "new_password": "yet another one!"}
    )
    assert again.status_code == 410


def test_an_expired_reset_link_is_refused(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    client_for("ann@example.org")
    stranger = client_for()
    stranger.post("/api/v1/account/password-reset/email", json={"email": "ann@example.org"})
    _settled(app, clock)
    (message,) = [m for m in _to(mailbox, "ann@example.org") if "new password" in str(m["Subject"])]
    clock.moment += email_links.RESET_LINK_VALID + timedelta(minutes=1)
    expired = stranger.get(_link(message))
    assert expired.status_code == 410
    assert "This link does not work any more" in expired.text
    token = _link(message).split("token=", 1)[1]
    api = stranger.post(
        "/api/v1/account/password-reset/link", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert api.status_code == 410


def test_twenty_requests_at_once_for_one_email_send_exactly_the_limit(
    app: FastAPI, client_for: ClientFactory, clock: Clock, mailbox: Mailbox
) -> None:
    client_for("ann@example.org")
    _settled(app, clock)
    mailbox.received.clear()
    senders = [client_for() for _ in range(4)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(
            pool.map(
                lambda number: (
                    senders[number % 4]
                    .post("/api/v1/account/password-reset/email", json={"email": "ann@example.org"})
                    .status_code
                ),
                range(20),
            )
        )
    limit = email_links.MAX_RESET_ASKS_PER_EMAIL
    assert sorted(answers) == [202] * limit + [429] * (20 - limit)
    _settled(app, clock)
    assert len(_to(mailbox, "ann@example.org")) == limit


def test_without_email_nothing_changes(journal_url: str, clock: Clock) -> None:
    plain = make_app(journal_url, clock=clock)
    assert plain.state.email is None
    with TestClient(plain, base_url="http://localhost") as client:
        made = client.post("/api/v1/accounts", json={"email": "ann@example.org", "password": PASSWORD})
        assert made.json()["email_confirmed"] is True
        assert client.get("/api/v1/account/export").json()["account"]["email_confirmed"] is True
        assert "Confirm your email" not in client.get("/journal").text
        page = client.get("/forgot-password")
        assert "twitchcheck admin reset" in page.text
        assert 'action="/forgot-password"' not in page.text
        asked = client.post("/api/v1/account/password-reset/email", json={"email": "ann@example.org"})
        assert asked.status_code == 409
        assert "admin reset" in asked.text


def test_each_start_of_the_app_stops_its_own_mail_thread(app: FastAPI) -> None:
    """Two clients start the app's lifespan twice: when both have left, no mail thread is still running
    (one left behind would keep sending, or failing, for as long as the process lives)."""
    import threading

    before = {thread for thread in threading.enumerate() if thread.name == "twitchcheck-mail"}
    first, second = TestClient(app), TestClient(app)
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    left = {thread for thread in threading.enumerate() if thread.name == "twitchcheck-mail"} - before
    assert not [thread for thread in left if thread.is_alive()]
