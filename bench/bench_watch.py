"""Time of a journal's status where people wait for it, at three journal lengths, on SQLite and PostgreSQL.

Journals: the first 3 months, 1 year and 3 years of bench_status.py's daily logs (about 9 events a day), each
imported into its own SQLite file (in /tmp) and its own PostgreSQL schema, its status stored once. Timed, in
rounds that take every case in turn (so that the machine's drift falls on all of them alike):

- `twitchcheck status -f json` and `twitchcheck status` (the dashboard), fresh processes, with the stored
  status current, and `status -f json` with it stale (the journal's revision raised before each run, so the
  status is computed from every event and stored again);
- in the server (one app per journal, in-process, `TestClient`): `GET /api/v1/status` and the status page
  with the stored status and the page's charts current, and the page with the status stale (the journal read,
  the status computed and stored, the charts drawn).

Run: `.venv/bin/python bench/bench_watch.py [--rounds 5] [--no-postgres]` (prints Markdown tables; goals:
`status` on 3 years < 0.5 s, the status page < 200 ms server time). PostgreSQL: $TWITCHCHECK_TEST_POSTGRES
or postgresql+psycopg://postgres@127.0.0.1:5432/test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine

from bench_status import three_years
from twitchcheck import load_knowledge
from twitchcheck.adapters.storage.journal import Journal, bump_revision, writing
from twitchcheck.journal.events import Event
from twitchcheck.services.watch import refresh_status

POSTGRES = os.environ.get("TWITCHCHECK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SIZES = (("3 months", 92), ("1 year", 365), ("3 years", 1096))
CLI_GOAL_S = 0.5
PAGE_GOAL_MS = 200.0


@dataclass
class Case:
    backend: str
    size: str
    events: int
    url: str


def _journal_events(days: int) -> list[Event]:
    """The first `days` days of the three-year journal, moved so that its last day is yesterday."""
    built = three_years()
    last = built.moment(days, 0).isoformat()[:10]
    events = [event for event in built.events if event.at < last]
    shift = (datetime.now(UTC).date() - timedelta(days=1)) - built.moment(days - 1, 0).date()
    return [_moved(event, shift) for event in events]


def _moved(event: Event, shift: timedelta) -> Event:
    moment = datetime.fromisoformat(event.at) + shift if "T" in event.at else None
    at = moment.isoformat() if moment is not None else event.at
    return event.model_copy(update={"at": at})


def _stale(url: str) -> None:
    """Raise the journal's revision, as any change does: its stored status is then stale."""
    with Journal.open(url) as journal, writing(journal.engine) as connection:
        bump_revision(connection, journal.name)


_MAIN = "import sys; from twitchcheck.adapters.cli import main; sys.argv[0] = 'twitchcheck'; sys.exit(main())"
"""What the `twitchcheck` console script runs."""


def _cli(url: str, *args: str) -> Callable[[], float]:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached

    def run() -> float:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, "status", *args, "--db", url],
            env=env,
            capture_output=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"status failed: {done.stderr.decode()[-500:]}")
        return elapsed * 1000

    return run


