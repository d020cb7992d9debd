"""`twitchcheck report` over a journal on disk, as a person runs it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.adapters.cli.support import run
from tests.adapters.clinical.journals import weakening_grip


@pytest.fixture
def db(tmp_path: Path) -> str:
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join(json.dumps(e.to_contract()) for e in weakening_grip().events) + "\n")
    location = str(tmp_path / "journal.db")
    imported = run("journal", "import", str(source), "--db", location)
    assert imported.exit_code == 0, imported.output
    return location


def test_report_writes_an_html_page_for_the_window(db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(
        "report", "--db", db, "--from", "2026-10-01", "--to", "2026-11-12", "--as-of", "2026-11-12",
        "--age", "34", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Triage: URGENT" in html
    assert "34 years" in html
    assert "01 Oct 2026 to 12 Nov 2026" in html
    assert "Wrote the report for 2026-10-01 to 2026-11-12" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["events.jsonl", "journal.db", "report.html"]


def test_report_writes_a_pdf(db: str, tmp_path: Path) -> None:
    out = tmp_path / "Report.PDF"
    result = run("report", "--db", db, "--as-of", "2026-11-12", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "report.docx"], "--out: 'report.docx' must end in .pdf or .html"),
        (["--out", "no/such/folder/report.pdf"], "--out: the folder 'no/such/folder' does not exist"),
        (
            ["--from", "2026-11-10", "--to", "2026-11-01", "--out", "r.html"],
            "--from 2026-11-10 is after --to",
        ),
        (["--from", "2026-13-01", "--out", "r.html"], "--from: not a real date"),
        (
            ["--from", "2025-01-01", "--to", "2025-01-31", "--out", "r.html"],
            "nothing was logged from 2025-01-01",
        ),
        (["--name", " ", "--out", "r.html"], "--name is empty"),
        (["--from", "1900-01-01", "--out", "r.pdf"], "--from: the report covers at most 366 days"),
    ],
)
def test_bad_options_are_refused_naming_the_option(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", "--db", db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("r.*"))
    assert not list(tmp_path.glob("report.*"))


def test_a_missing_journal_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = run("report", "--db", str(missing), "--out", str(tmp_path / "r.html"))
    assert result.exit_code != 0
    assert "missing.db" in result.stderr
    assert not missing.exists()
    assert not (tmp_path / "r.html").exists()


def _html(db: str, tmp_path: Path, name: str, *args: str) -> str:
    out = tmp_path / name
    result = run(
        "report", "--db", db, "--as-of", "2026-11-12T09:00", "--name", "A. Smith", "-o", str(out), *args
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_report_read_without_the_database_layer_is_the_ordinary_one(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's rows read with `sqlite3` (`storage.rows`) give the very report the ordinary read gives,
    with deleted and undone events left out or brought back alike."""
    from twitchcheck.adapters.storage import rows
    from twitchcheck.adapters.storage.journal import Journal

    with Journal.open(db) as journal:
        recent = [stored.seq for stored in journal.entries(since=datetime(2026, 10, 20, tzinfo=UTC))]
        journal.delete(recent[:3])  # gone from the report
        journal.delete(recent[3:6])
        journal.undo()  # back again
        full = journal.count()
    fast_read = rows.read_rows
    read: list[int] = []

    def counted(location: str | None) -> rows.Rows | None:
        found = fast_read(location)
        read.append(len(found.rows) if found is not None else -1)
        return found

    monkeypatch.setattr(rows, "read_rows", counted)
    fast = _html(db, tmp_path, "fast.html", "--from", "2026-10-01")
    assert read == [full]  # the journal was read the fast way, deleted events left out
    monkeypatch.setattr(rows, "read_rows", lambda _location: None)
    assert _html(db, tmp_path, "ordinary.html", "--from", "2026-10-01") == fast


def test_a_journal_the_fast_read_does_not_expect_is_reported_the_ordinary_way(
    db: str, tmp_path: Path
) -> None:
    """A journal whose time zone is not stored (an odd database): the ordinary open stores it and reports."""
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM settings WHERE name = 'zone'")
    html = _html(db, tmp_path, "report.html", "--from", "2026-10-01", "--to", "2026-11-12")
    assert "01 Oct 2026 to 12 Nov 2026" in html
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM settings WHERE name = 'zone'").fetchone() == (1,)


def test_a_fresh_report_of_a_current_journal_loads_no_database_layer(db: str, tmp_path: Path) -> None:
    """Cold start of `report` of a SQLite journal at the newest migration: the rows are read with `sqlite3`,
    so SQLAlchemy (half a second of a fresh report, bench/README.md) is never imported."""
    import subprocess
    import sys

    out = tmp_path / "report.html"
    code = (
        "import sys; from twitchcheck.adapters.cli import main;"
        f" sys.argv = ['twitchcheck', 'report', '--db', {db!r}, '--as-of', '2026-11-12', '-o', {str(out)!r}];"
        " exec('try:\\n main()\\nexcept SystemExit:\\n pass');"
        " print(sorted(m for m in ('sqlalchemy',) if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert "Triage: URGENT" in out.read_text(encoding="utf-8")


def test_the_garbage_collector_is_back_on_after_a_report_even_a_refused_one(db: str, tmp_path: Path) -> None:
    """The report runs with the cyclic garbage collector off (it is faster so); whoever called it, a test
    run or a program using the app in its process, gets it back on, after an error too."""
    import gc

    assert run("report", "--db", db, "--as-of", "2026-11-12", "-o", str(tmp_path / "r.html")).exit_code == 0
    assert gc.isenabled()
    refused = run(
        "report", "--db", db, "--from", "2025-01-01", "--to", "2025-01-31", "-o", str(tmp_path / "r.pdf")
    )
    assert refused.exit_code == 2
    assert gc.isenabled()


def test_the_report_is_the_same_read_either_way_on_both_databases(
    journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the rows are read with psycopg alone: the same report as through the database layer."""
    from tests.adapters.clinical.journals import weakening_grip
    from twitchcheck.adapters.storage import rows
    from twitchcheck.adapters.storage.journal import Journal

    with Journal.open(journal_url, zone="Europe/Berlin") as journal:
        journal.add(weakening_grip().events, kind="import")
        journal.delete([stored.seq for stored in journal.entries()][-3:])
    assert rows.read_rows(journal_url) is not None
    fast = _html(journal_url, tmp_path, "fast.html")
    monkeypatch.setattr(rows, "read_rows", lambda _location: None)
    assert _html(journal_url, tmp_path, "ordinary.html") == fast
