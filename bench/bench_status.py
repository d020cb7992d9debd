"""Time of `twitchcheck status` and `twitchcheck triggers` over three years of daily logs, in memory.

The journal: 1,096 days, about 9 events a day (a workout most days, caffeine twice, drinks, sleep, body
mass, twitching on about half the days, weekly strength and circumference tests, a symptom check now and
then). Timed:
`analyse` + `journal_assessment` + `trend_findings` (status), and `journal_triggers` + `trigger_findings`
(triggers), each from an already built History (loading it from storage is not in the figure; building the
History from parsed events is shown for reference).
Run: `.venv/bin/python bench/bench_status.py` (prints a Markdown table; goal: status < 200 ms).
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from twitchcheck import load_knowledge
from twitchcheck.journal.analysis import analyse
from twitchcheck.journal.events import History
from twitchcheck.journal.findings import trend_findings, trigger_findings
from twitchcheck.journal.link import journal_assessment, journal_triggers
from twitchcheck.journal.scenarios import JournalBuilder

GOAL_MS = 200.0
DAYS = 3 * 365 + 1


def three_years(seed: int = 1) -> JournalBuilder:
    rng = random.Random(seed)
    journal = JournalBuilder(date(2023, 11, 1))
    for day in range(DAYS):
        journal.sleep(day, round(rng.uniform(5, 9), 1))
        journal.body_mass(day, 7.5, round(70 + rng.gauss(0, 0.5), 1))
        journal.caffeine(day, 8, 95)
        journal.caffeine(day, 14, rng.choice([63, 95, 150]))
        journal.fluid(day, 12, 500)
        journal.fluid(day, 16, 330)
        if day % 7 != 6:
            regions = rng.choice(
                [["calf", "quadriceps"], ["biceps", "triceps", "chest"], ["hamstring", "glute"]]
            )
            journal.workout(
                day, 18, duration_min=rng.choice([45, 60, 75]), rpe=rng.choice([5, 6, 7, 8]), regions=regions
            )
            journal.fluid(day, 19.5, 750, electrolytes=rng.random() < 0.3)
        if rng.random() < 0.5:
            journal.twitch(day, 21, regions=rng.choice([["calf"], ["quadriceps"], ["eyelid"], ["biceps"]]))
        if day % 7 == 0:
            for side in ("left", "right"):
                journal.strength(day, "grip", round(40 + rng.gauss(0, 1.5), 1), side=side)
                journal.circumference(day, "calf", side, round(37 + rng.gauss(0, 0.2), 1))
        if day % 14 == 0:
            journal.symptom(day, "weakness", False)
    return journal


def timed(run: Callable[[], object], rounds: int = 21) -> list[float]:
    run()  # warm: imports (scipy), caches
    results = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        run()
        results.append((time.perf_counter() - start) * 1000)
    return results


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    kb = load_knowledge()
    journal = three_years()
    history = journal.history()
    now = journal.moment(DAYS - 1, 22)

    def status() -> object:
        found = analyse(history, now, kb)
        assessment = journal_assessment(history, now, kb, analyses=found)
        return assessment.to_contract(), trend_findings(found, kb)

    def triggers() -> object:
        return trigger_findings(journal_triggers(history, now, kb), kb)

    def both() -> object:
        return status(), triggers()

    print(f"Journal: {len(history):,} events over {DAYS:,} days ({len(history) / DAYS:.1f} a day).\n")
    print("| command | median ms | p95 ms | goal |")
    print("|---|---:|---:|---|")

    def build() -> object:
        return History.of(journal.events, journal.zone)

    runs = (
        ("status", status),
        ("triggers", triggers),
        ("status + triggers", both),
        ("History.of (for reference)", build),
    )
    for name, run in runs:
        times = sorted(timed(run))
        median = statistics.median(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        goal = f"< {GOAL_MS:.0f} ms: {'met' if p95 < GOAL_MS else 'MISSED'}" if name == "status" else ""
        print(f"| {name} | {median:.1f} | {p95:.1f} | {goal} |")


if __name__ == "__main__":
    main()
