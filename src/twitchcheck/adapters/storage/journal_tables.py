"""The journal's tables (SQLAlchemy 2). Alembic migrations in `migrations/` create and evolve them.

- `events`: one row per logged event. `data` holds the contract JSON object as validated, so export gives back
  what was imported; `at_utc` orders and filters; `key` makes re-importing the same event a no-op (the
  event's `id`, or a digest of its content when it has none). A deleted event keeps its row, marked by the
  operation that deleted it, so `journal undo` can bring it back and a re-import does not resurrect it.
- `operations`: every change (log, import, edit, delete) as one row, newest last, for `journal undo`.
- `settings`: per-journal settings such as the time zone that local times are read in.
- `event_sources` (migration 0003): the keys of source records folded into an event already kept (the
  same workout from the watch, Strava and Apple Health is one event), so re-importing any adds nothing.
- `journal_revisions`, `statuses`, `alerts` (migration 0004, docs/keep-watch.md): each journal's revision
  (raised by every change), its stored status (from which revision, valid until when), and the alerts that
  status changes raised (an outbox: shown once, emailed once).
- `statuses.coach`, `coach_emails` (migration 0009): the coach's part of each stored status, in its own column
  so that a coach's list reads nothing else, and the coaches' alert emails (one row per coach and alert).

The accounts' tables are apart, in `account_tables` (one metadata, `Base`, so one database holds both).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DEFAULT_JOURNAL = "default"
HEAD_REVISION = "0010"
"""The newest migration in `migrations/versions/` (a test checks): a journal at it needs no Alembic at all."""


class Base(DeclarativeBase):
    pass


class OperationRow(Base):
    __tablename__ = "operations"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    journal: Mapped[str] = mapped_column(String(100), default=DEFAULT_JOURNAL)
    kind: Mapped[str] = mapped_column(String(20))  # log | import | edit | delete
    created_at: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive
    summary: Mapped[str] = mapped_column(Text)
    undone: Mapped[bool] = mapped_column(default=False)
    undo_data: Mapped[str | None] = mapped_column(Text, default=None)  # JSON: what an undo restores

    __table_args__ = (Index("ix_operations_journal_seq", "journal", "seq"),)


class EventRow(Base):
    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    journal: Mapped[str] = mapped_column(String(100), default=DEFAULT_JOURNAL)
    key: Mapped[str] = mapped_column(String(220))
    type: Mapped[str] = mapped_column(String(20))
    at_utc: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive: the same on SQLite and PostgreSQL
    data: Mapped[str] = mapped_column(Text)  # the contract JSON object
    added_by: Mapped[int] = mapped_column(ForeignKey("operations.seq"))
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("operations.seq"), default=None)

    __table_args__ = (
        UniqueConstraint("journal", "key", name="uq_events_journal_key"),
        Index("ix_events_journal_at", "journal", "at_utc"),
        Index("ix_events_added_by", "added_by"),
    )


class EventSourceRow(Base):
    __tablename__ = "event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    journal: Mapped[str] = mapped_column(String(100), default=DEFAULT_JOURNAL)
    key: Mapped[str] = mapped_column(String(220))  # a source record's key (its id, had it been kept)
    seq: Mapped[int] = mapped_column(ForeignKey("events.seq"))  # the event it was folded into
    added_by: Mapped[int] = mapped_column(ForeignKey("operations.seq"))

    __table_args__ = (
        UniqueConstraint("journal", "key", name="uq_event_sources_journal_key"),
        Index("ix_event_sources_added_by", "added_by"),
    )


class SettingRow(Base):
    __tablename__ = "settings"

    journal: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RevisionRow(Base):
    __tablename__ = "journal_revisions"

    journal: Mapped[str] = mapped_column(String(100), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class StatusRow(Base):
    __tablename__ = "statuses"

    journal: Mapped[str] = mapped_column(String(100), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(), default=None)  # UTC, naive
    level: Mapped[str | None] = mapped_column(String(20), default=None)
    emergency_number: Mapped[str | None] = mapped_column(String(20), default=None)
    data: Mapped[str] = mapped_column(Text)  # JSON: services.watch.StoredStatus
    coach: Mapped[str | None] = mapped_column(Text, default=None)  # JSON: services.watch.coach_json

    __table_args__ = (Index("ix_statuses_valid_until", "valid_until"),)


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    journal: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive
    revision: Mapped[int] = mapped_column(Integer)
    level: Mapped[str | None] = mapped_column(String(20), default=None)
    previous_level: Mapped[str | None] = mapped_column(String(20), default=None)
    data: Mapped[str] = mapped_column(Text)  # JSON: the new red flags and warnings (ids and titles)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(), default=None)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(), default=None)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    email_error: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (
        Index("ix_alerts_journal_id", "journal", "id"),
        Index("ix_alerts_emailed_at", "emailed_at"),
        Index("ix_alerts_created_at", "created_at"),
    )


class CoachEmailRow(Base):
    """A coach's email about an alert of a person who shares with them (the coaches' outbox): one per coach
    and alert, so a change is never emailed twice to one coach."""

    __tablename__ = "coach_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    coach_id: Mapped[int] = mapped_column(Integer)  # accounts.id (deleted with the account)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(), default=None)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    email_error: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (
        UniqueConstraint("coach_id", "alert_id", name="uq_coach_emails_coach_alert"),
        Index("ix_coach_emails_emailed_at", "emailed_at"),
    )
