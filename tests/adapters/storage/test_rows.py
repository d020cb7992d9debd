"""A journal's events read with the database's own driver (`storage.rows`, for `twitchcheck report`): the
same History as the ordinary read on SQLite and PostgreSQL, and None (the ordinary open) for anything
unexpected."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.peek import newest_migration
from twitchcheck.adapters.storage.rows import read_rows
from twitchcheck.journal.events import parse_event

_LINES = [
    '{"type": "workout", "at": "2026-11-02T18:30", "id": "w1", "duration_min": 70, "rpe": 7}',
    '{"type": "caffeine", "at": "2026-11-02T17:45+05:00", "mg": 200, "source": "pre-workout"}',
    '{"type": "fluid", "at": "2026-11-02T19:40:30.5Z", "ml": 500, "electrolytes": true}',
    '{"type": "twitch", "at": "2026-11-02T20:15", "regions": ["quadriceps"], "side": "both"}',
    '{"type": "sleep", "at": "2026-11-03", "hours": 6.5}',
    '{"type": "fluid", "at": "2026-11-03T08:00", "ml": 250}',
    '{"type": "fluid", "at": "2026-11-03T08:00", "ml": 250}',
    '{"type": "stress", "at": "2026-11-03T12:00", "level": 3}',
    '{"type": "medicine", "at": "2026-11-03T12:00", "name": "magnesium", "dose_mg": 300}',
]
"""Local times, offsets, a date alone, two equal drinks at one moment (told apart by their number)."""


def _same(journal: Journal, location: str) -> None:
    rows = read_rows(location, journal.name)
    assert rows is not None
    assert rows.zone == journal.zone
    for until in (
        None,
        datetime(2026, 11, 2, 17, 30, tzinfo=UTC),  # exactly the Berlin workout: kept, as the query keeps it
        datetime(2026, 11, 2, 19, 40, 30, 500000, tzinfo=UTC),
        datetime(2026, 11, 1, tzinfo=UTC),
    ):
        fast, ordinary = rows.history(until), journal.history(until)
        assert fast == ordinary
        assert [entry.event for entry in fast.entries] == [entry.event for entry in ordinary.entries]
        assert fast.zone == ordinary.zone


def test_the_rows_make_the_same_history_as_the_ordinary_read(journal: Journal, journal_url: str) -> None:
    journal.import_jsonl(_LINES, source="sample")
    _same(journal, journal_url)
    assert len(read_rows(journal_url, journal.name).history()) == len(_LINES)  # type: ignore[union-attr]


def test_deleted_and_undone_events_are_left_out_and_brought_back_alike(
    journal: Journal, journal_url: str
) -> None:
    journal.import_jsonl(_LINES[:5])
    later = journal.import_jsonl(_LINES[5:])
    journal.add([parse_event({"type": "sleep", "at": "2026-11-04", "hours": 8})])
    first, second = (stored.seq for stored in journal.entries()[:2])
    journal.delete([first])
    _same(journal, journal_url)
    journal.delete([second])
    journal.undo()  # the second delete taken back
    _same(journal, journal_url)
    journal.undo()  # the first delete taken back
    journal.undo()  # the sleep's log taken back
    _same(journal, journal_url)
    journal.undo()  # and the later import: its rows are gone
    assert later.operation is not None
    rows = read_rows(journal_url, journal.name)
    assert rows is not None
    assert len(rows.history()) == journal.count() == 5
    _same(journal, journal_url)


def test_only_the_journal_asked_for_is_read(journal: Journal, journal_url: str) -> None:
    journal.import_jsonl(_LINES)
    other = Journal(journal.engine, "someone-else", zone="America/New_York")
    other.import_jsonl(_LINES[:2])
    _same(other, journal_url)
    assert len(read_rows(journal_url, "someone-else").history()) == 2  # type: ignore[union-attr]
    assert read_rows(journal_url, "nobody") is None  # no zone stored: the ordinary open makes it


def _sqlite_journal(tmp_path: Path) -> str:
    location = str(tmp_path / "journal.db")
    with Journal.open(location, zone="Europe/Berlin") as journal:
        journal.import_jsonl(_LINES)
    return location


def test_an_older_or_unexpected_database_is_left_to_the_ordinary_open(tmp_path: Path) -> None:
    location = _sqlite_journal(tmp_path)
    assert read_rows(location) is not None
    assert read_rows(f"sqlite:///{location}") is not None
    assert read_rows(f"sqlite:///{location}?mode=ro") is None  # options only SQLAlchemy reads
    assert read_rows("mysql://127.0.0.1/test") is None
    assert read_rows(str(tmp_path / "missing.db")) is None
    assert read_rows(str(tmp_path)) is None  # a directory
    assert read_rows("") is None  # "--db is empty", said by the ordinary open
    assert read_rows("  ") is None
    (tmp_path / "other.db").write_bytes(b"not a database at all, just some bytes" * 100)
    assert read_rows(str(tmp_path / "other.db")) is None
    sqlite3.connect(tmp_path / "tables.db").execute("CREATE TABLE things (x)").connection.close()
    assert read_rows(str(tmp_path / "tables.db")) is None

    with sqlite3.connect(location) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0009'")  # an older journal
    assert read_rows(location) is None
    with sqlite3.connect(location) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (newest_migration(),))
    assert read_rows(location) is not None
    with sqlite3.connect(location) as connection:
        connection.execute("DROP TABLE events")  # a table missing
    assert read_rows(location) is None


def test_a_journal_without_its_zone_or_with_an_unknown_one_is_left_to_the_ordinary_open(
    tmp_path: Path,
) -> None:
    location = _sqlite_journal(tmp_path)
    with sqlite3.connect(location) as connection:
        connection.execute("UPDATE settings SET value = 'Mars/Olympus_Mons' WHERE name = 'zone'")
    assert read_rows(location) is None
    with sqlite3.connect(location) as connection:
        connection.execute("DELETE FROM settings WHERE name = 'zone'")
    assert read_rows(location) is None


def test_postgresql_unreachable_or_older_is_left_to_the_ordinary_open(
    journal: Journal, journal_url: str
) -> None:
    if not journal_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    assert read_rows("postgresql://127.0.0.1:1/nowhere") is None
    journal.import_jsonl(_LINES)
    assert read_rows(journal_url) is not None
    with journal.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    assert read_rows(journal_url) is None
