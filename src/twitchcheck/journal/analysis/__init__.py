"""Pure analyses over a person's journal: each takes a `History`, a `now` and the knowledge base's constants,
and returns a frozen result with every number a dashboard or a doctor needs. Definitions and their limits:
docs/journal-analysis.md."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from twitchcheck.journal.analysis._stats import LineFit
from twitchcheck.journal.analysis.body import (
    Circumference,
    CircumferenceSide,
    CircumferenceTrend,
    Reading,
    SideGap,
    Strength,
    StrengthTrend,
    circumference,
    strength,
)
from twitchcheck.journal.analysis.intake import (
    CaffeineNow,
    FluidBalance,
    WorkoutDayFluid,
    caffeine_now,
    fluid_balance,
)
from twitchcheck.journal.analysis.load import DayLoad, TrainingLoad, WeekLoad, training_load
from twitchcheck.journal.analysis.triggers import FactorResult, TriggerDay, Triggers, triggers
from twitchcheck.journal.analysis.twitching import (
    ClassifiedTwitch,
    Episode,
    Persistence,
    RegionHistory,
    Spread,
    TwitchRun,
    WeekRegions,
    WeekTwitches,
    classify_twitches,
    persistence,
    spread,
)
from twitchcheck.journal.events import History
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge


@dataclass(frozen=True, slots=True)
class JournalAnalyses:
    """Every analysis of one journal as of one moment (what `status` shows, and what the assessment uses)."""

    as_of: datetime
    events: int
    twitches: tuple[ClassifiedTwitch, ...]
    persistence: Persistence
    spread: Spread
    strength: Strength
    circumference: Circumference
    training_load: TrainingLoad
    caffeine: CaffeineNow
    fluid: FluidBalance
    """Workout days of the last 8 weeks."""


def analyse(history: History, now: datetime, knowledge: KnowledgeBase | None = None) -> JournalAnalyses:
    """All analyses of what was logged by `now` (triggers apart: see `triggers`)."""
    kb = knowledge if knowledge is not None else load_knowledge()
    constants = kb.constants
    history = history.until(now)
    twitches = classify_twitches(history, now, constants, kb.region_areas)
    today = now.astimezone(history.zone).date()
    return JournalAnalyses(
        as_of=now,
        events=len(history),
        twitches=twitches,
        persistence=persistence(history, now, constants, twitches),
        spread=spread(history, now, constants, kb.region_areas, twitches),
        strength=strength(history, now, constants),
        circumference=circumference(history, now, constants),
        training_load=training_load(history, now, constants),
        caffeine=caffeine_now(history, now, constants),
        fluid=fluid_balance(history, now, constants, since=today - timedelta(days=55)),
    )


def as_json(result: object) -> Any:
    """Any analysis result as JSON-ready data: dataclasses as objects (fields only, not properties), dates and
    instants in ISO 8601, tuples as lists."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {field.name: as_json(getattr(result, field.name)) for field in dataclasses.fields(result)}
    if isinstance(result, date):  # datetime too
        return result.isoformat()
    if isinstance(result, list | tuple):
        return [as_json(item) for item in result]
    if isinstance(result, dict):
        return {str(key): as_json(value) for key, value in result.items()}
    return result


__all__: Sequence[str] = (
    "CaffeineNow",
    "Circumference",
    "CircumferenceSide",
    "CircumferenceTrend",
    "ClassifiedTwitch",
    "DayLoad",
    "Episode",
    "FactorResult",
    "FluidBalance",
    "JournalAnalyses",
    "LineFit",
    "Persistence",
    "Reading",
    "RegionHistory",
    "SideGap",
    "Spread",
    "Strength",
    "StrengthTrend",
    "TrainingLoad",
    "TriggerDay",
    "Triggers",
    "TwitchRun",
    "WeekLoad",
    "WeekRegions",
    "WeekTwitches",
    "WorkoutDayFluid",
    "analyse",
    "as_json",
    "caffeine_now",
    "circumference",
    "classify_twitches",
    "fluid_balance",
    "persistence",
    "spread",
    "strength",
    "training_load",
    "triggers",
)
