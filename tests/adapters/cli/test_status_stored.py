"""`twitchcheck status` as of now shows the stored status while it is current, without reading the journal's
events (issue 15 part 4), and computes it again once the journal changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.cli.support import run
from tests.adapters.cli.test_status import _journal, _weeks_of_training
from twitchcheck.adapters.storage import journal_tables
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, glance, newest_migration
from twitchcheck.journal.events import parse_event
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.services.watch import refresh_status

WIDE = {"COLUMNS": "120"}


def _recent(tmp_path: Path) -> str:
    """Six weeks of training and twitching that end yesterday, so that the status as of now has a level."""
    first = datetime.now(UTC).date() - timedelta(days=42)
    return _journal(tmp_path, _weeks_of_training(weakening=True, first=first))


def _unread(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make reading the journal's events, or opening it through the database layer, fail the test."""
    calls: list[str] = []

    def refuse(name: str) -> Any:
        def refused(*_args: object, **_kwargs: object) -> Any:
            calls.append(name)
            raise AssertionError(f"Journal.{name} was called")

        return refused

    monkeypatch.setattr(Journal, "history", refuse("history"))
    monkeypatch.setattr(Journal, "open", classmethod(lambda *_a, **_k: refuse("open")()))
    return calls


def test_a_current_stored_status_is_shown_without_reading_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _recent(tmp_path)
    first_text = run("status", "--db", db, env=WIDE)  # shows the import's alerts once, stores the charts
    assert first_text.exit_code == 0, first_text.output
    first_json = run("status", "-f", "json", "--db", db)
    again_text = run("status", "--db", db, env=WIDE)
    _unread(monkeypatch)
    stored_json = run("status", "-f", "json", "--db", db)
    stored_text = run("status", "--db", db, env=WIDE)
    assert stored_json.exit_code == 0, stored_json.output
    assert stored_text.exit_code == 0, stored_text.output
    assert stored_json.stdout == first_json.stdout
    assert stored_text.stdout == again_text.stdout  # the same dashboard: trends, charts and the card
    assert "twitch days / week" in stored_text.stdout
    assert "URGENT" in stored_text.stdout


def test_a_stale_stored_status_is_computed_again(tmp_path: Path) -> None:
    db = _recent(tmp_path)
    before = json.loads(run("status", "-f", "json", "--db", db).stdout)
    assert "rhabdomyolysis" not in [flag["id"] for flag in before["red_flags"]]
    at = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    with Journal.open(db) as journal:  # a change that does not store a status: the stored one is now stale
        journal.add([parse_event({"type": "symptom", "at": at, "symptom": "dark_urine", "present": True})])
    seen = glance(db, DEFAULT_JOURNAL)
    assert seen is not None
    assert seen.status is not None
    assert seen.status["revision"] < seen.revision
    after = json.loads(run("status", "-f", "json", "--db", db).stdout)
    assert after["triage"]["level"] == "emergency"
    assert "rhabdomyolysis" in [flag["id"] for flag in after["red_flags"]]
    stored = glance(db, DEFAULT_JOURNAL)
    assert stored is not None
    assert stored.status is not None
    assert stored.status["revision"] == stored.revision


def test_alerts_not_seen_yet_are_shown_first_by_the_ordinary_way(tmp_path: Path, kb: KnowledgeBase) -> None:
    db = _recent(tmp_path)
    now = datetime.now(UTC)
    at = (now - timedelta(minutes=5)).isoformat(timespec="seconds")
    with Journal.open(db) as journal:  # a change stored with its alert, not shown anywhere yet
        journal.add([parse_event({"type": "symptom", "at": at, "symptom": "dark_urine", "present": True})])
        refresh_status(journal, now, kb)
    seen = glance(db, DEFAULT_JOURNAL)
    assert seen is not None
    assert seen.unseen_alerts == 1
    shown = run("status", "--db", db, env=WIDE)
    assert shown.exit_code == 0, shown.output
    assert kb.message("alert_heading") in shown.stdout
    again = glance(db, DEFAULT_JOURNAL)
    assert again is not None
    assert again.unseen_alerts == 0


def test_a_status_stored_before_the_charts_were_kept_is_drawn_again(tmp_path: Path) -> None:
    db = _recent(tmp_path)
    run("status", "--db", db, env=WIDE)
    with Journal.open(db) as journal, journal.engine.begin() as connection:
        data = json.loads(connection.exec_driver_sql("SELECT data FROM statuses").scalar_one())
        data.pop("charts")
        connection.exec_driver_sql("UPDATE statuses SET data = ?", (json.dumps(data),))
    shown = run("status", "--db", db, env=WIDE)
    assert shown.exit_code == 0, shown.output
    assert "twitch days / week" in shown.stdout
    seen = glance(db, DEFAULT_JOURNAL)
    assert seen is not None
    assert seen.status is not None
    assert seen.status["charts"] is not None


