"""The coach's view of a club: `GET /coach` (the page), `GET /api/v1/coach/people` and its CSV, for coaches of
10, 100 and 1,000 athletes, on SQLite and on PostgreSQL; each athlete has four weeks of journal.

Run: `.venv/bin/python bench/bench_coach.py [--sizes 10,100,1000] [--rounds 15]` (prints Markdown tables;
goal: the page for 1,000 athletes < 300 ms server time). PostgreSQL comes from $TWITCHCHECK_TEST_POSTGRES
(default: the local server, a fresh schema dropped afterwards); it is left out if unreachable.

Server time is measured in-process (ASGI through Starlette's TestClient: routing, the session, the query,
the template, no network), from request to the whole body. Every athlete logged through `services.log_events`,
so each has the stored status a real one would have; the app's clock is pinned to just after the last log, so
the stored statuses are current (the sweep's job in a served app). For reference the table also gives the
way the page read them before (each journal opened in turn: `services.coach_status`), and the cost when every
status is stale (a day later, so each is computed again and stored: what the first view after a long pause
without the sweep would pay).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError

from twitchcheck import load_knowledge
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.club import Club
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.services import coach_status, log_events
from twitchcheck.services.coach import coach_people

GOAL_MS = 300.0
DAYS = 28
START = date(2026, 10, 1)
NOW = datetime(2026, 10, 28, 23, 0, tzinfo=UTC)
"""An hour after the last day's logs: every stored status is current (valid until midnight at least)."""
PASSWORD = "correct horse battery"
POSTGRES = os.environ.get("TWITCHCHECK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def four_weeks(index: int) -> JournalBuilder:
    """An athlete's four weeks: training most days, drinks, caffeine, sleep, twitching now and then; some
    with a warning sign on the last day (dark urine, weakness), some twitching every day (it persists)."""
    rng = random.Random(index)
    journal = JournalBuilder(START)
    every_day = index % 5 == 2
    for day in range(DAYS):
        journal.sleep(day, round(rng.uniform(6, 9), 1))
        journal.caffeine(day, 8, rng.choice([63, 95]))
        journal.fluid(day, 12, 500)
        if day % 7 != 6:
            journal.workout(day, 18, duration_min=rng.choice([45, 60, 90]), rpe=rng.choice([5, 6, 7, 8]))
            journal.fluid(day, 19.5, 750, electrolytes=rng.random() < 0.3)
        if every_day or rng.random() < 0.3:
            journal.twitch(day, 21, regions=[rng.choice(["calf", "quadriceps", "eyelid"])])
    if index % 50 == 0:
        journal.symptom(DAYS - 1, "dark_urine", True, hour=21.5)
    elif index % 20 == 1:
        journal.symptom(DAYS - 1, "weakness", True, hour=21.5)
    return journal


def _club(engine: Engine, sizes: list[int], kb: KnowledgeBase) -> dict[int, str]:
    """One coach per size, each shared with the first `size` athletes; returns the coaches' emails."""
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # the set-up, not timed
    coaches = {}
    coaches_by_email = {}
    for size in sizes:
        email = f"coach-{size}@example.org"
        coaches_by_email[email] = accounts.register(engine, email, PASSWORD, "UTC", NOW)
        coaches[size] = email
    logged_at = NOW - timedelta(minutes=30)
    for index in range(max(sizes)):
        athlete = accounts.register(engine, f"athlete-{index:04d}@example.org", "x" * 12, "UTC", NOW)
        if index % 25 != 3:  # some have logged nothing yet
            journal = Journal(engine, athlete.journal_name)
            log_events(journal, four_weeks(index).events, now=logged_at, knowledge=kb)
        for size, coach in coaches.items():
            if index < size:
                accounts.share(engine, athlete, coach, NOW, client_ip="127.0.0.1")
                accounts.accept_share(engine, coaches_by_email[coach], athlete.id, NOW)
    return coaches


def timed(run: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    """Median and p95 wall ms, and median CPU ms of this process (the app runs in it: on a loaded machine
    the CPU time is what the request itself costs; PostgreSQL's own work is in its server, not counted)."""
    run()  # warm: the template, the statements' caches
    wall, cpu = [], []
    for _ in range(rounds):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(0.95 * (len(wall) - 1))], statistics.median(cpu)


def bench(label: str, url: str, sizes: list[int], rounds: int, kb: KnowledgeBase) -> list[str]:
    app = create_app(Settings(database=url, accounts=True))
    moment = [NOW]
    app.dependency_overrides[deps.now] = lambda: moment[0]
    rows = []
    with TestClient(app, base_url="http://localhost") as client:
        engine = deps.app_engine(app.state, Settings(database=url, accounts=True))
        started = time.perf_counter()
        coaches = _club(engine, sizes, kb)
        took = time.perf_counter() - started
        print(f"{label}: {max(sizes):,} athletes logged in {took:.0f} s", file=sys.stderr)

        def sign_in(size: int) -> accounts.Account:
            client.cookies.clear()
            signed_in = client.post("/api/v1/session", json={"email": coaches[size], "password": PASSWORD})
            assert signed_in.status_code < 300, signed_in.text
            return accounts.authenticate(engine, coaches[size], PASSWORD, "bench", NOW)

        def get(path: str) -> Callable[[], object]:
            def run() -> object:
                response = client.get(path)
                assert response.status_code == 200, response.text
                return response

            return run

        measured = {}
        for size in sizes:
            coach = sign_in(size)

            def one_at_a_time(coach: accounts.Account = coach) -> object:
                return [
                    coach_status(Journal(engine, person.journal_name, zone=person.zone), NOW, kb)
                    for person in accounts.people_sharing_with(engine, coach)
                ]

            measured[size] = (
                timed(get("/coach"), rounds),
                timed(get("/api/v1/coach/people"), rounds),
                timed(get("/api/v1/coach/people.csv"), rounds),
                timed(partial(coach_people, Club(engine), coach.id, NOW, kb), rounds),
                timed(one_at_a_time, max(3, rounds // 3)),
            )
        for days, size in enumerate(sizes, start=1):
            # A later day for each size, so that every status it shows is stale: each computed and stored.
            sign_in(size)
            moment[0] = NOW + timedelta(days=days)
            start = time.perf_counter()
            get("/coach")()
            stale = (time.perf_counter() - start) * 1000
            page, api, csv, service, before = measured[size]
            goal = (
                f"< {GOAL_MS:.0f} ms: {'met' if page[1] < GOAL_MS else 'NOT MET'}"
                if size == sizes[-1]
                else ""
            )
            rows.append(
                f"| {label} | {size:,} | {page[0]:.0f} / {page[1]:.0f} | {page[2]:.0f} | {api[0]:.0f} "
                f"| {csv[0]:.0f} | {service[0]:.0f} | {before[0]:.0f} | {stale:,.0f} | {goal} |"
            )
    return rows


@contextmanager
def postgres_schema() -> Iterator[str | None]:
    engine = create_engine(POSTGRES)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except OperationalError as error:
        print(f"PostgreSQL left out: {error.orig}", file=sys.stderr)
        engine.dispose()
        yield None
        return
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="athletes per coach, comma-separated")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    kb = load_knowledge()
    rows = [
        "| database | athletes | page p50 / p95 ms | page CPU ms | API ms | CSV ms | `coach_people` ms "
        "| before: one journal at a time ms | page, every status stale ms | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    if args.only != "postgresql":
        folder = Path(tempfile.mkdtemp(prefix="tc-bench-coach-"))
        rows += bench("SQLite (file, WAL)", f"sqlite:///{folder / 'club.db'}", sizes, args.rounds, kb)
    if args.only != "sqlite":
        with postgres_schema() as url:
            if url is not None:
                rows += bench("PostgreSQL (local, TCP)", url, sizes, args.rounds, kb)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
