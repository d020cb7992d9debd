"""A coach's alert emails, through a real SMTP server that refuses, then accepts: one per coach and change of
a person who shares (accepted), none for a fall, none before the share was accepted, no name and no health
details, and each once with several senders at once; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from twitchcheck import KnowledgeBase
from twitchcheck.adapters.notify.email import EmailSettings, SmtpMailer
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.club import CoachOutbox
from twitchcheck.adapters.storage.journal import Journal, open_engine
from twitchcheck.journal.events import parse_event
from twitchcheck.services import log_events
from twitchcheck.services.notify import email_coach_alerts
from twitchcheck.services.watch import current_status

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
TWITCH = {"type": "twitch", "at": "2026-11-20T17:00Z", "regions": ["calf"]}
DARK_URINE = {"type": "symptom", "at": "2026-11-20T17:30Z", "symptom": "dark_urine", "present": True}


def _settings(port: int) -> EmailSettings:
    settings = EmailSettings.from_env(
        {
            "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "TWITCHCHECK_SMTP_FROM": "alerts@twitchcheck.test",
            "TWITCHCHECK_PUBLIC_URL": "https://twitch.example.org/",
        }
    )
    assert settings is not None
    return settings


def _send(engine: Engine, port: int, kb: KnowledgeBase) -> tuple[int, int]:
    settings = _settings(port)
    done = email_coach_alerts(CoachOutbox(engine), SmtpMailer(settings), NOW, settings.coach_link, kb)
    return done.sent, done.failed


pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2 at its lowest cost


@pytest.fixture
def engine(journal_url: str) -> Engine:
    return open_engine(journal_url)


def _club(engine: Engine) -> tuple[accounts.Account, Journal]:
    coach = accounts.register(engine, "coach@example.org", "x" * 12, "UTC", NOW)
    other = accounts.register(engine, "other-coach@example.org", "x" * 12, "UTC", NOW)
    ann = accounts.register(engine, "ann.jones@example.org", "x" * 12, "UTC", NOW)
    accounts.share(engine, ann, coach.email, NOW, client_ip="127.0.0.1")
    accounts.accept_share(engine, coach, ann.id, NOW)
    accounts.share(engine, ann, other.email, NOW, client_ip="127.0.0.1")  # not accepted: no email
    return coach, Journal(engine, ann.journal_name)


def test_a_coach_is_emailed_once_per_change_with_no_health_details(engine: Engine, kb: KnowledgeBase) -> None:
    try:
        _, journal = _club(engine)
        log_events(journal, [parse_event(TWITCH)], now=NOW, knowledge=kb)
        log_events(journal, [parse_event(DARK_URINE)], now=NOW, knowledge=kb)
        assert len(journal.alerts()) == 1
        port = free_port()
        assert _send(engine, port, kb) == (0, 1)  # nothing listening: kept for the next pass
        with smtp_server(port, Mailbox(refuse=1)) as mailbox:
            assert _send(engine, port, kb) == (0, 1)  # 451: tried again later
            assert _send(engine, port, kb) == (1, 0)
            assert _send(engine, port, kb) == (0, 0)  # never twice
            journal.undo()  # the warning sign taken back: the level falls, no alert, no email
            assert current_status(journal, NOW, kb).stored.level != "emergency"
            assert len(journal.alerts()) == 1
            assert _send(engine, port, kb) == (0, 0)
        (message,) = mailbox.received
        assert message["X-Envelope-To"] == "coach@example.org"
        body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
        assert "https://twitch.example.org/coach" in body
        words = f"{message['Subject']} {body}".lower()
        for detail in ("ann", "jones", "urine", "rhabdomyolysis", "emergency", kb.levels["emergency"].title):
            assert detail.lower() not in words
    finally:
        engine.dispose()


def test_an_alert_from_before_the_share_was_accepted_is_not_emailed(
    engine: Engine, kb: KnowledgeBase
) -> None:
    try:
        coach = accounts.register(engine, "coach@example.org", "x" * 12, "UTC", NOW)
        ann = accounts.register(engine, "ann@example.org", "x" * 12, "UTC", NOW)
        journal = Journal(engine, ann.journal_name)
        log_events(journal, [parse_event(e) for e in (TWITCH, DARK_URINE)], now=NOW, knowledge=kb)
        accounts.share(engine, ann, coach.email, NOW, client_ip="127.0.0.1")
        accounts.accept_share(engine, coach, ann.id, NOW.replace(minute=30))
        port = free_port()
        with smtp_server(port, Mailbox()) as mailbox:
            assert _send(engine, port, kb) == (0, 0)
        assert mailbox.received == []
    finally:
        engine.dispose()


def test_several_senders_email_each_coach_once_per_alert(
    journal_url: str, engine: Engine, kb: KnowledgeBase
) -> None:
    try:
        _, journal = _club(engine)
        log_events(journal, [parse_event(TWITCH)], now=NOW, knowledge=kb)
        for minute, symptom in enumerate(("dark_urine", "chest_pain", "confusion")):
            event = {**DARK_URINE, "symptom": symptom, "at": f"2026-11-20T17:3{minute}Z"}
            log_events(journal, [parse_event(event)], now=NOW, knowledge=kb)
        assert len(journal.alerts()) == 3
        port = free_port()
        engines = [open_engine(journal_url) for _ in range(4)]
        with smtp_server(port, Mailbox()) as mailbox:
            threads = [threading.Thread(target=_send, args=(each, port, kb)) for each in engines]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        for each in engines:
            each.dispose()
        assert len(mailbox.received) == 3
        assert len({message["Message-ID"] for message in mailbox.received}) == 3
        assert {message["X-Envelope-To"] for message in mailbox.received} == {"coach@example.org"}
    finally:
        engine.dispose()
