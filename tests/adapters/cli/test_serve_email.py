"""`twitchcheck serve` killed between a status change and its email: the alert is kept, and the next start
emails it once (issue 15: "killing the server between a status change and its email loses nothing and sends
nothing twice"). A real server process, SIGKILL, and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.adapters.cli.support import run
from tests.adapters.notify.smtp_server import Mailbox, free_port, smtp_server
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.journal.events import parse_event

SCRIPT = Path(sys.executable).with_name("twitchcheck")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}"),
]


@contextmanager
def _silent_mail_server(port: int) -> Iterator[list[socket.socket]]:
    """A mail server that accepts the connection and then says nothing: the sender waits for its greeting."""
    listener = socket.create_server(("127.0.0.1", port))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield accepted
    finally:
        listener.close()
        for connection in accepted:
            connection.close()


def _serve(db: str, smtp_port: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TWITCHCHECK_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "TWITCHCHECK_SMTP_FROM": "alerts@twitchcheck.test",
        "TWITCHCHECK_ALERT_EMAIL": "ann@example.org",
    }
    command = [str(SCRIPT), "serve", "--port", str(free_port()), "--db", db, "--sweep-every", "1"]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )


def _until(test: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if test():
            return
        if process.poll() is not None:
            pytest.fail(f"the server stopped before {what}: {process.communicate()[1][-2000:]}")
        time.sleep(0.1)
    pytest.fail(f"no {what} within 60 s")


def _alerts(db: str) -> list[tuple[str | None, bool]]:
    with Journal.open(db) as journal:
        return [(alert.level, alert.emailed_at is not None) for alert in journal.alerts()]


def test_a_server_killed_while_emailing_an_alert_emails_it_once_when_it_comes_back(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    assert run("log", "twitch", "calf", "--db", db).exit_code == 0
    at = (datetime.now(UTC) - timedelta(minutes=30)).isoformat(timespec="minutes")
    with Journal.open(db) as journal:  # a change that leaves the stored status stale: the sweep's to find
        journal.add([parse_event({"type": "symptom", "at": at, "symptom": "dark_urine", "present": True})])
    assert _alerts(db) == []

    silent = free_port()
    with _silent_mail_server(silent) as connections:
        first = _serve(db, silent)
        try:
            _until(lambda: bool(connections), first, "connection to the mail server")
            assert _alerts(db) == [("emergency", False)]  # recorded with the status change, not yet sent
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # mid-send: no goodbye, no commit of the sending
            first.wait(timeout=30)
    assert _alerts(db) == [("emergency", False)]  # nothing lost

    port = free_port()
    with smtp_server(port, Mailbox()) as mailbox:
        second = _serve(db, port)
        try:
            _until(lambda: bool(mailbox.received), second, "email")
            time.sleep(3)  # several more sweeps: nothing sent twice
        finally:
            second.terminate()
            second.communicate(timeout=30)
    assert len(mailbox.received) == 1
    (message,) = mailbox.received
    assert message["To"] == "ann@example.org"
    assert _alerts(db) == [("emergency", True)]
