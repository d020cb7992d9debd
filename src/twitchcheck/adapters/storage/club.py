"""A coach's club, read together: everyone who shares with the coach, with their journal's revision and stored
status, in one query (`services.ports.ClubStatuses`, used by `services.coach`)."""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, Engine, Text, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB, array

from twitchcheck.adapters.storage.account_tables import AccountRow, ShareRow
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.journal_tables import RevisionRow, StatusRow
from twitchcheck.services.ports import SharingPerson
from twitchcheck.services.watch import StoredStatus

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
            .where(ShareRow.coach_id == coach_id)
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
