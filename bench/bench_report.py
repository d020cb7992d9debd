"""Time of the doctor's report (`twitchcheck report`) for a three-month journal, in memory.

The journal: 92 days of daily logs like bench_status.py's (a workout most days, caffeine twice, drinks,
sleep, body mass, twitching on about half the days, weekly strength and circumference tests). Timed from an
already built History (storage not included): `build_report` (analyses, assessment, triggers and the six
charts), `render_html`, and `render_pdf` (HTML + WeasyPrint), for the default 8-week window.
Run: `.venv/bin/python bench/bench_report.py` (prints a Markdown table; goal: the whole report as PDF in
under 5 s on one core).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_status import three_years, timed
from twitchcheck import load_knowledge
from twitchcheck.adapters.clinical import build_report, render_html, render_pdf

GOAL_MS = 5000.0
DAYS = 92


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    kb = load_knowledge()
    whole = three_years()
    journal = type(whole)(whole.start, whole.zone)
    last = whole.moment(DAYS, 0)
    journal.events = [event for event in whole.events if event.at < last.isoformat()[:10]]
    history = journal.history()
    now = journal.moment(DAYS - 1, 22)
    made = build_report(history, now=now, knowledge=kb)

    runs = (
        ("build_report (analyses, assessment, charts)", lambda: build_report(history, now=now, knowledge=kb)),
        ("render_html", lambda: render_html(made)),
        ("render_pdf", lambda: render_pdf(made)),
        (
            "build + PDF (twitchcheck report)",
            lambda: render_pdf(build_report(history, now=now, knowledge=kb)),
        ),
    )
    print(f"Journal: {len(history):,} events over {DAYS} days; report window {made.start} to {made.end}.\n")
    print("| step | median ms | p95 ms | goal |")
    print("|---|---:|---:|---|")
    for name, run in runs:
        times = sorted(timed(run, rounds=7))
        median = statistics.median(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        goal = (
            f"< {GOAL_MS:.0f} ms: {'met' if p95 < GOAL_MS else 'MISSED'}"
            if name.startswith("build +")
            else ""
        )
        print(f"| {name} | {median:.0f} | {p95:.0f} | {goal} |")


if __name__ == "__main__":
    main()
