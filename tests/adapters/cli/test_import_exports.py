"""`journal import` with whole exports, as a person types it: the kind found from the content (whatever the
file is called), --only and --since, the summary by type, the two-commands promise, and bad files that write
nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from tests.adapters.cli.support import flat, run
from tests.adapters.imports.samples import (
    CET,
    START_UTC,
    Health,
    apple_zip,
    strava_row,
    strava_zip,
    write_file,
    zip_bytes,
)

EVENING = datetime(2026, 11, 2, 18, 30, tzinfo=CET)


def apple(tmp_path: Path, name: str = "export.zip") -> Path:
    health = (
        Health()
        .workout("Running", EVENING, 45.2, km=8.42)
        .water(EVENING + timedelta(hours=1), 500)
        .caffeine(EVENING - timedelta(hours=10), 95)
        .body_mass(EVENING - timedelta(hours=11), 154, unit="lb")
        .sleep(EVENING - timedelta(hours=19, minutes=30), EVENING - timedelta(hours=12), "AsleepCore")
        .heart_rate(EVENING, 72)
    )
    return write_file(tmp_path / name, apple_zip(health.xml()))


def strava(tmp_path: Path) -> Path:
    rows = [
        strava_row(111, START_UTC + timedelta(seconds=5), "Evening Run", "Run", 3000, 2700, 8420.0, rpe="7")
    ]
    return write_file(tmp_path / "export_123.zip", strava_zip(rows))


def events(db: str) -> list[dict[str, object]]:
    result = run("journal", "export", "--db", db)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_two_exports_two_commands_then_again_without_a_duplicate(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    first = run("journal", "import", str(apple(tmp_path, name="Download (3)")), "--db", db)  # any name
    assert first.exit_code == 0, first.output
    text = flat(first.stdout)
    assert "Apple Health export" in text
    assert "Imported 5 new events" in text
    assert "HKQuantityTypeIdentifierHeartRate 1" in text
    second = run("journal", "import", str(strava(tmp_path)), "--db", db)
    assert second.exit_code == 0, second.output
    assert "1 merged with the same thing from another source" in flat(second.stdout)
    count = len(events(db))
    for path in (tmp_path / "Download (3)", tmp_path / "export_123.zip"):
        again = run("journal", "import", str(path), "--db", db)
        assert again.exit_code == 0, again.output
        assert "Imported 0 new events" in flat(again.stdout)
    assert len(events(db)) == count == 5
    status = run("status", "--db", db, "--format", "json")
    assert status.exit_code in (0, 2), (
        status.output
    )  # no twitch logged yet: status says so, never a traceback


def test_only_and_since_choose_what_comes_in_and_the_summary_says_what_was_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    result = run(
        "journal",
        "import",
        str(apple(tmp_path)),
        "--only",
        "workouts,sleep",
        "--since",
        "2026-11-01",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    assert sorted(str(e["type"]) for e in events(db)) == ["sleep", "workout"]
    text = flat(result.stdout)
    assert "skipped 1 fluid: not chosen with --only" in text
    bad = run("journal", "import", str(apple(tmp_path)), "--only", "steps", "--db", db)
    assert bad.exit_code == 2
    assert "'steps' is not one of workouts" in bad.stderr


def test_a_bad_export_is_named_and_makes_no_journal(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    bomb = write_file(
        tmp_path / "export.zip", zip_bytes([("apple_health_export/export.xml", b"\0" * (16 * 1024 * 1024))])
    )
    result = run("journal", "import", str(bomb), "--db", str(db))
    assert result.exit_code == 2
    assert "export.zip" in result.stderr
    assert "zip bomb" in result.stderr
    assert "Traceback" not in result.output
    assert not db.exists()


def test_progress_lines_show_counts_by_type_when_asked_for_off_a_terminal(tmp_path: Path) -> None:
    result = run("journal", "import", str(apple(tmp_path)), "--progress", "--db", str(tmp_path / "j.db"))
    assert result.exit_code == 0, result.output
    assert "read 100%:" in result.stderr
    assert "workout 1" in result.stderr
