"""HTTP throughput and latency of `POST /api/v1/assessments` against a trivial endpoint of the same app.

The server is the real thing (`twitchcheck serve --workers 2`, uvicorn, single-user mode on a throwaway SQLite
journal); the load comes from a second process on this machine, `wrk` (Debian package `wrk`), with a fixed
number of connections. Rounds alternate between the two endpoints so that the machine's speed drift hits both
alike. The goal: the assessment endpoint keeps at least 70% of the trivial endpoint's requests per second.

The assessment bodies are the typical mix of bench_assess.py (the vignette suite plus the contract's leg-day
example), sent round-robin by a small Lua script.

Run: `.venv/bin/python bench/bench_web.py [--ceiling]` (prints a Markdown table). `--ceiling` measures again
on the same app with the engine replaced by a look-up of its answers (web_ceiling.py): how much of the trivial
endpoint's throughput the assessment route could keep with an infinitely fast engine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench_assess import typical_reports
from web_ceiling import LEAN_PATH

HERE = Path(__file__).resolve().parent
SCRIPT = Path(sys.executable).with_name("twitchcheck")
GOAL_RATIO = 0.70
TRIVIAL_PATH = "/api/v1/ping"
ASSESS_PATH = "/api/v1/assessments"

_LUA = """
local bodies = {}
local file = io.open("%(bodies)s", "r")
for line in file:lines() do bodies[#bodies + 1] = line end
file:close()
local counter = 0
request = function()
  counter = counter + 1
  local body = bodies[(counter %% #bodies) + 1]
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"}, body)
end
"""


@dataclass(frozen=True)
class Round:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not come up within {timeout_s:.0f} s")


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(url: str, seconds: int, connections: int, script: Path | None) -> Round:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if rate is None or p50 is None or p99 is None:
        raise SystemExit(f"could not read wrk's output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Round(float(rate.group(1)), _milliseconds(p50.group(1)), _milliseconds(p99.group(1)),
                 int(errors.group(1)) if errors else 0)  # fmt: skip


@contextmanager
def serving(tmp: Path, workers: int, ceiling: bool) -> Iterator[str]:
    """The app served by `workers` processes on a throwaway SQLite journal; yields its base URL.

    `ceiling`: the benchmark's engine-free app (web_ceiling.py) under uvicorn with the settings `twitchcheck
    serve` would pass; otherwise the real `twitchcheck serve`.
    """
    port = free_port()
    database = str(Path(tmp) / ("ceiling.db" if ceiling else "journal.db"))
    if ceiling:
        from twitchcheck.adapters.storage.journal import open_engine
        from twitchcheck.adapters.web.settings import Settings

        open_engine(database).dispose()  # migrated once before the workers start, as `serve` does
        env = {**os.environ, **Settings(database=database).to_env()}
        command = [sys.executable, "-m", "uvicorn", "web_ceiling:app", "--factory", "--app-dir", str(HERE),
                   "--host", "127.0.0.1", "--port", str(port), "--no-server-header",
                   "--log-level", "info"]  # fmt: skip
    else:
        env = {**os.environ, "TWITCHCHECK_DB": database}
        command = [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(targets: list[tuple[str, Path | None]], args: argparse.Namespace) -> list[list[Round]]:
    """Rounds of each (URL, wrk script) in turn, after a warm-up of each: every worker loads the knowledge
    base and fills its caches."""
    for url, script in targets:
        run_wrk(url, 2, args.connections, script)
    rounds: list[list[Round]] = [[] for _ in targets]
    for _ in range(args.rounds):
        for index, (url, script) in enumerate(targets):
            rounds[index].append(run_wrk(url, args.seconds, args.connections, script))
    return rounds


def row(name: str, rounds: list[Round]) -> tuple[float, str]:
    rate = statistics.median(r.requests_per_s for r in rounds)
    p50 = statistics.median(r.p50_ms for r in rounds)
    p99 = statistics.median(r.p99_ms for r in rounds)
    errors = sum(r.errors for r in rounds)
    return rate, f"| {name} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {errors} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per endpoint")
    parser.add_argument("--seconds", type=int, default=5, help="length of each round")
    parser.add_argument("--connections", type=int, default=64, help="enough to spread over both workers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also serve the app with the engine replaced by a look-up of its answers (web_ceiling.py): the "
        "share no engine, however fast, could exceed",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    lines = ["| endpoint | requests/s | p50 ms | p99 ms | non-2xx |", "|---|---:|---:|---:|---:|"]
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "bodies.jsonl"
        bodies.write_text("".join(json.dumps(report) + "\n" for report in typical_reports()))
        lua = Path(tmp) / "assess.lua"
        lua.write_text(_LUA % {"bodies": bodies, "path": ASSESS_PATH})
        with serving(Path(tmp), args.workers, ceiling=False) as base:
            trivial, assessing = measure([(base + TRIVIAL_PATH, None), (base, lua)], args)
        trivial_rate, trivial_row = row(f"`GET {TRIVIAL_PATH}` (trivial)", trivial)
        assess_rate, assess_row = row(f"`POST {ASSESS_PATH}` (typical mix)", assessing)
        lines += [trivial_row, assess_row]
        ratio = assess_rate / trivial_rate
        verdicts.append(f"assessments keep {ratio:.0%} of the trivial endpoint's throughput")
        if args.ceiling:
            lean_lua = Path(tmp) / "lean.lua"
            lean_lua.write_text(_LUA % {"bodies": bodies, "path": LEAN_PATH})
            with serving(Path(tmp), args.workers, ceiling=True) as base:
                rounds = measure([(base + TRIVIAL_PATH, None), (base, lua), (base, lean_lua)], args)
            rates = []
            names = (
                f"ceiling app: `GET {TRIVIAL_PATH}`",
                f"ceiling app: `POST {ASSESS_PATH}`, engine replaced by a look-up of its answers",
                f"ceiling app: `POST {LEAN_PATH}`, a route with no dependencies, same look-up",
            )
            for name, measured in zip(names, rounds, strict=True):
                rate, line = row(name, measured)
                rates.append(rate)
                lines.append(line)
            verdicts.append(
                f"with no engine at all the route could keep at most {rates[1] / rates[0]:.0%} "
                f"(a route with no dependencies {rates[2] / rates[0]:.0%})"
            )

    print(f"{args.workers} workers, wrk: 1 thread, {args.connections} connections, {args.rounds} rounds of "
          f"{args.seconds} s per endpoint (medians)\n")  # fmt: skip
    print("\n".join(lines))
    print()
    print("\n".join(verdicts))
    print(f"(goal >= {GOAL_RATIO:.0%}: {'met' if ratio >= GOAL_RATIO else 'NOT met'})")


if __name__ == "__main__":
    main()
