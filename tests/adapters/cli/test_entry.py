"""The console script's entry (`cli.entry`): `twitchcheck status` from a current stored status before Typer
loads, with the same bytes as the ordinary command; everything else through Typer, unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.adapters.cli.support import run
from tests.adapters.cli.test_status_stored import WIDE, _recent
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, glance
from twitchcheck.journal.events import parse_event
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.services.watch import refresh_status

_FRAMEWORK = ("typer", "click", "pydantic", "sqlalchemy")


def _script(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """`twitchcheck ARGS` as the console script runs it, and which of the framework's modules it loaded."""
    code = (
        "import sys; from twitchcheck.adapters.cli import main;"
        f" sys.argv = ['twitchcheck', *{list(args)!r}];"
        " exec('try:\\n main()\\nexcept SystemExit as e:\\n code = e.code\\nelse:\\n code = 0');"
        f" print(sorted(m for m in {_FRAMEWORK!r} if m in sys.modules), file=sys.stderr);"
        " sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **WIDE, "NO_COLOR": "1"},
    )
    *said, loaded = done.stderr.strip().splitlines()
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, "\n".join(said)), eval(loaded)


@pytest.fixture
def stored(tmp_path: Path) -> str:
    """A journal whose status is stored, current, with its charts, and every alert seen."""
    db = _recent(tmp_path)
    assert run("status", "--db", db, env=WIDE).exit_code == 0  # shows the import's alerts once
    return db


@pytest.mark.parametrize(
    "form",
    [
        ("-f", "json"),
        ("--format", "json"),
        ("--format=json",),
        ("-fjson",),
        ("--as-of", "now", "-f", "json"),
        ("--as-of=NOW", "--format", "json"),
    ],
)
def test_every_plain_form_of_status_json_is_answered_before_the_framework_loads(
    stored: str, form: tuple[str, ...]
) -> None:
    ordinary = run("status", "-f", "json", "--db", stored)
    done, loaded = _script("status", *form, "--db", stored)
    assert done.returncode == 0, done.stderr
    assert loaded == []
    assert done.stdout == ordinary.stdout
    assert json.loads(done.stdout)["triage"]["level"] == "urgent"


def test_the_dashboard_is_the_ordinary_one_byte_for_byte(stored: str) -> None:
    ordinary = run("status", "--db", stored, env={**WIDE, "NO_COLOR": "1"})
    done, loaded = _script("status", f"--db={stored}")
    assert done.returncode == 0, done.stderr
    assert loaded == []
    assert done.stdout == ordinary.stdout
    assert "twitch days / week" in done.stdout
    assert done.stderr == ""


def test_alerts_not_seen_yet_go_the_ordinary_way_and_are_marked_seen(stored: str, kb: KnowledgeBase) -> None:
    now = datetime.now(UTC)
    at = (now - timedelta(minutes=5)).isoformat(timespec="seconds")
    with Journal.open(stored) as journal:
        journal.add([parse_event({"type": "symptom", "at": at, "symptom": "dark_urine", "present": True})])
        refresh_status(journal, now, kb)
    done, loaded = _script("status", "--db", stored)
    assert done.returncode == 0, done.stderr
    assert "typer" in loaded
    assert kb.message("alert_heading") in done.stdout
    seen = glance(stored, DEFAULT_JOURNAL)
    assert seen is not None
    assert seen.unseen_alerts == 0
    again, loaded = _script("status", "--db", stored)  # seen now: the stored status again, without Typer
    assert loaded == []
    assert kb.message("alert_heading") not in again.stdout
    assert "EMERGENCY" in again.stdout


def test_a_stale_status_is_computed_through_the_ordinary_command(stored: str) -> None:
    at = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    with Journal.open(stored) as journal:  # a change that does not store a status
        journal.add([parse_event({"type": "symptom", "at": at, "symptom": "dark_urine", "present": True})])
    done, loaded = _script("status", "-f", "json", "--db", stored)
    assert done.returncode == 0, done.stderr
    assert "typer" in loaded
    assert json.loads(done.stdout)["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "yaml"), "'yaml' is not one of"),
        (("--format",), "--format"),
        (("-f=json",), "=json"),
        (("extra",), "unexpected extra argument"),
        (("--verbose",), "No such option: --verbose"),
        (("--emergency-number", "1"), "--emergency-number"),
    ],
)
def test_anything_else_is_parsed_and_refused_by_typer_as_before(
    stored: str, args: tuple[str, ...], said: str
) -> None:
    ordinary = run("status", *args, "--db", stored)
    done, loaded = _script("status", *args, "--db", stored)
    assert "typer" in loaded
    assert done.returncode == ordinary.exit_code == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_options_it_does_not_take_still_work_through_typer(stored: str) -> None:
    numbered, loaded = _script("status", "-f", "json", "--emergency-number", "112", "--db", stored)
    assert numbered.returncode == 0, numbered.stderr
    assert "typer" in loaded
    assert numbered.stdout == run("status", "-f", "json", "--emergency-number", "112", "--db", stored).stdout
    earlier, loaded = _script("status", "--as-of", "-1d", "-f", "json", "--db", stored)
    assert earlier.returncode == 0, earlier.stderr
    assert "typer" in loaded
    assert earlier.stdout == run("status", "--as-of", "-1d", "-f", "json", "--db", stored).stdout
    helped, loaded = _script("status", "--help")
    assert helped.returncode == 0
    assert "--as-of" in helped.stdout


def test_a_journal_that_is_not_there_is_said_as_before(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.db")
    ordinary = run("status", "--db", missing)
    done, loaded = _script("status", "--db", missing)
    assert "typer" in loaded
    assert done.returncode == ordinary.exit_code != 0
    assert done.stderr == ordinary.stderr.strip()
