"""Red flags and the triage level: the highest level of any trigger that fired."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import RedFlag, Trigger
from twitchcheck.report import LEVELS, Level

LEVEL_RANK: Mapping[Level, int] = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}
"""self_care 1 .. emergency 4."""


@dataclass(frozen=True, slots=True)
class FiredFlag:
    """A red flag that fired, with the triggers that fired it."""

    flag: RedFlag
    level: Level
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True, slots=True)
class OpenTrigger:
    """A trigger the report leaves undecided: answering its unknown facts could fire it."""

    flag: RedFlag
    trigger: Trigger


@dataclass(frozen=True, slots=True)
class TriageResult:
    level: Level
    fired: tuple[FiredFlag, ...]
    open: tuple[OpenTrigger, ...]


def triage(kb: KnowledgeBase, facts: Mapping[str, Any]) -> TriageResult:
    """Evaluate every red-flag trigger on the facts."""
    fired: list[FiredFlag] = []
    undecided: list[OpenTrigger] = []
    best = 1
    for flag in kb.red_flags:
        hits: list[Trigger] = []
        flag_rank = 0
        for trigger in flag.triggers:
            outcome = trigger.when.evaluate(facts)
            if outcome is True:
                hits.append(trigger)
                flag_rank = max(flag_rank, LEVEL_RANK[trigger.level])
            elif outcome is None:
                undecided.append(OpenTrigger(flag, trigger))
        if hits:
            # Most serious trigger first, so the flag's reason leads with it.
            hits.sort(key=lambda trigger: -LEVEL_RANK[trigger.level])
            fired.append(FiredFlag(flag, hits[0].level, tuple(hits)))
            best = max(best, flag_rank)
    fired.sort(key=lambda item: -LEVEL_RANK[item.level])
    level = LEVELS[len(LEVELS) - best]
    return TriageResult(level, tuple(fired), tuple(undecided))
