"""Likely causes, ranked by a transparent score: 1 - product of (1 - weight) over the signals present,
signals of one family (the same measurement against several thresholds) counting once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.knowledge.conditions import Condition, RuleTable
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Cause, Signal


@dataclass(frozen=True, slots=True)
class ScoredCause:
    cause: Cause
    score: float
    signals: tuple[Signal, ...]


@cache
def _rules(kb: KnowledgeBase) -> RuleTable[tuple[int, str, float, Signal]]:
    """(cause index, family, weight, signal) for every signal of every cause; a signal without a family is
    its own."""
    return RuleTable.of(
        [
            ((index, signal.family or signal.id, signal.weight, signal), signal.when)
            for index, cause in enumerate(kb.causes)
            for signal in cause.signals
        ]
    )


def score_causes(
    kb: KnowledgeBase, facts: Mapping[str, Any]
) -> tuple[list[ScoredCause], frozenset[Condition]]:
    """Causes with a signal present, most likely first, and the conditions of signals left unknown.

    Score = 1 - product over signal families of (1 - the largest weight present in the family): independent
    evidence accumulates, while signals that measure the same thing count once.
    """
    true, undecided = _rules(kb).run(facts)
    present: dict[int, list[Signal]] = {}
    strongest: dict[int, dict[str, float]] = {}
    for cause_index, family, weight, signal in true:
        present.setdefault(cause_index, []).append(signal)
        families = strongest.setdefault(cause_index, {})
        families[family] = max(families.get(family, 0.0), weight)
    scored = []
    for index, signals in present.items():
        remaining = 1.0
        for weight in strongest[index].values():
            remaining *= 1.0 - weight
        scored.append(ScoredCause(kb.causes[index], round(1.0 - remaining, 3), tuple(signals)))
    scored.sort(key=lambda item: (-item.score, item.cause.id))
    return scored, undecided
