"""A coach's club, read together: everyone who shares with the coach, with their journal's revision and stored
status, in one query (`services.ports.ClubStatuses`, used by `services.coach`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, Text, cast, func, insert, select, update
from sqlalchemy.dialects.postgresql import JSONB, array

from twitchcheck.adapters.storage.account_tables import AccountRow, ShareRow
from twitchcheck.adapters.storage.journal import Journal, alert_from_row, writing
from twitchcheck.adapters.storage.journal_tables import AlertRow, RevisionRow, SettingRow, StatusRow
from twitchcheck.services.ports import SharingPerson
from twitchcheck.services.watch import Alert, StoredStatus

_NOT_FOR_A_COACH = ("assessment", "charts")
"""The stored status's largest parts, none of which a coach sees: the whole assessment (plan, causes, sources,
next questions) and the dashboard's numbers, when a status keeps them."""


def _coach_json(dialect: str) -> ColumnElement[str]:
    """The stored status's JSON without `_NOT_FOR_A_COACH` (most of its 10-20 kB), cut by the database so
    that only the rest is sent and parsed (a key a status does not have is left out as well)."""
    if dialect == "postgresql":
        return cast(cast(StatusRow.data, JSONB).op("-")(array(_NOT_FOR_A_COACH)), Text)
    return func.json_remove(StatusRow.data, *(f"$.{key}" for key in _NOT_FOR_A_COACH))


class Club:
    """The people who share with a coach, in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sharing_with(self, coach_id: int) -> list[SharingPerson]:
        """Everyone who shares with the coach, each with their journal's revision and stored status (without
        what no coach sees), read in one query: one snapshot, so a status is never paired with a later
        revision than its own."""
        query = (
            select(
                AccountRow.id,
                AccountRow.email,
                AccountRow.journal_name,
                AccountRow.zone,
                RevisionRow.revision,
                _coach_json(self.engine.dialect.name).label("data"),
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
                stored=StoredStatus.from_json(json.loads(row.data)) if row.data is not None else None,
            )
            for row in rows
        ]

    def journal_of(self, person: SharingPerson) -> Journal:
        """The person's journal (to bring a stale status up to date)."""
        return Journal(self.engine, person.journal, zone=person.zone)


__all__ = ["Club"]


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
