"""Likely causes, ranked by a transparent score: 1 - product of (1 - weight) over the signals present."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Cause, Signal


@dataclass(frozen=True, slots=True)
class ScoredCause:
    cause: Cause
    score: float
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class OpenSignal:
    """A signal the report leaves undecided."""

    cause: Cause
    signal: Signal


def score_causes(kb: KnowledgeBase, facts: Mapping[str, Any]) -> tuple[list[ScoredCause], list[OpenSignal]]:
    """Causes with at least one signal present, most likely first, and the signals left undecided."""
    scored: list[ScoredCause] = []
    undecided: list[OpenSignal] = []
    for cause in kb.causes:
        present: list[Signal] = []
        remaining = 1.0
        for signal in cause.signals:
            outcome = signal.when.evaluate(facts)
            if outcome is True:
                present.append(signal)
                remaining *= 1.0 - signal.weight
            elif outcome is None:
                undecided.append(OpenSignal(cause, signal))
        if present:
            scored.append(ScoredCause(cause, round(1.0 - remaining, 3), tuple(present)))
    scored.sort(key=lambda item: (-item.score, item.cause.id))
    return scored, undecided
