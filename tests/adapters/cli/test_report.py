"""`twitchcheck report` over a journal on disk, as a person runs it."""

from __future__ import annotations

import json
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
