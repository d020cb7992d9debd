"""What the services need of storage, as protocols: the storage adapter's `Journal` provides them, and a test
can pass anything shaped the same (`twitchcheck.testing` has an in-memory journal)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from twitchcheck.journal.events import Event, History
    from twitchcheck.services.watch import Alert, CoachStatus, NewAlert, StoredStatus


class Added(Protocol):
    """What adding events did."""

    @property
    def read(self) -> int: ...
    @property
    def added(self) -> int: ...
    @property
    def already_there(self) -> int: ...
    @property
    def seqs(self) -> tuple[int, ...]: ...


class JournalPort(Protocol):
    """A person's journal, as the services read and write it."""

    @property
    def zone(self) -> tzinfo: ...

    @property
    def location(self) -> str: ...

    def history(self, until: datetime | None = None) -> History:
        """Every event up to `until`, in the journal's time zone."""
        ...

    def add(
        self,
        events: Sequence[Event],
        *,
        kind: str = "log",
        summary: str = "",
        labels: Sequence[str] | None = None,
        confirmed: bool = False,
    ) -> Added:
        """Add events in one transaction (InputError naming each bad one, and nothing written)."""
        ...


class StatusStore(Protocol):
    """Where a journal's status and its alerts are kept (`services.watch`)."""

    def revision(self) -> int:
        """The journal's revision: raised by every change (log, import, edit, delete, undo)."""
        ...

    def stored_status(self) -> StoredStatus | None:
        """The status last stored, current or not."""
        ...

    def save_status(
        self,
        status: StoredStatus,
        decide: Callable[[StoredStatus | None, StoredStatus], NewAlert | None],
        now: datetime,
    ) -> bool:
        """In one transaction: store `status` if the journal is still at its revision, with the alert
        `decide(previous, status)` gives against the status stored before; False (nothing written) if the
        journal changed meanwhile."""
        ...

    def alerts(self, *, unseen: bool = False, limit: int = 50) -> list[Alert]:
        """The newest alerts (only those not yet seen, with `unseen`), oldest first."""
        ...

    def mark_alerts_seen(self, ids: Sequence[int], now: datetime) -> int:
        """Mark alerts as shown; how many were not seen before."""
        ...


class WatchedJournal(JournalPort, StatusStore, Protocol):
    """A journal that keeps its status (the storage adapter's `Journal`, `testing.MemoryJournal`)."""


class MailError(RuntimeError):
    """A message could not be handed to the mail server (down, refused): it is tried again later."""


class Mailer(Protocol):
    """Sends one email (the SMTP adapter, or a test's)."""

    def send(self, to: str, subject: str, body: str, message_id: str) -> None:
        """Hand one message to the mail server; MailError when it cannot be."""
        ...


@dataclass(frozen=True)
class Delivered:
    """What one pass over the outbox did."""

    sent: int
    failed: int
    """Tried and not sent (the server down or refusing): left for the next pass."""


class AlertOutbox(Protocol):
    """The alerts not emailed yet, across every journal of a database."""

    def deliver(self, send: Callable[[Alert], bool], now: datetime, *, within: timedelta) -> Delivered:
        """Call `send` for each alert not yet emailed that was raised within `within` before `now`, each
        under a lock that one sender at a time holds (PostgreSQL: FOR UPDATE SKIP LOCKED), and mark it
        emailed when `send` returns True; False leaves it (nobody to send to); MailError counts a failed
        try and leaves it for the next pass."""
        ...


@dataclass(frozen=True)
class CoachAlertEmail:
    """One coach's email about one alert of a person who shares with them (the coaches' outbox row)."""

    coach_id: int
    to: str
    """The coach's address (their account's)."""
    alert: Alert
    """The alert: only its identity is used (the email says nothing of the person or of their health)."""


class CoachOutbox(Protocol):
    """The coaches' alert emails not sent yet: one per coach with an accepted share and alert raised since."""

    def deliver(
        self, send: Callable[[CoachAlertEmail], None], now: datetime, *, within: timedelta
    ) -> Delivered:
        """Record an email for each coach of each alert raised within `within` before `now` after the share
        was accepted (once per coach and alert, however many senders), then call `send` for each not yet
        sent, under the same kind of lock as `AlertOutbox.deliver`; MailError counts a failed try."""
        ...


@dataclass(frozen=True)
class AccountEmail:
    """One email with a one-time link for an account: `verify` its address, or `reset` its password."""

    kind: str
    to: str
    token: str
    """The link's token: in this email only (the database keeps its SHA-256)."""
    expires_at: datetime
    """UTC, naive: when the link stops working."""
    key: str
    """Unique to this email (its Message-ID is made from it)."""


class AccountMailOutbox(Protocol):
    """The verification and password-reset emails not sent yet (`storage.email_links.AccountMail`)."""

    def deliver(self, send: Callable[[AccountEmail], None], now: datetime) -> Delivered:
        """Call `send` once for each email waiting that has someone to go to (one sender per email, however
        many run); MailError counts a failed try and leaves it for the next pass."""
        ...


@dataclass(frozen=True)
class SharingPerson:
    """A person who shares with a coach, with their journal's revision and stored status as read together."""

    id: int
    email: str
    journal: str
    """The name of the person's journal in the database."""
    zone: str
    revision: int
    status: CoachStatus | None
    """The status last stored (current or not): only the coach's part of it, and whether it is current;
    None before the first."""


class ClubStatuses(Protocol):
    """The people who share with a coach, read together (`services.coach`)."""

    def sharing_with(self, coach_id: int) -> list[SharingPerson]:
        """Everyone who shares with the coach, each with their revision and stored status, in one query."""
        ...

    def journal_of(self, person: SharingPerson) -> WatchedJournal:
        """One person's journal, opened to bring a stale status up to date."""
        ...
