"""Cold start of the `twitchcheck` console script: a fresh process per run, as a user or a script starts it.

Run: `.venv/bin/python bench/bench_cli.py` (prints a Markdown table; goal: `check --format json` under 0.5 s).
Each command runs twice unmeasured first, so the numbers are process start-up and work, not a cold disk cache.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("twitchcheck")
EXAMPLE = ROOT / "examples" / "report-leg-day.json"
GOAL_S = 0.5
WARM_UP_RUNS = 2

COMMANDS: dict[str, list[str]] = {
    "check --input examples/report-leg-day.json --format json": [
        "check",
        "--input",
        str(EXAMPLE),
        "--format",
        "json",
    ],
    "--version": ["--version"],
}


def wall_times_s(args: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` fresh processes of the console script with `args`."""
    times: list[float] = []
    for index in range(WARM_UP_RUNS + runs):
        start = time.perf_counter()
        done = subprocess.run([str(SCRIPT), *args], capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(
                f"twitchcheck {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()}"
            )
        if index >= WARM_UP_RUNS:
            times.append(elapsed)
    return times


def p90(values: list[float]) -> float:
    """The 90th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="measured runs per command (default 20)")
    runs = parser.parse_args().runs
    if not SCRIPT.exists():
        raise SystemExit(f"no console script at {SCRIPT}: install the package (pip install -e .)")
    print(f"| command | runs | median ms | p90 ms | max ms | goal < {GOAL_S * 1000:.0f} ms |")
    print("|---|---:|---:|---:|---:|---|")
    for name, args in COMMANDS.items():
        times = wall_times_s(args, runs)
        median = statistics.median(times)
        goal = ("met" if median < GOAL_S else "NOT met") if args[0] == "check" else ""
        print(
            f"| `twitchcheck {name}` | {runs} | {median * 1000:.0f} | {p90(times) * 1000:.0f} "
            f"| {max(times) * 1000:.0f} | {goal} |"
        )


if __name__ == "__main__":
    main()
