"""Likely causes, ranked by a transparent score: 1 - product of (1 - weight) over the signals present."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.knowledge.conditions import Condition, sort_outcomes
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Cause, Signal


@dataclass(frozen=True, slots=True)
class ScoredCause:
    cause: Cause
    score: float
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    sort: Callable[[Mapping[str, Any]], tuple[list[int], list[int]]]
    signals: tuple[tuple[int, float, Signal], ...]  # (cause index, 1 - weight, signal), in sort() order
    conditions: tuple[Condition, ...]


@cache
def _rules(kb: KnowledgeBase) -> _Rules:
    signals = tuple(
        (index, 1.0 - signal.weight, signal)
        for index, cause in enumerate(kb.causes)
        for signal in cause.signals
    )
    conditions = tuple(signal.when for _, _, signal in signals)
    return _Rules(sort_outcomes(conditions), signals, conditions)


def score_causes(
    kb: KnowledgeBase, facts: Mapping[str, Any]
) -> tuple[list[ScoredCause], frozenset[Condition]]:
    """Causes with a signal present, most likely first, and the conditions of signals left unknown."""
    rules = _rules(kb)
    true, unknown = rules.sort(facts)
    present: dict[int, list[Signal]] = {}
    remaining: dict[int, float] = {}
    for index in true:
        cause_index, keep, signal = rules.signals[index]
        present.setdefault(cause_index, []).append(signal)
        remaining[cause_index] = remaining.get(cause_index, 1.0) * keep
    scored = [
        ScoredCause(kb.causes[index], round(1.0 - remaining[index], 3), tuple(signals))
        for index, signals in present.items()
    ]
    scored.sort(key=lambda item: (-item.score, item.cause.id))
    return scored, frozenset(map(rules.conditions.__getitem__, unknown))
