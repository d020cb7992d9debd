"""Kill the process in the middle of a large import: the journal is either unchanged or complete."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from twitchcheck.adapters.storage.journal import Journal

SCRIPT = Path(sys.executable).with_name("twitchcheck")
EVENTS = 40_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}"),
]


def _big_file(path: Path) -> Path:
    with path.open("w") as out:
        for n in range(EVENTS):
            day, minute = divmod(n, 1440)
            at = f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{minute // 60:02d}:{minute % 60:02d}"
            out.write(json.dumps({"type": "fluid", "at": at, "ml": 100 + n % 400, "id": f"f{n}"}) + "\n")
    return path


def _count(db: Path) -> int:
    with Journal.open(str(db)) as journal:
        return journal.count()


def _intact(db: Path) -> bool:
    with sqlite3.connect(db) as connection:
        return bool(connection.execute("PRAGMA integrity_check").fetchone() == ("ok",))


def test_a_kill_while_writing_leaves_the_journal_unchanged_and_a_rerun_completes(tmp_path: Path) -> None:
    source = _big_file(tmp_path / "big.jsonl")
    db = tmp_path / "journal.db"
    with Journal.open(str(db)) as journal:  # one earlier event, which must survive
        journal.import_jsonl(['{"type": "sleep", "at": "2023-12-31", "hours": 7}'])
    process = subprocess.Popen(
        [str(SCRIPT), "journal", "import", str(source), "--db", str(db), "--progress"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()  # the first batch is written, inside the import's one transaction
    assert line.startswith("written "), line
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)

    assert _intact(db)
    killed = _count(db)
    assert killed in {1, 1 + EVENTS}  # never a part of the file
    finished = subprocess.run(
        [str(SCRIPT), "journal", "import", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert _count(db) == 1 + EVENTS
    assert _intact(db)


def test_a_kill_while_reading_writes_nothing(tmp_path: Path) -> None:
    source = _big_file(tmp_path / "big.jsonl")
    db = tmp_path / "journal.db"
    with Journal.open(str(db)) as journal:
        journal.import_jsonl(['{"type": "sleep", "at": "2023-12-31", "hours": 7}'])
    process = subprocess.Popen(
        [str(SCRIPT), "journal", "import", str(source), "--db", str(db), "--progress"],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)  # started, and reading the file (which takes about a second)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL
    assert process.stderr is not None
    assert "written" not in process.stderr.read()  # killed before it wrote anything
    assert _count(db) == 1
    assert _intact(db)
