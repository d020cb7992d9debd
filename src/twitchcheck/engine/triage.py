"""Red flags and the triage level: the highest level of any trigger that fired."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.core.report import Level
from twitchcheck.core.vocabulary import LEVEL_RANK, LEVELS
from twitchcheck.knowledge.conditions import Condition, RuleTable
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Flag, Trigger

__all__ = ["LEVEL_RANK", "FiredFlag", "TriageResult", "all_flags", "triage"]


@dataclass(frozen=True, slots=True)
class FiredFlag:
    """A red flag that fired, with the triggers that fired it."""

    flag: Flag
    level: Level
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True, slots=True)
class TriageResult:
    level: Level
    fired: tuple[FiredFlag, ...]
    undecided: frozenset[Condition]
    """Conditions of triggers the report leaves unknown: answering more could fire them."""


@cache
def all_flags(kb: KnowledgeBase) -> tuple[Flag, ...]:
    """The red flags of the contract, then the other warning signs: everything that can raise the level."""
    return (*kb.red_flags, *kb.warnings)


@cache
def _rules(kb: KnowledgeBase) -> RuleTable[tuple[int, int, Trigger]]:
    """(flag index in all_flags, level rank, trigger) for every trigger of every flag."""
    return RuleTable.of(
        [
            ((index, LEVEL_RANK[trigger.level], trigger), trigger.when)
            for index, flag in enumerate(all_flags(kb))
            for trigger in flag.triggers
        ]
    )


def triage(kb: KnowledgeBase, facts: Mapping[str, Any]) -> TriageResult:
    """Evaluate every trigger of every red flag and warning sign on the facts."""
    flags = all_flags(kb)
    true, undecided = _rules(kb).run(facts)
    hits: dict[int, list[tuple[int, Trigger]]] = {}
    for flag_index, rank, trigger in true:
        hits.setdefault(flag_index, []).append((rank, trigger))
    fired: list[FiredFlag] = []
    best = 1
    for flag_index, flag_hits in hits.items():
        # Most serious trigger first, so the flag's reason leads with it.
        flag_hits.sort(key=lambda hit: -hit[0])
        fired.append(FiredFlag(flags[flag_index], flag_hits[0][1].level, tuple(t for _, t in flag_hits)))
        best = max(best, flag_hits[0][0])
    fired.sort(key=lambda item: -LEVEL_RANK[item.level])
    level = LEVELS[len(LEVELS) - best]
    return TriageResult(level, tuple(fired), undecided)
