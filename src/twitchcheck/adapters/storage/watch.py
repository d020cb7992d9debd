"""Across the journals of one database: every journal, for the sweep (`services.watch.sweep`), and the alert
outbox that email is sent from (`services.notify`), once per alert however many senders run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update

from twitchcheck.adapters.storage.account_tables import AccountRow
from twitchcheck.adapters.storage.journal import (
    Journal,
    alert_from_row,
    naive_utc,
    writing,
)
from twitchcheck.adapters.storage.journal_tables import DEFAULT_JOURNAL, AlertRow, SettingRow
from twitchcheck.services.ports import Delivered, MailError
from twitchcheck.services.watch import Alert

MAX_EMAIL_ATTEMPTS = 100
"""An alert whose email failed this often is given up (it is still shown in the app)."""


def journal_names(engine: Engine) -> list[str]:
    """The names of the journals a database holds (each has its time zone setting from its first open)."""
    with engine.connect() as connection:
        query = select(SettingRow.journal).where(SettingRow.name == "zone").order_by(SettingRow.journal)
        return list(connection.scalars(query))


def journals(engine: Engine) -> Iterator[Journal]:
    """Each journal of the database in turn, on the one engine (closing it is the caller's)."""
    for name in journal_names(engine):
        yield Journal(engine, name)


def recipients(engine: Engine, single_user: str | None) -> Callable[[str], str | None]:
    """Whom a journal's alerts are emailed to: the single-user journal's configured address, an account's
    own email address for an account's journal once that address is confirmed (None before: the alert stays
    in the outbox, and goes out if the address is confirmed while it is recent)."""

    def recipient(journal: str) -> str | None:
        if journal == DEFAULT_JOURNAL:
            return single_user
        with engine.connect() as connection:
            found = connection.scalar(
                select(AccountRow.email).where(
                    AccountRow.journal_name == journal, AccountRow.email_unverified_since.is_(None)
                )
            )
        return str(found) if found is not None else None

    return recipient


def unseen_alerts_of(engine: Engine, journal: str, limit: int = 10) -> list[Alert]:
    """A journal's alerts not seen yet, oldest first, read without opening the journal (the pages' banner)."""
    with engine.connect() as connection:
        rows = list(
            connection.execute(
                select(*AlertRow.__table__.columns)
                .where(AlertRow.journal == journal, AlertRow.seen_at.is_(None))
                .order_by(AlertRow.id.desc())
                .limit(limit)
            )
        )
    return [alert_from_row(row) for row in reversed(rows)]


class Outbox:
    """The alerts of every journal in a database that are still to be emailed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def deliver(self, send: Callable[[Alert], bool], now: datetime, *, within: timedelta) -> Delivered:
        """Send each alert not yet emailed (raised within `within` before `now`), each in its own transaction
        that holds the alert's row: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so that several senders each take
        different alerts; on SQLite the write lock. The row is marked emailed in that transaction, so an
        alert is sent once; a MailError counts a try and leaves it for the next pass."""
        since = naive_utc(now - within)
        with self.engine.connect() as connection:
            ids = list(
                connection.scalars(
                    select(AlertRow.id)
                    .where(
                        AlertRow.emailed_at.is_(None),
                        AlertRow.created_at >= since,
                        AlertRow.email_attempts < MAX_EMAIL_ATTEMPTS,
                    )
                    .order_by(AlertRow.id)
                )
            )
        sent = failed = 0
        for alert_id in ids:
            with writing(self.engine) as connection:
                row = connection.execute(
                    select(*AlertRow.__table__.columns)
                    .where(AlertRow.id == alert_id, AlertRow.emailed_at.is_(None))
                    .with_for_update(skip_locked=True)
                ).first()
                if row is None:  # another sender has it, or has sent it
                    continue
                try:
                    done = send(alert_from_row(row))
                except MailError as error:
                    connection.execute(
                        update(AlertRow)
                        .where(AlertRow.id == alert_id)
                        .values(email_attempts=AlertRow.email_attempts + 1, email_error=str(error)[:500])
                    )
                    failed += 1
                    continue
                if done:
                    connection.execute(
                        update(AlertRow)
                        .where(AlertRow.id == alert_id)
                        .values(emailed_at=naive_utc(now), email_error=None)
                    )
                    sent += 1
        return Delivered(sent, failed)
