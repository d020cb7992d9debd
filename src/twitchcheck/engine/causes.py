"""Likely causes, ranked by a transparent score: 1 - product of (1 - weight) over the signals present."""

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
def _rules(kb: KnowledgeBase) -> RuleTable[tuple[int, float, Signal]]:
    """(cause index, 1 - weight, signal) for every signal of every cause."""
    return RuleTable.of(
        [
            ((index, 1.0 - signal.weight, signal), signal.when)
            for index, cause in enumerate(kb.causes)
            for signal in cause.signals
        ]
    )


def score_causes(
    kb: KnowledgeBase, facts: Mapping[str, Any]
) -> tuple[list[ScoredCause], frozenset[Condition]]:
    """Causes with a signal present, most likely first, and the conditions of signals left unknown."""
    true, undecided = _rules(kb).run(facts)
    present: dict[int, list[Signal]] = {}
    remaining: dict[int, float] = {}
    for cause_index, keep, signal in true:
        present.setdefault(cause_index, []).append(signal)
        remaining[cause_index] = remaining.get(cause_index, 1.0) * keep
    scored = [
        ScoredCause(kb.causes[index], round(1.0 - remaining[index], 3), tuple(signals))
        for index, signals in present.items()
    ]
    scored.sort(key=lambda item: (-item.score, item.cause.id))
    return scored, undecided
