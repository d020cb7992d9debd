"""Free text on descriptions no one on the team wrote: the outside corpus's development and final parts beside
the team's own corpus (the generalisation gap), and the time to read a long story.

Run: `.venv/bin/python bench/bench_outside.py` (add `--write` to update its section of bench/README.md).

The final part is run only to report: the reader is never changed because of one of its cases
(tests/text/outside/README.md). Times are wall-clock on this machine, which drifts up to 2x between days, so
each is shown beside a reference measured in the same run (parsing a one-line description).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.text.outside_eval import load_part, read_all, score, summary  # noqa: E402
from tests.text.support import NOW, flatten, load_corpus, same  # noqa: E402

from readme_section import write_section  # noqa: E402
from twitchcheck import load_knowledge  # noqa: E402
from twitchcheck.errors import InputError  # noqa: E402
from twitchcheck.text import MAX_TEXT_CHARS, parse_text  # noqa: E402
from twitchcheck.text.assess import NotUnderstood, assess_understanding  # noqa: E402
from twitchcheck.text.resemblance import load_model, resemblance  # noqa: E402

STORY_CHARS = 2_000
GOAL_STORY_MS = 50.0
ROWS = (
    "acceptable level",
    "under-triaged",
    "emergencies caught",
    "refused (says where and how long)",
    "stated red flags found",
    "near-miss flags raised",
    "durations in range",
    "regions found",
)


def _best_ms(text: str, rounds: int, read: Callable[[str], object] = parse_text) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        read(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _team_corpus() -> dict[str, str]:
    """The team's own corpus: phrasings read with every stated field right, and warning signs found."""
    kb = load_knowledge()
    cases = list(load_corpus())
    right = flagged = flags = 0
    for case in cases:
        understanding = parse_text(case.text, now=NOW)
        got = flatten(understanding.fields)
        right += all(
            path in got and same(value, got[path])
            for path, value in case.expect.items()
            if path not in case.known_miss  # documented in the corpus, with the reason
        )
        if case.flags:
            try:
                result = assess_understanding(understanding, knowledge=kb, now=NOW)
                found = {flag.id for flag in result.assessment.red_flags}
            except NotUnderstood:
                found = set()
            flags += len(case.flags)
            flagged += len(set(case.flags) & found)
    return {
        "cases": str(len(cases)),
        "read as stated": f"{right / len(cases):.1%}",
        "stated red flags found": f"{flagged / flags:.1%}" if flags else "n/a",
    }


def report(rounds: int) -> str:
    kb = load_knowledge()
    parts = {
        (part, opinion): summary(score(read_all(load_part(part), kb, second_opinion=opinion)))
        for part in ("dev", "final")
        for opinion in (False, True)
    }
    team = _team_corpus()
    out = [
        "| on | cases | " + " | ".join(ROWS) + " |",
        "|---|---:|" + "---:|" * len(ROWS),
    ]
    labels = (
        (("dev", False), "outside, development part, rules alone"),
        (("dev", True), "outside, development part, with the second opinion (trained on it)"),
        (("final", False), "outside, final part (never tuned or trained on), rules alone"),
        (("final", True), "outside, final part, with the second opinion: **as the product reads it**"),
    )
    for key, label in labels:
        row = parts[key]
        out.append(f"| {label} | {row['cases']} | " + " | ".join(str(row[name]) for name in ROWS) + " |")
    out.append(
        f"| team corpus (every stated field read right: {team['read as stated']}) | {team['cases']} "
        f"| | | | | {team['stated red flags found']} | | | |"
    )
    stories = sorted((case.text for part in ("dev", "final") for case in load_part(part)), key=len)[-20:]
    stories = [(text * (STORY_CHARS // len(text) + 1))[:STORY_CHARS] for text in stories]
    story_ms = [_best_ms(text, rounds) for text in stories]
    story = statistics.median(story_ms)
    one_line = _best_ms("calves twitching since yesterday after leg day", rounds)
    at_limit = ("calves twitching since yesterday, no weakness, 2 coffees. " * 2000)[:MAX_TEXT_CHARS]
    start = time.perf_counter()
    parse_text(at_limit)
    limit_s = time.perf_counter() - start
    start = time.perf_counter()
    with contextlib.suppress(InputError):
        parse_text("calves twitching " * 10_000)
    refuse_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    load_model.__wrapped__()
    model_ms = (time.perf_counter() - start) * 1000
    model = load_model()
    opinion_ms = statistics.median(
        _best_ms(text, rounds, lambda t: resemblance(t, model)) for text in stories
    )
    out += [
        "",
        "| reading | ms | ratio to a one-line description | goal |",
        "|---|---:|---:|---|",
        f"| a one-line description (reference) | {one_line:.2f} | 1.0 | |",
        f"| a {STORY_CHARS:,}-character story (median of the 20 longest outside texts, repeated to "
        f"length; best of {rounds}) | {story:.1f} | {story / one_line:.0f} "
        f"| < {GOAL_STORY_MS:.0f} ms |",
        f"| the slowest of those stories | {max(story_ms):.1f} | {max(story_ms) / one_line:.0f} | |",
        f"| a text at the {MAX_TEXT_CHARS:,}-character limit (once) | {limit_s * 1000:.0f} | "
        f"{limit_s * 1000 / one_line:.0f} | < 10 s |",
        f"| refusing a 170,000-character text | {refuse_ms:.2f} | {refuse_ms / one_line:.1f} | < 100 ms |",
        f"| the second opinion on one of those stories (median) | {opinion_ms:.1f} | "
        f"{opinion_ms / one_line:.1f} | |",
        f"| loading the second opinion's weights (once per process) | {model_ms:.0f} | "
        f"{model_ms / one_line:.1f} | |",
    ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="replace its section of bench/README.md")
    args = parser.parse_args()
    text = report(args.rounds)
    print(text)
    if args.write:
        title = "### Free text on outside descriptions (`bench_outside.py`)"
        write_section("bench_outside", text, title=title)


if __name__ == "__main__":
    main()
