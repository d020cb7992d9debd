"""The outside corpus (`tests/text/outside/`): descriptions no one who works on the reader wrote, and how a
reading of one is scored. Shared by the tests (`test_outside.py`) and the bench (`bench/bench_outside.py`).

Development happens on `dev.yaml` only; `final.yaml` is run to report, and the reader is never changed because
of one of its cases (see `outside/README.md`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.report import LEVELS, Level
from twitchcheck.text import parse_text
from twitchcheck.text.assess import NotUnderstood, assess_understanding

OUTSIDE = Path(__file__).with_name("outside")
PARTS = ("dev", "final")
RANK: dict[str, int] = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class OutsideCase:
    id: str
    style: str
    now: datetime
    text: str
    accept: tuple[Level, ...]
    flags_must: tuple[str, ...]
    flags_must_not: tuple[str, ...]
    regions: tuple[str, ...]
    duration_days: tuple[float, float] | None
    says_where: bool
    says_how_long: bool
    part: str
    source: str | None = None

    @property
    def is_emergency(self) -> bool:
        """The labellers accept nothing but an emergency."""
        return self.accept == ("emergency",)

    @property
    def lowest_accepted(self) -> int:
        return min(RANK[level] for level in self.accept)


@cache
def load_part(part: str) -> tuple[OutsideCase, ...]:
    raw = yaml.safe_load((OUTSIDE / f"{part}.yaml").read_text(encoding="utf-8"))
    cases = []
    for item in raw:
        duration = item.get("duration_days")
        cases.append(
            OutsideCase(
                id=item["id"],
                style=item["style"],
                now=datetime.fromisoformat(str(item["now"])),
                text=item["text"],
                accept=tuple(item["accept"]),
                flags_must=tuple(item.get("flags_must") or ()),
                flags_must_not=tuple(item.get("flags_must_not") or ()),
                regions=tuple(item.get("regions") or ()),
                duration_days=(float(duration[0]), float(duration[1])) if duration else None,
                says_where=bool(item["says_where"]),
                says_how_long=bool(item["says_how_long"]),
                part=part,
                source=item.get("source"),
            )
        )
    return tuple(cases)


def load_all() -> tuple[OutsideCase, ...]:
    return tuple(case for part in PARTS for case in load_part(part))


@dataclass
class Outcome:
    """What the reader and the engine made of one case."""

    case: OutsideCase
    level: Level | None  # None: refused
    red_flags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    duration_days: float | None = None
    missing: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return self.level is None

    @property
    def acceptable(self) -> bool:
        """A level the labellers accept; or, for a description that does not say where or how long and has no
        sign needing more than an appointment, one clear question: the refusal that names what is missing."""
        if self.level is None:
            incomplete = not (self.case.says_where and self.case.says_how_long)
            return incomplete and self.case.lowest_accepted <= RANK["see_doctor"]
        return self.level in self.case.accept

    @property
    def under_triaged(self) -> bool:
        """Below every level the labellers accept; a refusal of a case with a warning sign counts too."""
        if self.level is None:
            return self.case.lowest_accepted > RANK["self_care"]
        return RANK[self.level] < self.case.lowest_accepted

    @property
    def over_triaged(self) -> bool:
        return self.level is not None and RANK[self.level] > max(RANK[level] for level in self.case.accept)

    @property
    def flags_found(self) -> tuple[str, ...]:
        return tuple(flag for flag in self.case.flags_must if flag in self.red_flags)

    @property
    def false_flags(self) -> tuple[str, ...]:
        return tuple(flag for flag in self.case.flags_must_not if flag in self.red_flags)

    @property
    def duration_ok(self) -> bool | None:
        if self.case.duration_days is None:
            return None
        low, high = self.case.duration_days
        return self.duration_days is not None and low - 0.05 <= self.duration_days <= high + 0.05

    @property
    def regions_ok(self) -> bool | None:
        if not self.case.regions:
            return None
        return set(self.case.regions) <= set(self.regions)


def read(case: OutsideCase, kb: KnowledgeBase, *, second_opinion: bool = True) -> Outcome:
    """Read and assess a case as `twitchcheck check --text` does, at the case's own `now` (with
    `second_opinion=False`, the rules alone)."""
    understanding = parse_text(case.text, now=case.now)
    fields = understanding.fields
    regions = tuple(fields.get("twitch", {}).get("regions", ()))
    duration = fields.get("twitch", {}).get("duration_days")
    try:
        result = assess_understanding(
            understanding, knowledge=kb, now=case.now, second_opinion=second_opinion
        )
    except NotUnderstood:
        return Outcome(case, None, (), regions, duration, tuple(understanding.missing))
    flags = tuple(flag.id for flag in result.assessment.red_flags)
    level = result.assessment.triage.level
    return Outcome(case, level, flags, regions, duration, tuple(understanding.missing))


@dataclass
class Scores:
    cases: int = 0
    acceptable: int = 0
    under: int = 0
    over: int = 0
    emergencies: int = 0
    emergencies_caught: int = 0
    complete: int = 0  # say where and how long
    complete_refused: int = 0
    refused: int = 0
    flags_stated: int = 0
    flags_found: int = 0
    near_miss_flags: int = 0
    false_flags: int = 0
    durations: int = 0
    durations_ok: int = 0
    regions: int = 0
    regions_ok: int = 0
    by_style: Counter[str] = field(default_factory=Counter)
    by_style_ok: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        case = outcome.case
        self.cases += 1
        self.acceptable += outcome.acceptable
        self.under += outcome.under_triaged
        self.over += outcome.over_triaged
        self.refused += outcome.refused
        self.by_style[case.style] += 1
        self.by_style_ok[case.style] += outcome.acceptable
        if case.is_emergency:
            self.emergencies += 1
            self.emergencies_caught += outcome.level == "emergency"
        if case.says_where and case.says_how_long:
            self.complete += 1
            self.complete_refused += outcome.refused
        self.flags_stated += len(case.flags_must)
        self.flags_found += len(outcome.flags_found)
        self.near_miss_flags += len(case.flags_must_not)
        self.false_flags += len(outcome.false_flags)
        if outcome.duration_ok is not None:
            self.durations += 1
            self.durations_ok += bool(outcome.duration_ok)
        if outcome.regions_ok is not None:
            self.regions += 1
            self.regions_ok += bool(outcome.regions_ok)


def score(outcomes: Iterable[Outcome]) -> Scores:
    scores = Scores()
    for outcome in outcomes:
        scores.add(outcome)
    return scores


def read_all(
    cases: Sequence[OutsideCase], kb: KnowledgeBase, *, second_opinion: bool = True
) -> list[Outcome]:
    return [read(case, kb, second_opinion=second_opinion) for case in cases]


def pct(num: int, den: int) -> str:
    return f"{num / den:.1%}" if den else "n/a"


def summary(scores: Scores) -> dict[str, Any]:
    return {
        "cases": scores.cases,
        "acceptable level": pct(scores.acceptable, scores.cases),
        "under-triaged": scores.under,
        "over-triaged": scores.over,
        "emergencies caught": f"{scores.emergencies_caught} of {scores.emergencies}",
        "refused (says where and how long)": pct(scores.complete_refused, scores.complete),
        "refused (all)": pct(scores.refused, scores.cases),
        "stated red flags found": pct(scores.flags_found, scores.flags_stated),
        "near-miss flags raised": pct(scores.false_flags, scores.near_miss_flags),
        "durations in range": pct(scores.durations_ok, scores.durations),
        "regions found": pct(scores.regions_ok, scores.regions),
    }
