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

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from twitchcheck.adapters.storage.location import resolve_url
from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, newest_migration
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
    url = resolve_url(location)
    if url.startswith(("postgresql+psycopg://", "postgresql://")):
        return _read_postgres(url, journal)
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = Path(url.removeprefix(prefix))
    if not path.is_file():
        return None
    try:
        # Autocommit off, one explicit read transaction: the reads see one committed state (WAL).
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")
        found = [
            connection.execute(sql.format(p="?"), (journal,) if "{p}" in sql else ()).fetchone()
            for sql in _READS
        ]
        rows = connection.execute(_EVENTS.format(p="?"), (journal,)).fetchall()
        connection.execute("COMMIT")
    except sqlite3.Error:  # an older or unexpected database: the ordinary open says what is wrong
        return None
    finally:
        connection.close()
    if not all(isinstance(at, str) and isinstance(data, str) for at, data in rows):
        return None
    return _rows(found, rows, text_times=True)


def _read_postgres(url: str, journal: str) -> Rows | None:
    """The same reads on PostgreSQL with psycopg alone, in one read-only REPEATABLE READ transaction."""
    try:
        import psycopg
    except ImportError:
        return None
    conninfo = "postgresql://" + url.split("://", 1)[1]
    try:
        with psycopg.connect(conninfo, connect_timeout=10) as connection:
            connection.read_only = True
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with connection.transaction(), connection.cursor() as cursor:
                found = []
                for sql in _READS:
                    cursor.execute(sql.format(p="%s"), (journal,) if "{p}" in sql else ())
                    found.append(cursor.fetchone())
                cursor.execute(_EVENTS.format(p="%s"), (journal,))
                rows = cursor.fetchall()
    except psycopg.Error:  # unreachable, an older schema, anything unexpected: the ordinary open says what
        return None
    if not all(isinstance(at, datetime) and at.tzinfo is None and isinstance(data, str) for at, data in rows):
        return None
    return _rows(found, rows, text_times=False)


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
