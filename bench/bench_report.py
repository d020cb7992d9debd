"""Time of the doctor's report (`twitchcheck report`) for a three-month journal, in memory.

The journal: 92 days of daily logs like bench_status.py's (a workout most days, caffeine twice, drinks,
sleep, body mass, twitching on about half the days, weekly strength and circumference tests). Timed from an
already built History (storage not included): `build_report` (analyses, assessment, triggers and the six
charts), `render_html`, and `render_pdf` (HTML + WeasyPrint), for the default 8-week window.
Run: `.venv/bin/python bench/bench_report.py` (prints a Markdown table; goal: the whole report as PDF in
under 5 s on one core).

`--three-years`: the report of the whole three-year journal (9,735 events) from a SQLite file, step by step
(reading the events, the status, the build with its charts, HTML, PDF), `twitchcheck report` of it in a fresh
process (imports and WeasyPrint's first use included: the goal, under 3 s), and whether a report made from its
window and the N days before it alone says the same as the one made from the whole journal (issue 15 part 4:
"the report reads only its window and the few things it needs before it").

`--three-years --against SRC [--rounds N]`: only the fresh-process `twitchcheck report`, of this tree and of
another source tree (SRC: its `src` folder, e.g. a `git archive` of the commit before, put first on
PYTHONPATH), N rounds (default 7) taken in turns in one run, wall and CPU (the process and its children);
the machine's speed drifts between runs, so compare within one run.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_status import DAYS as THREE_YEARS
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


def three_year_report() -> None:
    """The whole journal's report from SQLite, step by step, and what a windowed read would change."""
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.adapters.storage.rows import read_rows
    from twitchcheck.journal.events import History
    from twitchcheck.services.doctor import doctor_report

    kb = load_knowledge()
    path, now = _three_year_journal()

    steps: dict[str, list[float]] = {}
    for _ in range(3):
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            steps.setdefault(name, []).append((time.perf_counter() - clock) * 1000)
            clock = time.perf_counter()

        with Journal.open(str(path)) as journal:
            history = journal.history()
        lap("read 9,735 events from SQLite (History)")
        rows = read_rows(str(path))
        assert rows is not None
        assert rows.history() == history
        lap("the same with sqlite3 alone (`storage.rows`, as `twitchcheck report` reads)")
        doctor_report(history, now=now, knowledge=kb)
        lap("the window and the status (doctor_report)")
        made = build_report(history, now=now, knowledge=kb)
        lap("build_report (status, triggers, six charts)")
        render_html(made)
        lap("render_html")
        render_pdf(made)
        lap("render_pdf (HTML + WeasyPrint)")
    print(f"Three-year journal, report window {made.start} to {made.end}; median of 3 (after a first run).\n")
    print("| step | median ms |")
    print("|---|---:|")
    for name, times in steps.items():
        print(f"| {name} | {statistics.median(times[1:]):.0f} |")
    whole_ms = statistics.median(
        sum(steps[name][run] for name in steps if not name.startswith(("the window", "the same")))
        for run in range(1, len(next(iter(steps.values()))))
    )
    print(f"| read + build + PDF (in one warm process) | {whole_ms:.0f} |")
    cold = sorted(_cold_report(path, now)[0] for _ in range(3))
    verdict = "met" if cold[1] < THREE_YEAR_GOAL_MS else "MISSED"
    print(
        "| `twitchcheck report --out report.pdf` (fresh process, imports included; median of 3) |"
        f" {cold[1]:.0f} |"
        f"\n\nGoal: the 3-year report in under {THREE_YEAR_GOAL_MS / 1000:.0f} s: {verdict}."
    )

    def text(html: str) -> list[str]:
        return re.sub(r"<svg.*?</svg>", "<svg/>", html, flags=re.S).splitlines()

    full = text(render_html(made))
    print("\n| read from | events | lines of the report that differ (charts aside) | first difference |")
    print("|---|---:|---:|---|")
    for before in (28, 56, 182, 365):
        cut = made.start - timedelta(days=before)
        part = History.of([entry.event for entry in history.entries if entry.day >= cut], history.zone)
        windowed = build_report(part, start=made.start, end=made.end, now=now, knowledge=kb)
        lines = text(render_html(windowed))
        differ = [line for line in lines if line not in full]
        first = re.sub(r"<[^>]+>", "", differ[0]).strip()[:90] if differ else ""
        print(f"| the window and {before} days before | {len(part):,} | {len(differ)} | {first} |")


def _three_year_journal() -> tuple[Path, datetime]:
    """The 3-year journal in a new SQLite file, and the moment its report is made (its last evening)."""
    from twitchcheck.adapters.storage.journal import Journal

    whole = three_years()
    path = Path(tempfile.mkdtemp(prefix="bench-report-")) / "journal.db"
    with Journal.open(str(path), zone=str(whole.zone)) as journal:
        journal.add(whole.events, kind="import")
    return path, whole.moment(THREE_YEARS - 1, 22)


def against(other: Path, rounds: int) -> None:
    """The fresh-process report of this tree and of `other` (a `src` folder), in turns, in one run."""
    path, now = _three_year_journal()
    trees = {"this tree": None, str(other): other}
    for tree in trees.values():  # byte code written, files in the page cache
        _cold_report(path, now, tree)
    load = os.getloadavg()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _ in range(rounds):
        for name, tree in trees.items():
            times[name].append(_cold_report(path, now, tree))
    after = os.getloadavg()
    print(
        "`twitchcheck report --out report.pdf` of the 3-year journal, fresh processes,"
        f" {rounds} rounds in turns; load average {load[0]:.1f} before, {after[0]:.1f} after.\n"
    )
    print("| tree | wall ms (median) | min | max | CPU ms (median, with its children) |")
    print("|---|---:|---:|---:|---:|")
    for name, taken in times.items():
        walls = [wall for wall, _ in taken]
        wall, cpu = statistics.median(walls), statistics.median(cpu for _, cpu in taken)
        print(f"| {name} | {wall:.0f} | {min(walls):.0f} | {max(walls):.0f} | {cpu:.0f} |")
    ours, theirs = (statistics.median(wall for wall, _ in taken) for taken in times.values())
    print(f"\n{other} / this tree: {theirs / ours:.2f} (wall).")


THREE_YEAR_GOAL_MS = 3000.0
_MAIN = "import sys; from twitchcheck.adapters.cli import main; sys.argv[0] = 'twitchcheck'; sys.exit(main())"
"""What the `twitchcheck` console script runs."""


def _cold_report(path: Path, now: datetime, tree: Path | None = None) -> tuple[float, float]:
    """`twitchcheck report` of the journal as a person runs it: a fresh process, the PDF written; its wall
    and CPU time (ms; CPU with the second process it starts), of this tree or of the source folder `tree`."""
    out = path.with_name("report.pdf")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached
    if tree is not None:
        env["PYTHONPATH"] = str(tree)  # before the editable install's path
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            _MAIN,
            "report",
            "--db",
            str(path),
            "--as-of",
            now.isoformat(),
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    wall = (time.perf_counter() - start) * 1000
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (done.ru_utime + done.ru_stime - used.ru_utime - used.ru_stime) * 1000
    return wall, cpu


if __name__ == "__main__":
    if "--against" in sys.argv:
        given = sys.argv[sys.argv.index("--against") + 1]
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 7
        against(Path(given).resolve(), rounds)
    elif "--three-years" in sys.argv:
        three_year_report()
    else:
        main()
