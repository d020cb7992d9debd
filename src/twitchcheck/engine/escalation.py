"""The one rule for joining a report with another source (a journal): it can only raise, never lower.

Written once, here: how two values of a field are joined (by the ranks in `core.vocabulary`), and how the
level and red flags the report gives on its own are kept as a floor (docs/journal-analysis.md says why).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from twitchcheck.core.vocabulary import LEVEL_RANK, WEAKNESS_RANK, Level
from twitchcheck.engine.triage import FiredFlag, TriageResult


def more_serious(first: Level, second: Level) -> Level:
    """The more serious of two levels."""
    return first if LEVEL_RANK[first] >= LEVEL_RANK[second] else second


def most_serious(levels: Iterable[Level]) -> Level:
    """The most serious level of several (self care when there are none)."""
    top: Level = "self_care"
    for level in levels:
        top = more_serious(top, level)
    return top


def joined(field: str, ours: Any, theirs: Any, *, extra_regions: Iterable[str] = ()) -> Any:
    """A report field's value when another source gives `theirs` and the report says `ours` (None: unknown).

    The other source fills what the report leaves unknown, and where both speak the more serious value wins:
    the longer duration, the graver weakness, a symptom present in either. For the twitching regions only
    `extra_regions` are added (what the other source could not explain); twitching on rest days can only be
    added, never taken away. Any other field the report gives is kept as it is.
    """
    if field == "twitch.regions":
        return list(dict.fromkeys([*(ours or ()), *extra_regions]))
    if field == "twitch.also_on_rest_days":
        return True if theirs else ours
    if ours is None:
        return theirs
    if theirs is None:
        return ours
    if field == "twitch.duration_days":
        return max(ours, theirs)
    if field == "symptoms.weakness":
        return theirs if WEAKNESS_RANK[theirs] > WEAKNESS_RANK[ours] else ours
    if field.startswith("symptoms."):
        return bool(ours) or bool(theirs)
    return ours


def keep_floor(result: TriageResult, floor: TriageResult) -> tuple[TriageResult, tuple[FiredFlag, ...]]:
    """`result` (the report joined with its history) with every flag of `floor` (the report alone) that it
    lacks or gives at a lower level, at least at `floor`'s level; and those kept flags."""
    fired = {item.flag.id: item for item in result.fired}
    kept: list[FiredFlag] = []
    for item in floor.fired:
        mine = fired.get(item.flag.id)
        if mine is None or LEVEL_RANK[mine.level] < LEVEL_RANK[item.level]:
            fired[item.flag.id] = item
            kept.append(item)
    if not kept:
        return result, ()
    ordered = sorted(fired.values(), key=lambda item: -LEVEL_RANK[item.level])
    return TriageResult(more_serious(result.level, floor.level), tuple(ordered), result.undecided), tuple(
        kept
    )
