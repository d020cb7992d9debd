"""A glance at a SQLite journal's stored status without the database layer: the standard library's `sqlite3`.

`twitchcheck status` shows the stored status when it is current (services.watch); opening the journal through
SQLAlchemy costs more than everything else that command then does (a fifth of a second to import, more to
set up the tables' models). This reads only the journal's revision, its stored status and how many alerts are
unseen, in one read transaction. Anything it does not expect (not a SQLite file, a database not at the newest
migration, a table missing) gives None, and the caller opens the journal the ordinary way.
"""

from __future__ import annotations

import json
import sqlite3
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


def glance(location: str | None, journal: str) -> Glance | None:
    """The stored status of `journal` in the SQLite file at `location` (see `resolve_url`); None when this
    cannot tell (not SQLite, no such file, not at the newest migration, anything unexpected)."""
    url = resolve_url(location)
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = Path(url.removeprefix(prefix))
    if not path.is_file():
        return None
    try:
        # Autocommit off, one explicit read transaction: the three reads see one committed state (WAL).
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != newest_migration():
            return None
        found = connection.execute(
            "SELECT revision FROM journal_revisions WHERE journal = ?", (journal,)
        ).fetchone()
        data = connection.execute("SELECT data FROM statuses WHERE journal = ?", (journal,)).fetchone()
        zone = connection.execute(
            "SELECT value FROM settings WHERE journal = ? AND name = 'zone'", (journal,)
        ).fetchone()
        unseen = connection.execute(
            "SELECT count(*) FROM alerts WHERE journal = ? AND seen_at IS NULL", (journal,)
        ).fetchone()
        connection.execute("COMMIT")
    except sqlite3.Error:  # an older or unexpected database: the ordinary open says what is wrong
        return None
    finally:
        connection.close()
    return Glance(
        str(path),
        str(zone[0]) if zone is not None else None,
        int(found[0]) if found is not None else 0,
        json.loads(data[0]) if data is not None else None,
        int(unseen[0]) if unseen is not None else 0,
    )


__all__ = ["DEFAULT_JOURNAL", "Glance", "glance", "newest_migration"]
