"""Alerts in the terminal: told once after `log`, at the top of `status`, listed by `alerts`, and raised by
`watch --once` when the journal changed without the CLI (or time changed its status)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.adapters.cli.support import flat, run
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.journal.events import parse_event


def _dark_urine_an_hour_ago() -> dict[str, object]:
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="minutes")
    return {"type": "symptom", "at": at, "symptom": "dark_urine", "present": True}


def test_logging_a_warning_sign_tells_once(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    assert run("log", "twitch", "calf", "--db", db).exit_code == 0
    first = run("log", "symptom", "dark_urine", "--db", db)
    assert first.exit_code == 0, first.output
    assert "New warning sign: Possible exertional rhabdomyolysis" in flat(first.stderr)
    status = run("status", "--db", db)
    assert "Your journal needs attention" not in status.stdout  # told once
    listed = run("alerts", "--format", "json", "--db", db)
    (alert,) = json.loads(listed.stdout)
    assert (alert["level"], alert["previous_level"], alert["seen"]) == ("emergency", "self_care", True)
    assert [flag["id"] for flag in alert["red_flags"]] == ["rhabdomyolysis"]


def test_status_tells_an_alert_raised_by_a_change_it_had_not_seen(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    with Journal.open(db) as journal:  # written by another program: nothing has looked at it yet
        journal.add([parse_event(_dark_urine_an_hour_ago())])
    shown = run("status", "--db", db)
    assert shown.exit_code == 0, shown.output
    top = flat(shown.stdout).split("Journal:")[0]
    assert "Your journal needs attention" in top
    assert "New warning sign: Possible exertional rhabdomyolysis" in top
    assert "Your journal needs attention" not in run("status", "--db", db).stdout


def test_watch_once_brings_a_stale_status_up_to_date_and_alerts(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    assert run("log", "twitch", "calf", "--db", db).exit_code == 0
    with Journal.open(db) as journal:
        journal.add([parse_event(_dark_urine_an_hour_ago())])
    swept = run("watch", "--once", "--db", db)
    assert swept.exit_code == 0, swept.output
    assert "Swept 1 journal: 1 recomputed, 1 new alert." in swept.stdout
    assert "0 recomputed, 0 new alerts" in run("watch", "--once", "--db", db).stdout
    assert "Possible exertional rhabdomyolysis" in flat(run("alerts", "--db", db).stdout)


def test_undo_brings_the_stored_status_up_to_date_without_an_alert(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    run("log", "twitch", "calf", "--db", db)
    run("log", "symptom", "dark_urine", "--db", db)
    undone = run("journal", "undo", "--db", db)
    assert undone.exit_code == 0, undone.output
    assert "attention" not in undone.stderr
    assert "The advice is now less urgent than before" in flat(undone.stderr)  # said, not alerted
    with Journal.open(db, create=False) as journal:
        stored = journal.stored_status()
        assert stored is not None
        assert (stored.revision, stored.level) == (journal.revision(), "self_care")
    data = json.loads(run("status", "--format", "json", "--db", db).stdout)
    assert data["triage"]["level"] == "self_care"


def test_watch_needs_once_and_a_journal(tmp_path: Path) -> None:
    assert "give --once" in run("watch", "--db", str(tmp_path / "j.db")).stderr
    missing = run("watch", "--once", "--db", str(tmp_path / "nothing.db"))
    assert missing.exit_code != 0
    assert "there is no journal" in missing.stderr
    assert "Traceback" not in missing.output
