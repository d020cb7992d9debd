"""A coach's club, read together: everyone who shares with the coach, with their journal's revision and stored
status, in one query (`services.ports.ClubStatuses`, used by `services.coach`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, literal, select, update
from sqlalchemy.orm import aliased

from twitchcheck.adapters.storage.account_tables import AccountRow, ShareRow
from twitchcheck.adapters.storage.journal import Journal, alert_from_row, naive_utc, upsert, writing
from twitchcheck.adapters.storage.journal_tables import (
    AlertRow,
    CoachEmailRow,
    RevisionRow,
    SettingRow,
    StatusRow,
)
from twitchcheck.adapters.storage.watch import MAX_EMAIL_ATTEMPTS
from twitchcheck.services.ports import CoachAlertEmail, Delivered, MailError, SharingPerson
from twitchcheck.services.watch import Alert, CoachStatus, coach_view_from_json


def _coach_status(row: Any) -> CoachStatus:
    return CoachStatus(
        revision=int(row.status_revision),
        as_of=row.as_of.replace(tzinfo=UTC),
        valid_until=row.valid_until.replace(tzinfo=UTC) if row.valid_until is not None else None,
        emergency_number=row.emergency_number,
        view=coach_view_from_json(json.loads(row.coach)) if row.coach is not None else None,
    )


class Club:
    """The people who share with a coach, in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sharing_with(self, coach_id: int) -> list[SharingPerson]:
        """Everyone who shares with the coach, each with their journal's revision and the coach's part of
        their stored status (its own column: nothing else of the status is read), in one query: one
        snapshot, so a status is never paired with a later revision than its own."""
        query = (
            select(
                AccountRow.id,
                AccountRow.email,
                AccountRow.journal_name,
                AccountRow.zone,
                RevisionRow.revision,
                StatusRow.journal.label("has_status"),
                StatusRow.revision.label("status_revision"),
                StatusRow.as_of,
                StatusRow.valid_until,
                StatusRow.emergency_number,
                StatusRow.coach,
            )
            .join(ShareRow, ShareRow.owner_id == AccountRow.id)
            .outerjoin(RevisionRow, RevisionRow.journal == AccountRow.journal_name)
            .outerjoin(StatusRow, StatusRow.journal == AccountRow.journal_name)
            .where(ShareRow.coach_id == coach_id, ShareRow.accepted_at.is_not(None))
            .order_by(AccountRow.email)
        )
        with self.engine.connect() as connection:
            rows = list(connection.execute(query))
        return [
            SharingPerson(
                id=row.id,
                email=row.email,
                journal=row.journal_name,
                zone=row.zone,
                revision=int(row.revision or 0),
                status=_coach_status(row) if row.has_status is not None else None,
            )
            for row in rows
        ]

    def journal_of(self, person: SharingPerson) -> Journal:
        """The person's journal (to bring a stale status up to date)."""
        return Journal(self.engine, person.journal, zone=person.zone)


__all__ = ["Club", "CoachOutbox"]


# -- the coach's alerts: the same changes, for the people who share (issue 15) ---------------------------

COACH_SEEN = "coach_alerts_seen"
"""The coach's journal setting: the newest alert seen, per person who shares (JSON {person id: alert id})."""


@dataclass(frozen=True)
class CoachAlert:
    """An alert of a person who shares with the coach, raised since they began to share: who, and the
    alert (its level and the titles of what is new: nothing a coach's view does not show)."""

    person_id: int
    email: str
    alert: Alert
    seen: bool


def _seen_marks(connection: Connection, coach_journal: str) -> dict[str, int]:
    value = connection.scalar(
        select(SettingRow.value).where(SettingRow.journal == coach_journal, SettingRow.name == COACH_SEEN)
    )
    try:
        marks = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {str(key): int(mark) for key, mark in marks.items()} if isinstance(marks, dict) else {}


def coach_alerts(engine: Engine, coach_id: int, coach_journal: str, *, limit: int = 50) -> list[CoachAlert]:
    """The newest alerts (oldest first) of the people who share with the coach, each raised after their share
    began, with whether the coach has seen it."""
    with engine.connect() as connection:
        marks = _seen_marks(connection, coach_journal)
        rows = list(
            connection.execute(
                select(*AlertRow.__table__.columns, AccountRow.id.label("person_id"), AccountRow.email)
                .join(AccountRow, AccountRow.journal_name == AlertRow.journal)
                .join(ShareRow, ShareRow.owner_id == AccountRow.id)
                .where(
                    ShareRow.coach_id == coach_id,
                    ShareRow.accepted_at.is_not(None),
                    AlertRow.created_at >= ShareRow.accepted_at,
                )
                .order_by(AlertRow.id.desc())
                .limit(limit)
            )
        )
    found = [
        CoachAlert(row.person_id, row.email, alert_from_row(row), row.id <= marks.get(str(row.person_id), 0))
        for row in rows
    ]
    return found[::-1]


