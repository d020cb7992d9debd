"""The accounts' emails from their outbox, through a real SMTP server that is down, then refuses, then
accepts: each sent once however many senders run, a link only made for an address with an account, and a
link whose email never left not kept; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select

from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from twitchcheck.adapters.notify.email import EmailSettings
from twitchcheck.adapters.storage import accounts, email_links
from twitchcheck.adapters.storage.account_tables import EmailLinkRow
from twitchcheck.adapters.storage.journal import open_engine
from twitchcheck.adapters.watching import send_account_emails

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _settings(port: int) -> EmailSettings:
    settings = EmailSettings.from_env(
        {
            "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "TWITCHCHECK_SMTP_FROM": "accounts@twitchcheck.test",
            "TWITCHCHECK_PUBLIC_URL": "https://twitch.example.org/",
        }
    )
    assert settings is not None
    return settings


pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2 at its lowest cost


@pytest.fixture
def engine(journal_url: str) -> Engine:
    return open_engine(journal_url)


def _links(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(EmailLinkRow)) or 0)


def test_a_down_mail_server_is_tried_again_and_nothing_is_sent_twice(engine: Engine) -> None:
    try:
        accounts.register(engine, "ann@example.org", "x" * 12, "UTC", NOW, verify_email=True)
        email_links.ask_password_reset(engine, "nobody@example.org", client_ip="10.0.0.1", now=NOW)
        port = free_port()
        settings = _settings(port)
        first = send_account_emails(engine, settings, NOW)
        assert (first.sent, first.failed) == (0, 1)  # nothing listening; the unknown address is done
        assert _links(engine) == 0  # no link kept whose email never left
        with smtp_server(port, Mailbox(refuse=1)) as mailbox:
            second = send_account_emails(engine, settings, NOW)
            assert (second.sent, second.failed) == (0, 1)  # 451: tried again later
            third = send_account_emails(engine, settings, NOW)
            assert (third.sent, third.failed) == (1, 0)
            assert send_account_emails(engine, settings, NOW).sent == 0  # never twice
            email_links.ask_password_reset(engine, "ann@example.org", client_ip="10.0.0.1", now=NOW)
            senders = [
                threading.Thread(target=send_account_emails, args=(engine, settings, NOW)) for _ in range(4)
            ]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
        assert [message["To"] for message in mailbox.received] == ["ann@example.org"] * 2
        assert [message["Subject"] for message in mailbox.received] == [
            "twitchcheck: confirm your email",
            "twitchcheck: set a new password",
        ]
        assert len({message["Message-ID"] for message in mailbox.received}) == 2
        assert _links(engine) == 2
    finally:
        engine.dispose()
