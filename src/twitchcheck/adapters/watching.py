"""One sweep of a database, as `twitchcheck watch --once` and `twitchcheck serve` run it: every journal's
stored status brought up to date (`services.watch.sweep`), then new alerts emailed when email is set up
(`services.notify`: each person's own, and each coach's for the people who share), under a lock so that of
several workers or hosts on one database one sweeps at a time (PostgreSQL: an advisory lock; SQLite: a lock
file beside the database)."""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from twitchcheck.adapters.notify.email import EmailSettings, SmtpMailer
from twitchcheck.adapters.storage.club import CoachOutbox
from twitchcheck.adapters.storage.watch import Outbox, journals, recipients
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.ports import Delivered
from twitchcheck.services.watch import Swept, sweep

_SWEEP_LOCK = 7346216  # pg_advisory_lock key (migrations take 7346215)
_log = logging.getLogger("twitchcheck.watch")


@dataclass(frozen=True)
class SweepResult:
    swept: Swept | None
    """None: another worker was sweeping this database; this one left it to them."""
    emailed: Delivered | None
    """None: email is not set up (or the sweep was left to another worker)."""
    coach_emailed: Delivered | None = None
    """The coaches' emails about the alerts of the people who share with them (None as `emailed`)."""


@contextmanager
def sweep_lock(engine: Engine) -> Iterator[bool]:
    """Whether this process holds the database's sweep lock (held until the block ends); never waits."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            held = bool(connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({_SWEEP_LOCK})").scalar())
            connection.commit()
            try:
                yield held
            finally:
                if held:
                    connection.exec_driver_sql(f"SELECT pg_advisory_unlock({_SWEEP_LOCK})")
                    connection.commit()
        return
    database = engine.url.database
    path = Path(f"{database}.sweep-lock") if database else None
    if path is None:
        yield True
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sweep_database(
    engine: Engine,
    email: EmailSettings | None,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
) -> SweepResult:
    """Sweep every journal of the database, then email the alerts not emailed yet (when `email` is set)."""
    from twitchcheck.services.notify import email_alerts, email_coach_alerts

    kb = knowledge if knowledge is not None else load_knowledge()
    moment = now if now is not None else datetime.now(UTC)
    with sweep_lock(engine) as held:
        if not held:
            return SweepResult(None, None)
        swept = sweep(journals(engine), moment, kb, emergency_number=emergency_number)
        if email is None:
            return SweepResult(swept, None)
        who = recipients(engine, email.alert_to)
        mailer = SmtpMailer(email)
        done = email_alerts(Outbox(engine), mailer, who, moment, email.status_link, kb)
        coaches = email_coach_alerts(CoachOutbox(engine), mailer, moment, email.coach_link, kb)
        return SweepResult(swept, done, coaches)


class Sweeper:
    """Sweeps a database every `every_s` seconds in a background thread (`twitchcheck serve`)."""

    def __init__(
        self, engine: Engine, every_s: float, email: EmailSettings | None, emergency_number: str | None
    ) -> None:
        self.engine = engine
        self.every_s = every_s
        self.email = email
        self.emergency_number = emergency_number
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="twitchcheck-sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                result = sweep_database(self.engine, self.email, emergency_number=self.emergency_number)
            except Exception:  # a failed sweep is logged and tried again next time; the app goes on serving
                _log.exception("the sweep failed; it runs again in %s s", self.every_s)
                continue
            if result.swept is not None:
                _log.info(
                    "swept %d journal(s): %d recomputed, %d new alert(s)",
                    result.swept.journals,
                    result.swept.recomputed,
                    result.swept.alerts,
                )


def send_account_emails(engine: Engine, email: EmailSettings, now: datetime) -> Delivered:
    """Send the verification and password-reset emails waiting in the database's outbox."""
    from twitchcheck.adapters.storage.email_links import AccountMail
    from twitchcheck.services.account_mail import email_account_links

    return email_account_links(AccountMail(engine), SmtpMailer(email), now, email.public_url)


class MailPump:
    """Sends the accounts' emails in a background thread (`twitchcheck serve --accounts` with email): at once
    when `wake()` is called (a request queued one), and every `retry_s` seconds for those the mail server
    refused. The request itself never waits for the mail server, so how long it takes tells nothing."""

    def __init__(
        self,
        engine: Engine,
        email: EmailSettings,
        clock: Callable[[], datetime],
        retry_s: float = 60.0,
    ) -> None:
        self.engine = engine
        self.email = email
        self.clock = clock
        self.retry_s = retry_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="twitchcheck-mail", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Something was queued: send now."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.retry_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                done = send_account_emails(self.engine, self.email, self.clock())
            except Exception:  # logged and tried again on the next wake; the app goes on serving
                _log.exception("sending the accounts' emails failed; tried again in %s s", self.retry_s)
                continue
            if done.failed:
                _log.warning("%d account email(s) not sent yet: the mail server refused", done.failed)
