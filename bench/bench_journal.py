"""Journal import and export: 100,000 events from a JSON Lines file, on SQLite and on PostgreSQL.

Run: `.venv/bin/python bench/bench_journal.py` (prints a Markdown table; goal: 100,000 events in < 10 s).
PostgreSQL comes from $TWITCHCHECK_TEST_POSTGRES (default: the local server); it is left out if unreachable.
Each import runs in a fresh journal; importing the same file again (everything already there) is timed too.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from twitchcheck.adapters.storage.journal import Journal

EVENTS = 100_000
GOAL_S = 10.0
POSTGRES = os.environ.get("TWITCHCHECK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def journal_lines(count: int, seed: int = 7) -> list[str]:
    """A realistic mix: a workout, drinks, caffeine, twitches, sleep and measurements most days."""
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        day, slot = divmod(n, 10)
        date = f"{2016 + day // 336}-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
        at = f"{date}T{7 + slot:02d}:{rng.randrange(60):02d}"
        kind = slot % 10
        if kind == 0:
            minutes, rpe = rng.randrange(20, 120), rng.randrange(3, 10)
            event = {"type": "workout", "at": at, "duration_min": minutes, "rpe": rpe, "kind": "strength"}
        elif kind in {1, 2, 3}:
            event = {
                "type": "fluid",
                "at": at,
                "ml": rng.randrange(100, 800),
                "electrolytes": rng.random() < 0.3,
            }
        elif kind == 4:
            event = {"type": "caffeine", "at": at, "mg": rng.choice([63, 96, 200]), "source": "coffee"}
        elif kind == 5:
            event = {
                "type": "twitch",
                "at": at,
                "regions": ["calf"],
                "side": "left",
                "frequency": "occasional",
            }
        elif kind == 6:
            event = {"type": "sleep", "at": date, "hours": round(rng.uniform(5, 9), 1)}
        elif kind == 7:
            event = {
                "type": "strength_test",
                "at": at,
                "test": "grip",
                "side": "right",
                "value": rng.uniform(35, 45),
            }
        elif kind == 8:
            event = {
                "type": "circumference",
                "at": at,
                "site": "calf",
                "side": "left",
                "cm": rng.uniform(35, 38),
            }
        else:
            event = {"type": "body_mass", "at": at, "kg": round(rng.uniform(69, 72), 1)}
        event["id"] = f"e{n}"
        lines.append(json.dumps(event))
    return lines


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench(label: str, make_url: Callable[[], str], lines: list[str], rounds: int) -> list[str]:
    first, second, export = [], [], []
    for _ in range(rounds):
        with Journal.open(make_url(), zone="UTC") as journal:
            first.append(timed(lambda: journal.import_jsonl(lines)))  # called at once
            second.append(timed(lambda: journal.import_jsonl(lines)))
            export.append(timed(lambda: journal.export(io.StringIO())))
            assert journal.count() == len(lines)

    def fmt(values: list[float]) -> str:
        return f"{statistics.median(values):.2f}"

    verdict = "met" if statistics.median(first) < GOAL_S else "NOT MET"
    return [
        f"| {label} | {len(lines):,} | {rounds} | {fmt(first)} | {fmt(second)} | {fmt(export)} | {verdict} |"
    ]


def main() -> None:
    lines = journal_lines(EVENTS)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    folder = Path(tempfile.mkdtemp(prefix="tc-bench-"))
    rows = [
        "| database | events | runs | import s (median) | re-import s | export s | goal < 10 s |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    rows += bench(
        "SQLite (file, WAL, synchronous=FULL)", lambda: str(folder / f"{uuid.uuid4().hex}.db"), lines, rounds
    )
    engine = create_engine(POSTGRES)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        print(f"PostgreSQL left out: {error.orig}", file=sys.stderr)
    else:
        schemas = []

        def fresh_schema() -> str:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with engine.begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
            schemas.append(schema)
            return f"{POSTGRES}?options=-csearch_path%3D{schema}"

        try:
            rows += bench("PostgreSQL 15 (local, TCP)", fresh_schema, lines, rounds)
        finally:
            with engine.begin() as connection:
                for schema in schemas:
                    connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
