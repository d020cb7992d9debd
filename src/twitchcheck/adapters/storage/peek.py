"""A glance at a journal's stored status without the database layer: the standard library's `sqlite3`, or
psycopg alone on PostgreSQL.

`twitchcheck status` shows the stored status when it is current (services.watch); opening the journal through
SQLAlchemy costs more than everything else that command then does (a fifth of a second to import, more to
set up the tables' models). This reads only the journal's revision, its stored status and how many alerts are
unseen, in one read transaction. Anything it does not expect (another database, a database not at the newest
migration, a table missing) gives None, and the caller opens the journal the ordinary way.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twitchcheck.adapters.storage.location import resolve_url

DEFAULT_JOURNAL = "default"
"""The single-user journal's name (`journal_tables.DEFAULT_JOURNAL`, kept here without SQLAlchemy)."""

_VERSIONS = Path(__file__).with_name("migrations") / "versions"


def newest_migration() -> str | None:
    """The newest migration's revision ("0004"), from its file name: the same as `HEAD_REVISION`."""
    numbers = [path.name.split("_", 1)[0] for path in _VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py")]
    return max(numbers, default=None)


@dataclass(frozen=True)
class Glance:
    """What a journal's status rows hold: its revision, its stored status (as kept) and unseen alerts."""

    location: str
    zone: str | None
    """The journal's time zone (the name of its setting)."""
    revision: int
    status: dict[str, Any] | None
    unseen_alerts: int


_READS = (
    "SELECT version_num FROM alembic_version",
    "SELECT revision FROM journal_revisions WHERE journal = {p}",
    "SELECT data FROM statuses WHERE journal = {p}",
    "SELECT value FROM settings WHERE journal = {p} AND name = 'zone'",
    "SELECT count(*) FROM alerts WHERE journal = {p} AND seen_at IS NULL",
)
"""The glance's reads, in one read transaction; `{p}` is the driver's parameter mark."""


def glance(location: str | None, journal: str) -> Glance | None:
    """The stored status of `journal` at `location` (see `resolve_url`: a SQLite file, or PostgreSQL read
    with its driver alone); None when this cannot tell (another database, no such file, not at the newest
    migration, anything unexpected)."""
    done = read_once(location, [Read(sql, (journal,) if "{p}" in sql else ()) for sql in _READS])
    if done is None:
        return None
    shown, _, rows = done
    return _seen(shown, rows)


@dataclass(frozen=True)
class Read:
    """One query of a read transaction: `{p}` in `sql` is the driver's parameter mark."""

    sql: str
    params: tuple[Any, ...] = ()
    many: bool = False
    """Every row (`fetchall`), not the first."""


def read_once(location: str | None, reads: Sequence[Read]) -> tuple[str, bool, list[Any]] | None:
    """Run `reads` in one read transaction on the database at `location` (a SQLite file with `sqlite3`, or
    PostgreSQL with psycopg alone, read-only and REPEATABLE READ): the location as shown (a password masked),
    whether it is SQLite, and each read's first row (or rows). None for another database, a file that is not
    there, or any error (the ordinary open says what is wrong)."""
    url = resolve_url(location)
    if url.startswith(("postgresql+psycopg://", "postgresql://")):
        return _read_postgres(url, reads)
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
        results = []
        for read in reads:
            cursor = connection.execute(read.sql.format(p="?"), read.params)
            results.append(cursor.fetchall() if read.many else cursor.fetchone())
        connection.execute("COMMIT")
    except sqlite3.Error:  # an older or unexpected database: the ordinary open says what is wrong
        return None
    finally:
        connection.close()
    return str(path), True, results


def _read_postgres(url: str, reads: Sequence[Read]) -> tuple[str, bool, list[Any]] | None:
    """The same reads on PostgreSQL with psycopg alone (no SQLAlchemy, no Alembic: most of what opening the
    journal the ordinary way costs), in one read-only REPEATABLE READ transaction."""
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
                results: list[Any] = []
                for read in reads:
                    cursor.execute(read.sql.format(p="%s"), read.params)
                    results.append(cursor.fetchall() if read.many else cursor.fetchone())
    except psycopg.Error:  # unreachable, an older schema, anything unexpected: the ordinary open says what
        return None
    return masked(url), False, results


def masked(url: str) -> str:
    """The URL with its password, if any, as *** (as `journal.describe` shows a location)."""
    return re.sub(r"(://[^:/@]*:).*@", r"\1***@", url, count=1)


def _seen(location: str, rows: list[Any]) -> Glance | None:
    version, found, data, zone, unseen = rows
    if version is None or version[0] != newest_migration():
        return None
    status = data[0] if data is not None else None
    return Glance(
        location,
        str(zone[0]) if zone is not None else None,
        int(found[0]) if found is not None else 0,
        json.loads(status) if isinstance(status, str) else status,
        int(unseen[0]) if unseen is not None else 0,
    )


__all__ = ["DEFAULT_JOURNAL", "Glance", "Read", "glance", "masked", "newest_migration", "read_once"]