def _bare() -> float:
    """The floor of any command: a fresh interpreter importing pydantic and typer (bench_startup.py's)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pydantic, typer"], check=True)
    return (time.perf_counter() - start) * 1000


def _prepare(cases: list[Case]) -> None:
    kb = load_knowledge()
    for case in cases:
        events = _journal_events(dict(SIZES)[case.size])
        with Journal.open(case.url, zone="UTC") as journal:
            journal.add(events, kind="import")
            refresh_status(journal, datetime.now(UTC), kb)
        case.events = len(events)


def _server(case: Case) -> dict[str, Callable[[], float]]:
    from fastapi.testclient import TestClient

    from twitchcheck.adapters.web import create_app
    from twitchcheck.adapters.web.settings import Settings

    client = TestClient(create_app(Settings(database=case.url, zone="UTC")))
    client.__enter__()

    def get(path: str, stale: bool = False) -> Callable[[], float]:
        def run() -> float:
            if stale:
                _stale(case.url)
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, response.text[:300]
            return elapsed * 1000

        return run

    get("/status")()  # draws the charts once: the page's own cache
    return {
        "GET /api/v1/status (stored)": get("/api/v1/status"),
        "status page (stored, charts kept)": get("/status"),
        "status page (stale: computed, stored, charts drawn)": get("/status", stale=True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core (the CLI's children inherit it)

    folder = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    cases = [Case("SQLite", size, 0, f"sqlite:///{folder / f'{days}.db'}") for size, days in SIZES]
    schemas: list[str] = []
    if not options.no_postgres:
        engine = create_engine(POSTGRES)
        with engine.begin() as connection:
            for _, days in SIZES:
                schema = f"bench_watch_{days}"
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
                schemas.append(schema)
        cases += [
            Case("PostgreSQL", size, 0, f"{POSTGRES}?options=-csearch_path%3D{schema}")
            for (size, _), schema in zip(SIZES, schemas, strict=True)
        ]
    try:
        _prepare(cases)
        runs: dict[tuple[str, str, str], Callable[[], float]] = {
            ("reference", "", '`python -c "import pydantic, typer"`'): _bare,
        }
        for case in cases:
            key = (case.backend, case.size)
            server = _server(case)
            # In this order each round: what reads a current stored status first, then what makes it stale
            # (the page last: it draws the charts the next round's page finds kept).
            runs[(*key, "status page (stored, charts kept)")] = server["status page (stored, charts kept)"]
            runs[(*key, "GET /api/v1/status (stored)")] = server["GET /api/v1/status (stored)"]
            runs[(*key, "`status -f json` (stored)")] = _cli(case.url, "-f", "json")
            runs[(*key, "`status` dashboard (stored)")] = _cli(case.url)
            stale_json = _cli(case.url, "-f", "json")

            def stale_cli(url: str = case.url, run: Callable[[], float] = stale_json) -> float:
                _stale(url)
                return run()

            runs[(*key, "`status -f json` (stale: computed and stored)")] = stale_cli
            name = "status page (stale: computed, stored, charts drawn)"
            runs[(*key, name)] = server[name]
        for run in runs.values():  # warm: byte code, the knowledge base's cache, each app's first requests
            run()
        times: dict[tuple[str, str, str], list[float]] = {measure: [] for measure in runs}
        for _ in range(options.rounds):
            for measure, run in runs.items():
                times[measure].append(run())
        _print(cases, times, options.rounds)
    finally:
        if schemas:
            with create_engine(POSTGRES).begin() as connection:
                for schema in schemas:
                    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _print(cases: list[Case], times: dict[tuple[str, str, str], list[float]], rounds: int) -> None:
    events = {(case.backend, case.size): case.events for case in cases}
    measures = list(dict.fromkeys(key[2] for key in times if key[0] != "reference"))
    print(f"Median of {rounds} rounds (every case in turn each round), ms; x = against 3 months.\n")
    bare = statistics.median(next(value for key, value in times.items() if key[0] == "reference"))
    print(
        f'Reference: a fresh `python -c "import pydantic, typer"` {bare:.0f} ms (the floor of a command).\n'
    )
    for backend in dict.fromkeys(case.backend for case in cases):
        print(f"#### {backend}\n")
        header = " | ".join(f"{size} ({events[(backend, size)]:,} events)" for size, _ in SIZES)
        print(f"| what | {header} | goal |")
        print("|---|" + "---:|" * len(SIZES) + "---|")
        for measure in measures:
            medians = [statistics.median(times[(backend, size, measure)]) for size, _ in SIZES]
            cells = " | ".join(
                f"{median:.0f}" + ("" if index == 0 else f" ({median / medians[0]:.1f}x)")
                for index, median in enumerate(medians)
            )
            goal = ""
            if measure.startswith("`status") and "stale" not in measure:
                met = medians[-1] < CLI_GOAL_S * 1000
                goal = f"3 years < {CLI_GOAL_S * 1000:.0f} ms: {'met' if met else 'MISSED'}"
            elif measure.startswith("status page (stored"):
                goal = f"< {PAGE_GOAL_MS:.0f} ms: {'met' if medians[-1] < PAGE_GOAL_MS else 'MISSED'}"
            print(f"| {measure} | {cells} | {goal} |")
        print()


if __name__ == "__main__":
    main()