def test_the_glance_reads_only_a_journal_it_knows_at_the_newest_migration(tmp_path: Path) -> None:
    assert newest_migration() == journal_tables.HEAD_REVISION
    assert DEFAULT_JOURNAL == journal_tables.DEFAULT_JOURNAL
    assert glance("mysql://127.0.0.1/test", DEFAULT_JOURNAL) is None
    assert (
        glance("postgresql://127.0.0.1:1/nowhere", DEFAULT_JOURNAL) is None
    )  # unreachable: the ordinary way
    assert glance(str(tmp_path / "missing.db"), DEFAULT_JOURNAL) is None
    db = _recent(tmp_path)
    with Journal.open(db) as journal, journal.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    assert glance(db, DEFAULT_JOURNAL) is None


def test_either_database_shows_a_current_stored_status_without_reading_the_events(
    journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "events.jsonl"
    first = datetime.now(UTC).date() - timedelta(days=42)
    lines = _weeks_of_training(weakening=True, first=first)
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert run("journal", "import", str(source), "--db", journal_url).exit_code == 0
    drawn = run("status", "--db", journal_url, env=WIDE)
    assert drawn.exit_code == 0, drawn.output
    reads = _counted(monkeypatch)
    again = run("status", "--db", journal_url, env=WIDE)
    as_json = run("status", "-f", "json", "--db", journal_url)
    assert reads == []
    assert again.stdout == run("status", "--db", journal_url, env=WIDE).stdout
    assert "twitch days / week" in again.stdout
    assert json.loads(as_json.stdout)["triage"]["level"] == "urgent"
    seen = glance(journal_url, DEFAULT_JOURNAL)  # read with the database's own driver alone, either database
    assert seen is not None
    assert seen.status is not None
    assert seen.revision > 0
    assert seen.zone is not None


def test_the_glance_shows_a_postgresql_location_without_its_password() -> None:
    from twitchcheck.adapters.storage.peek import masked

    assert masked("postgresql+psycopg://ann:s3cr@t@db:5432/twitch?options=x") == (
        "postgresql+psycopg://ann:***@db:5432/twitch?options=x"
    )
    assert masked("postgresql://db/twitch") == "postgresql://db/twitch"


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    original = Journal.history

    def counted(self: Journal, *args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Journal, "history", counted)
    return reads


def test_a_current_stored_status_loads_neither_the_database_layer_nor_the_event_models(
    tmp_path: Path,
) -> None:
    """Cold start of `status -f json` while the stored status is current: it prints what was stored, so it
    imports neither SQLAlchemy nor the journal's event models (the models had cost it about a tenth)."""
    import subprocess
    import sys

    db = _recent(tmp_path)
    stored = run("status", "-f", "json", "--db", db)  # stores the status
    assert stored.exit_code == 0, stored.output
    code = (
        "import sys; from twitchcheck.adapters.cli import main;"
        f" sys.argv = ['twitchcheck', 'status', '-f', 'json', '--db', {db!r}];"
        " exec('try:\\n main()\\nexcept SystemExit:\\n pass');"
        " print(sorted(m for m in ('sqlalchemy', 'twitchcheck.journal.events') if m in sys.modules),"
        " file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == json.loads(stored.stdout)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_dashboard_of_a_current_stored_status_loads_neither_the_models_nor_the_knowledge_base(
    tmp_path: Path,
) -> None:
    """Cold start of the dashboard while the stored status is current: the same dashboard as the ordinary
    way draws, printed from the stored JSON, so it imports neither the assessment's pydantic models nor the
    knowledge base (the answers' words were kept with the status), nor SQLAlchemy."""
    import os
    import subprocess
    import sys

    db = _recent(tmp_path)
    run("status", "--db", db, env=WIDE)  # shows the import's alerts once, stores the charts and the words
    drawn = run("status", "--db", db, env=WIDE)
    assert drawn.exit_code == 0, drawn.output
    assert "Taken from your journal" in drawn.stdout
    watched = ("sqlalchemy", "twitchcheck.core.assessment", "twitchcheck.knowledge.loader")
    code = (
        "import sys; from twitchcheck.adapters.cli import main;"
        f" sys.argv = ['twitchcheck', 'status', '--db', {db!r}];"
        " exec('try:\\n main()\\nexcept SystemExit:\\n pass');"
        f" print(sorted(m for m in {watched!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **WIDE, "NO_COLOR": "1"},
    )
    assert done.stdout == drawn.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
