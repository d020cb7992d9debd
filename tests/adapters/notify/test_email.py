"""Alert emails from the outbox, through a real SMTP server: down, then refusing, then accepting; each alert
is sent once, with the level and a link and nothing more, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.adapters.cli.support import flat, run
from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from twitchcheck import KnowledgeBase
from twitchcheck.adapters.notify.email import EmailSettings, EmailSettingsError, SmtpMailer
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.watch import Outbox, recipients
from twitchcheck.journal.events import parse_event
from twitchcheck.services import log_events
from twitchcheck.services.notify import email_alerts

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
DARK_URINE = {"type": "symptom", "at": "2026-11-20T17:30Z", "symptom": "dark_urine", "present": True}
TWITCH = {"type": "twitch", "at": "2026-11-20T17:00Z", "regions": ["calf"]}


def _settings(port: int) -> EmailSettings:
    settings = EmailSettings.from_env(
        {
            "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "TWITCHCHECK_SMTP_FROM": "alerts@twitchcheck.test",
            "TWITCHCHECK_ALERT_EMAIL": "ann@example.org",
            "TWITCHCHECK_PUBLIC_URL": "https://twitch.example.org/",
        }
    )
    assert settings is not None
    return settings


def _alerted(journal: Journal, kb: KnowledgeBase) -> None:
    log_events(journal, [parse_event(TWITCH)], now=NOW, knowledge=kb)
    log_events(journal, [parse_event(DARK_URINE)], now=NOW, knowledge=kb)
    assert len(journal.alerts()) == 1


def _send(
    journal: Journal, settings: EmailSettings, kb: KnowledgeBase, now: datetime = NOW
) -> tuple[int, int]:
    who = recipients(journal.engine, settings.alert_to)
    done = email_alerts(Outbox(journal.engine), SmtpMailer(settings), who, now, settings.status_link, kb)
    return done.sent, done.failed


def test_an_alert_is_emailed_once_after_the_server_was_down_and_refusing(
    journal: Journal, kb: KnowledgeBase
) -> None:
    _alerted(journal, kb)
    port = free_port()
    settings = _settings(port)
    assert _send(journal, settings, kb) == (0, 1)  # nothing listening: tried, kept for later
    with smtp_server(port, Mailbox(refuse=1)) as mailbox:
        assert _send(journal, settings, kb) == (0, 1)  # 451: tried again later
        assert _send(journal, settings, kb) == (1, 0)
        assert _send(journal, settings, kb) == (0, 0)  # never twice
    (message,) = mailbox.received
    assert message["To"] == "ann@example.org"
    assert message["X-Envelope-To"] == "ann@example.org"
    assert message["From"] == "alerts@twitchcheck.test"
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "https://twitch.example.org/status" in body
    assert kb.levels["emergency"].title in flat(body)
    assert "rhabdomyolysis" not in body.lower()  # no health details beyond the level
    assert "urine" not in body.lower()
    (alert,) = journal.alerts()
    assert alert.emailed_at is not None


def test_several_senders_send_each_alert_once(journal_url: str, kb: KnowledgeBase) -> None:
    with Journal.open(journal_url, zone="UTC") as journal:
        _alerted(journal, kb)
        for hour in range(3):  # two more alerts: each a new warning sign
            symptom = ("chest_pain", "trouble_breathing", "confusion")[hour]
            event = {**DARK_URINE, "symptom": symptom, "at": f"2026-11-20T17:3{hour + 1}Z"}
            log_events(journal, [parse_event(event)], now=NOW, knowledge=kb)
        assert len(journal.alerts()) == 4
    port = free_port()
    openers = [Journal.open(journal_url) for _ in range(4)]
    with smtp_server(port, Mailbox()) as mailbox:
        threads = [threading.Thread(target=_send, args=(opened, _settings(port), kb)) for opened in openers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for opened in openers:
        opened.close()
    assert len(mailbox.received) == 4
    assert len({message["Message-ID"] for message in mailbox.received}) == 4


def test_an_old_alert_is_not_emailed(journal: Journal, kb: KnowledgeBase) -> None:
    _alerted(journal, kb)
    port = free_port()
    with smtp_server(port, Mailbox()) as mailbox:
        assert _send(journal, _settings(port), kb, now=NOW + timedelta(days=3)) == (0, 0)
    assert mailbox.received == []


def test_an_account_journal_has_no_single_user_address(journal_url: str, kb: KnowledgeBase) -> None:
    with Journal.open(journal_url, name="account-x", zone="UTC") as journal:
        _alerted(journal, kb)
        port = free_port()
        with smtp_server(port, Mailbox()) as mailbox:
            assert _send(journal, _settings(port), kb) == (0, 0)  # no account of that name: nobody
        assert mailbox.received == []


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TWITCHCHECK_SMTP_URL": "http://mail:25"}, "TWITCHCHECK_SMTP_URL"),
        ({"TWITCHCHECK_SMTP_URL": "smtp://mail:port"}, "TWITCHCHECK_SMTP_URL"),
        ({"TWITCHCHECK_SMTP_URL": "smtp://mail:25"}, "TWITCHCHECK_SMTP_FROM"),
        (
            {
                "TWITCHCHECK_SMTP_URL": "smtp://m:25",
                "TWITCHCHECK_SMTP_FROM": "a@b",
                "TWITCHCHECK_ALERT_EMAIL": "x",
            },
            "TWITCHCHECK_ALERT_EMAIL",
        ),
    ],
)
def test_a_bad_email_setting_is_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(EmailSettingsError, match=named):
        EmailSettings.from_env(env)


def test_watch_once_emails_new_alerts(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    run("log", "twitch", "calf", "--db", db)
    at = (datetime.now(UTC) - timedelta(minutes=30)).isoformat(timespec="minutes")
    with Journal.open(db) as journal:
        journal.add([parse_event({**DARK_URINE, "at": at})])
    port = free_port()
    env = {
        "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "TWITCHCHECK_SMTP_FROM": "alerts@twitchcheck.test",
        "TWITCHCHECK_ALERT_EMAIL": "ann@example.org",
    }
    down = run("watch", "--once", "--db", db, env=env)
    assert down.exit_code == 0, down.output
    assert "1 new alert." in down.stdout
    assert "Emailed 0 alerts; 1 not sent (tried again next time)" in down.stdout
    with smtp_server(port, Mailbox()) as mailbox:
        assert "Emailed 1 alert." in run("watch", "--once", "--db", db, env=env).stdout
        assert "Emailed 0 alerts." in run("watch", "--once", "--db", db, env=env).stdout
    assert len(mailbox.received) == 1
    bad = run("watch", "--once", "--db", db, env={"TWITCHCHECK_SMTP_URL": "smtp://x:25"})
    assert bad.exit_code != 0
    assert "TWITCHCHECK_SMTP_FROM" in bad.stderr
