"""The migration chain: a journal made at 0001 gains the web app's tables on its first open, keeping its
events, and the CLI works on a database at the newest revision."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, inspect, text

from tests.adapters.cli.support import run
from twitchcheck import KnowledgeBase
from twitchcheck.adapters.storage import journal as store
from twitchcheck.adapters.storage.journal import Journal, open_engine
from twitchcheck.adapters.storage.journal_tables import HEAD_REVISION, EventRow, OperationRow, SettingRow
from twitchcheck.journal.events import parse_event
from twitchcheck.services import log_events

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
TWITCH = {"type": "twitch", "at": "2026-11-20T17:00Z", "regions": ["calf"]}
DARK_URINE = {"type": "symptom", "at": "2026-11-20T17:30Z", "symptom": "dark_urine", "present": True}


def _at_revision(url: str, revision: str) -> None:
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_0001_journal_migrates_on_first_open_and_keeps_its_events(journal_url: str) -> None:
    _at_revision(journal_url, "0001")
    engine = create_engine(journal_url)
    with engine.begin() as connection:
        assert not inspect(connection).has_table("accounts")
        at = datetime(2026, 11, 1, 6, 0)
        connection.execute(
            insert(OperationRow),
            {
                "seq": 1,
                "journal": "default",
                "kind": "log",
                "created_at": at,
                "summary": "log",
                "undone": False,
            },
        )
        connection.execute(
            insert(EventRow),
            {
                "journal": "default",
                "key": "k1",
                "type": "sleep",
                "at_utc": at,
                "data": '{"type": "sleep", "at": "2026-11-01T07:00", "hours": 7}',
                "added_by": 1,
            },
        )
        connection.execute(insert(SettingRow), {"journal": "default", "name": "zone", "value": "UTC"})
    engine.dispose()

    with Journal.open(journal_url) as journal:
        assert [stored.event.type for stored in journal.entries()] == ["sleep"]
        with journal.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION
            tables = set(inspect(connection).get_table_names())
    assert {"accounts", "web_sessions", "signin_attempts", "shares"} <= tables


def test_the_cli_works_on_a_database_the_web_app_made(tmp_path: object) -> None:
    database = f"{tmp_path}/web.db"
    open_engine(database).dispose()  # as `twitchcheck serve` does at start-up
    logged = run("log", "sleep", "7", "--db", database)
    assert logged.exit_code == 0, logged.output
    listed = run("journal", "list", "--db", database)
    assert listed.exit_code == 0, listed.output
    assert "slept 7 h" in listed.stdout


def test_purge_removes_one_journal_and_no_other(tmp_path: object) -> None:
    database = f"{tmp_path}/two.db"
    engine = open_engine(database)
    mine = Journal(engine, "mine", zone="UTC")
    theirs = Journal(engine, "theirs", zone="UTC")
    line = '{"type": "sleep", "at": "2026-11-01T07:00", "hours": 7}'
    mine.import_jsonl([line])
    theirs.import_jsonl([line])
    mine.purge()
    with engine.connect() as connection:
        for table in ("events", "operations", "settings"):
            journals = set(connection.scalars(text(f"SELECT journal FROM {table}")))  # fixed names
            assert journals == {"theirs"}, table
    engine.dispose()


def test_the_migrations_make_exactly_the_tables_of_the_models(journal_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from twitchcheck.adapters.storage import account_tables  # noqa: F401  # its tables join Base's metadata
    from twitchcheck.adapters.storage.journal_tables import Base

    engine = open_engine(journal_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_0009_fills_the_coach_part_of_every_status_already_kept(journal_url: str, kb: KnowledgeBase) -> None:
    from twitchcheck.adapters.storage.club import Club
    from twitchcheck.services.watch import coach_view_of

    with Journal.open(journal_url, zone="UTC") as journal:
        log_events(journal, [parse_event(e) for e in (TWITCH, DARK_URINE)], now=NOW, knowledge=kb)
        full = journal.stored_status()
    assert full is not None
    engine = create_engine(journal_url)
    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    with engine.begin() as connection:  # back to 0007: the status as an older twitchcheck kept it
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        assert "coach" not in {column["name"] for column in inspect(connection).get_columns("statuses")}
        connection.execute(
            text(
                "INSERT INTO accounts (email, password_hash, zone, journal_name, created_at) VALUES "
                "('ann@example.org', 'x', 'UTC', 'default', :at), ('coach@example.org', 'x', 'UTC', 'c', :at)"
            ),
            {"at": datetime(2026, 11, 20)},
        )
        connection.execute(
            text(
                "INSERT INTO shares (owner_id, coach_id, created_at, accepted_at) "
                "SELECT a.id, c.id, :at, :at FROM accounts a, accounts c "
                "WHERE a.email = 'ann@example.org' AND c.email = 'coach@example.org'"
            ),
            {"at": datetime(2026, 11, 20)},
        )
    engine.dispose()
    engine = open_engine(journal_url)  # migrates to the newest: 0009 fills the column
    try:
        with engine.connect() as connection:
            coach_id = connection.scalar(text("SELECT id FROM accounts WHERE journal_name = 'c'"))
        (person,) = Club(engine).sharing_with(int(coach_id or 0))
    finally:
        engine.dispose()
    assert person.status is not None
    assert person.status.is_current(full.revision, NOW)
    assert person.status.view == coach_view_of(full)
