"""Throughput of assess() on typical reports, on one core.

"Typical" = the vignette suite (74 realistic reports, from bare to fully filled) plus the contract's leg-day
example. Run: `.venv/bin/python bench/bench_assess.py` (prints a Markdown table; goal >= 20,000 reports/s).
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from twitchcheck import assess, load_knowledge
from twitchcheck.testing import LEG_DAY, minimal

ROOT = Path(__file__).resolve().parents[1]
GOAL_PER_S = 20_000


def typical_reports() -> list[dict[str, Any]]:
    vignettes = yaml.safe_load((ROOT / "tests" / "engine" / "vignettes.yaml").read_text())
    return [dict(LEG_DAY), *(vignette["report"] for vignette in vignettes)]


def per_second(reports: list[Any], rounds: int = 7, min_seconds: float = 0.3) -> list[float]:
    """Reports per second in each of `rounds` timed rounds (each at least `min_seconds`)."""
    kb = load_knowledge()
    for report in reports:  # warm caches, as a long-running process would be
        assess(report, knowledge=kb)
    results = []
    for _ in range(rounds):
        count = 0
        gc.collect()
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < min_seconds:
            for report in reports:
                assess(report, knowledge=kb)
            count += len(reports)
        results.append(count / elapsed)
    return results


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    cases = {
        "typical mix (75 reports)": typical_reports(),
        "leg-day example (fully filled)": [dict(LEG_DAY)],
        "bare report (required fields only)": [minimal()],
    }
    print("| workload | reports/s (median of 7) | µs/report | goal |")
    print("|---|---:|---:|---|")
    for name, reports in cases.items():
        rates = per_second(reports)
        median = statistics.median(rates)
        goal = (
            f">= {GOAL_PER_S:,}/s: {'met' if median >= GOAL_PER_S else 'NOT met'}"
            if "typical" in name
            else ""
        )
        print(f"| {name} | {median:,.0f} | {1e6 / median:.1f} | {goal} |")


if __name__ == "__main__":
    main()
