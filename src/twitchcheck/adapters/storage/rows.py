"""A journal's events read without the database layer, for `twitchcheck report`: the standard library's
`sqlite3`, or psycopg alone on PostgreSQL (as `peek` reads the stored status).

Opening the journal through SQLAlchemy costs about half a second in a fresh process (importing it, setting up
the tables' models, the rows through the ORM's result machinery), more than reading 9,735 events takes. This
reads the journal's time zone and its events' rows in one read transaction and makes the same `History` that
`Journal.history(until=...)` makes: the rows not deleted (an undone import's rows are gone, an undone delete's
are back), ordered by the stored UTC time then by number, cut at `until` the way that query cuts them, each
validated as `parse_event` validates it. Anything it does not expect (another database, a database not at
the newest migration, a table or the time zone missing, a zone this machine does not know) gives None, and the
caller opens the journal the ordinary way, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, Read, newest_migration, read_once
from twitchcheck.journal.events import History, parse_events

_READS = (
    "SELECT version_num FROM alembic_version",
    "SELECT value FROM settings WHERE journal = {p} AND name = 'zone'",
)
_EVENTS = "SELECT at_utc, data FROM events WHERE journal = {p} AND deleted_by IS NULL ORDER BY at_utc, seq"
"""`Journal.entries`'s query (without its `until`, applied after: see `Rows.history`); `{p}` is the driver's
parameter mark."""


@dataclass(frozen=True)
class Rows:
    """A journal's time zone and its events' rows as stored (UTC time, contract JSON), oldest first."""

    zone: tzinfo
    rows: Sequence[tuple[Any, str]]
    text_times: bool
    """True where the UTC times are kept as text (SQLite: SQLAlchemy's `2026-11-24 18:30:00.000000`)."""

    def history(self, until: datetime | None = None) -> History:
        """What `Journal.history(until)` gives: every event stored at or before `until` (aware)."""
        rows = self.rows
        if until is not None:
            limit: Any = until.astimezone(UTC).replace(tzinfo=None)
            if self.text_times:  # compared as the SQL query compares them: as text, in SQLAlchemy's format
                limit = _sqlite_datetime(limit)
            rows = [row for row in rows if row[0] <= limit]
        return History.of(parse_events([data for _, data in rows]), self.zone)


def _sqlite_datetime(moment: datetime) -> str:
    """A naive datetime as SQLAlchemy's SQLite dialect stores and binds it."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
    )


def read_rows(location: str | None, journal: str = DEFAULT_JOURNAL) -> Rows | None:
    """The rows of `journal` at `location` (see `resolve_url`: a SQLite file, or PostgreSQL read with its
    driver alone); None when this cannot tell (another database, no such file, not at the newest migration,
    no time zone stored, anything unexpected)."""
    if location is not None and not location.strip():
        return None  # the ordinary open says "--db is empty"
    reads = [Read(sql, (journal,) if "{p}" in sql else ()) for sql in _READS]
    done = read_once(location, [*reads, Read(_EVENTS, (journal,), many=True)])
    if done is None:
        return None
    _, sqlite, (*found, rows) = done

    def fits(at: Any, data: Any) -> bool:  # SQLite keeps UTC times as text; PostgreSQL as naive datetimes
        kind = isinstance(at, str) if sqlite else isinstance(at, datetime) and at.tzinfo is None
        return kind and isinstance(data, str)

    return _rows(found, rows, text_times=sqlite) if all(fits(at, data) for at, data in rows) else None


def _rows(found: list[Any], rows: Sequence[tuple[Any, str]], *, text_times: bool) -> Rows | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    version, zone = found
    if version is None or version[0] != newest_migration() or zone is None:
        return None
    try:
        return Rows(ZoneInfo(str(zone[0])), rows, text_times)
    except (ZoneInfoNotFoundError, ValueError):  # the ordinary open says the zone is not known here
        return None


__all__ = ["Rows", "read_rows"]
