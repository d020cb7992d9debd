"""Triage accuracy on the vignette suite, by category: `.venv/bin/python bench/vignette_accuracy.py`.

Prints a Markdown table: how many vignettes land on their expected level, how many are over- or
under-triaged, and whether every emergency was caught.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from twitchcheck import assess
from twitchcheck.core.report import LEVELS

ROOT = Path(__file__).resolve().parents[1]
RANK = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def main() -> None:
    vignettes: list[dict[str, Any]] = yaml.safe_load(
        (ROOT / "tests" / "engine" / "vignettes.yaml").read_text()
    )
    rows: dict[str, Counter[str]] = {}
    for vignette in vignettes:
        got = assess(vignette["report"]).triage.level
        expected = vignette["expected_level"]
        outcome = "exact" if got == expected else "over" if RANK[got] > RANK[expected] else "under"
        rows.setdefault(vignette["category"], Counter())[outcome] += 1
    print("| category | vignettes | expected level | over-triaged | under-triaged |")
    print("|---|---:|---:|---:|---:|")
    total: Counter[str] = Counter()
    for category in ("emergency", "urgent", "see_doctor", "self_care", "near_miss"):
        counts = rows.get(category, Counter())
        total.update(counts)
        n = sum(counts.values())
        print(f"| {category} | {n} | {counts['exact']} | {counts['over']} | {counts['under']} |")
    n = sum(total.values())
    print(
        f"| **all** | {n} | {total['exact']} ({total['exact'] / n:.0%}) "
        f"| {total['over']} | {total['under']} |"
    )


if __name__ == "__main__":
    main()
