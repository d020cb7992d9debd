"""Likely causes, ranked by a transparent score: 1 - product of (1 - weight) over the signals present."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.knowledge.conditions import Condition, evaluate_all
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Cause, Signal


@dataclass(frozen=True, slots=True)
class ScoredCause:
    cause: Cause
    score: float
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    evaluate: Callable[[Mapping[str, Any]], tuple[bool | None, ...]]
    signals: tuple[
        tuple[int, float, Signal], ...
    ]  # (cause index, 1 - weight, signal), aligned with evaluate()


@cache
def _rules(kb: KnowledgeBase) -> _Rules:
    signals = [
        (index, 1.0 - signal.weight, signal)
        for index, cause in enumerate(kb.causes)
        for signal in cause.signals
    ]
    return _Rules(evaluate_all([signal.when for _, _, signal in signals]), tuple(signals))


def score_causes(kb: KnowledgeBase, facts: Mapping[str, Any]) -> tuple[list[ScoredCause], set[Condition]]:
    """Causes with a signal present, most likely first, and the conditions of signals left unknown."""
    rules = _rules(kb)
    present: dict[int, list[Signal]] = {}
    remaining: dict[int, float] = {}
    undecided: set[Condition] = set()
    for outcome, (cause_index, keep, signal) in zip(rules.evaluate(facts), rules.signals, strict=True):
        if outcome is True:
            present.setdefault(cause_index, []).append(signal)
            remaining[cause_index] = remaining.get(cause_index, 1.0) * keep
        elif outcome is None:
            undecided.add(signal.when)
    scored = [
        ScoredCause(kb.causes[index], round(1.0 - remaining[index], 3), tuple(signals))
        for index, signals in present.items()
    ]
    scored.sort(key=lambda item: (-item.score, item.cause.id))
    return scored, undecided
