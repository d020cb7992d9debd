"""Start-up of `twitchcheck check --input F --format json` against a bare `python -c "import pydantic,
typer"`, measured as a ratio in one run on the same machine (issue 13: within 2x).

Run: `.venv/bin/python bench/bench_startup.py [--runs 30]` (prints a Markdown table). The two commands run in
turns, so a machine that slows down slows both; each runs twice unmeasured first (the knowledge base's
start-up cache is written then, as on a person's first check). No journal is present (temporary data and
cache homes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("twitchcheck")
EXAMPLE = ROOT / "examples" / "report-leg-day.json"
GOAL_RATIO = 2.0
WARM_UP_RUNS = 2

COMMANDS: dict[str, list[str]] = {
    'python -c "import pydantic, typer"': [sys.executable, "-c", "import pydantic, typer"],
    "twitchcheck check --input examples/report-leg-day.json --format json": [
        str(SCRIPT), "check", "--input", str(EXAMPLE), "--format", "json",
    ],
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="measured runs per command (default 30)")
    runs = parser.parse_args().runs
    if not SCRIPT.exists():
        raise SystemExit(f"no console script at {SCRIPT}: install the package (pip install -e .)")
    with tempfile.TemporaryDirectory(prefix="twitchcheck-startup-") as home:
        env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_CACHE_HOME": f"{home}/cache"}
        env.pop("TWITCHCHECK_DB", None)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for index in range(WARM_UP_RUNS + runs):
            for name, args in COMMANDS.items():
                start = time.perf_counter()
                done = subprocess.run(args, capture_output=True, env=env, check=False)
                elapsed = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr.decode()}")
                if index >= WARM_UP_RUNS:
                    times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare, check = medians.values()
    print("| command | runs | median ms | min ms |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        print(f"| `{name}` | {runs} | {medians[name] * 1000:.0f} | {min(values) * 1000:.0f} |")
    verdict = "met" if check / bare <= GOAL_RATIO else "NOT met"
    print(f"\nratio check / bare: {check / bare:.2f} (goal <= {GOAL_RATIO:.1f}: {verdict})")


if __name__ == "__main__":
    main()