def mark_coach_alerts_seen(engine: Engine, coach_id: int, coach_journal: str) -> int:
    """Mark every alert of the people who share with the coach as seen by the coach (their own alerts stay
    as they are); how many were not seen."""
    unseen = [item for item in coach_alerts(engine, coach_id, coach_journal, limit=500) if not item.seen]
    if not unseen:
        return 0
    with writing(engine) as connection:
        marks = _seen_marks(connection, coach_journal)
        for item in unseen:
            key = str(item.person_id)
            marks[key] = max(marks.get(key, 0), item.alert.id)
        value = json.dumps(marks, sort_keys=True)
        done = connection.execute(
            update(SettingRow)
            .where(SettingRow.journal == coach_journal, SettingRow.name == COACH_SEEN)
            .values(value=value)
        )
        if not done.rowcount:
            connection.execute(
                insert(SettingRow), {"journal": coach_journal, "name": COACH_SEEN, "value": value}
            )
    return len(unseen)


# -- the coaches' alert emails (issue 15): one per coach and alert, from an outbox --------------------------


class CoachOutbox:
    """The coaches' alert emails of a database (`services.ports.CoachOutbox`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _record(self, now: datetime, since: datetime) -> None:
        """One row per coach with an accepted share and alert of the person raised since the share was
        accepted (and within the window); the unique (coach, alert) key makes a second sender's insert, or
        the next pass's, add nothing."""
        chosen = (
            select(ShareRow.coach_id, AlertRow.id, literal(naive_utc(now)), literal(0))
            .select_from(AlertRow)
            .join(AccountRow, AccountRow.journal_name == AlertRow.journal)
            .join(ShareRow, ShareRow.owner_id == AccountRow.id)
            .where(
                ShareRow.accepted_at.is_not(None),
                AlertRow.created_at >= ShareRow.accepted_at,
                AlertRow.created_at >= since,
            )
        )
        with writing(self.engine) as connection:
            columns = ["coach_id", "alert_id", "created_at", "email_attempts"]
            statement = upsert(connection)(CoachEmailRow).from_select(columns, chosen)
            connection.execute(statement.on_conflict_do_nothing(index_elements=["coach_id", "alert_id"]))

    def deliver(
        self, send: Callable[[CoachAlertEmail], None], now: datetime, *, within: timedelta
    ) -> Delivered:
        """As `storage.watch.Outbox.deliver`, for the coaches: each row in its own transaction that holds it
        (PostgreSQL: `FOR UPDATE OF coach_emails SKIP LOCKED`; SQLite: the write lock), marked emailed in it.
        Only while the share is still accepted, the coach's account not disabled and its email not waiting
        for confirmation."""
        since = naive_utc(now - within)
        self._record(now, since)
        coach = aliased(AccountRow)
        person = aliased(AccountRow)
        wanted = (
            select(*AlertRow.__table__.columns, CoachEmailRow.coach_id, coach.email.label("coach_email"))
            .select_from(CoachEmailRow)
            .join(AlertRow, AlertRow.id == CoachEmailRow.alert_id)
            .join(coach, coach.id == CoachEmailRow.coach_id)
            .join(person, person.journal_name == AlertRow.journal)
            .join(ShareRow, (ShareRow.owner_id == person.id) & (ShareRow.coach_id == coach.id))
            .where(
                CoachEmailRow.emailed_at.is_(None),
                CoachEmailRow.email_attempts < MAX_EMAIL_ATTEMPTS,
                AlertRow.created_at >= since,
                ShareRow.accepted_at.is_not(None),
                coach.disabled_at.is_(None),
                coach.email_unverified_since.is_(None),  # never to an address nobody has confirmed
            )
        )
        with self.engine.connect() as connection:
            ids = list(
                connection.scalars(wanted.with_only_columns(CoachEmailRow.id).order_by(CoachEmailRow.id))
            )
        sent = failed = 0
        for email_id in ids:
            with writing(self.engine) as connection:
                row = connection.execute(
                    wanted.where(CoachEmailRow.id == email_id).with_for_update(
                        skip_locked=True, of=CoachEmailRow
                    )
                ).first()
                if row is None:  # another sender has it, or has sent it
                    continue
                done = update(CoachEmailRow).where(CoachEmailRow.id == email_id)
                try:
                    send(CoachAlertEmail(int(row.coach_id), str(row.coach_email), alert_from_row(row)))
                except MailError as error:
                    tried = CoachEmailRow.email_attempts + 1
                    connection.execute(done.values(email_attempts=tried, email_error=str(error)[:500]))
                    failed += 1
                    continue
                connection.execute(done.values(emailed_at=naive_utc(now), email_error=None))
                sent += 1
        return Delivered(sent, failed)
