"""A journal event in words, as a person reads it in a list, a confirmation or an undo button: "60 min
strength workout, effort 7 of 10, worked calf" rather than `duration_min=60 rpe=7 kind=strength`.

One description for every door (the CLI's `log` and `journal list`, the journal page's timeline), so that
they say the same; the event's contract form stays what `journal show` and the API give.
"""

from __future__ import annotations

from collections.abc import Sequence

from twitchcheck.core.vocabulary import label
from twitchcheck.core.words import amount
from twitchcheck.journal.events import (
    BodyMassEvent,
    CaffeineEvent,
    CircumferenceEvent,
    Event,
    FluidEvent,
    MedicineEvent,
    SleepEvent,
    StrengthTestEvent,
    StressEvent,
    SymptomEvent,
    TwitchEvent,
    WorkoutEvent,
)

KIND_WORDS = {
    "workout": "workout",
    "twitch": "twitch",
    "symptom": "symptom",
    "strength_test": "strength test",
    "circumference": "circumference",
    "fluid": "drink",
    "caffeine": "caffeine",
    "body_mass": "body weight",
    "sleep": "sleep",
    "stress": "stress",
    "medicine": "medicine",
}
"""Each event type in words ("Undo: log strength test")."""

_TEST_UNITS = {"grip": "kg", "calf_raises": "raises", "chair_stands": "stands in 30 s"}
STRESS_WORDS: tuple[str, ...] = ("none", "a little", "some", "moderate", "high", "extreme")
"""A stress level 0-5 in words, the same wherever it is asked or shown."""
SEVERITY_WORDS: tuple[str, ...] = ("none", "barely", "mild", "moderate", "strong", "constant")
"""How much it twitches, 0-5, in words, the same wherever it is asked or shown."""


def _side(side: str | None) -> str:
    if side is None:
        return ""
    return " (both sides)" if side == "both" else f" ({side})"


def _regions(regions: Sequence[str]) -> str:
    return ", ".join(label(region) for region in regions)


def _workout(event: WorkoutEvent) -> list[str]:
    kind = f"{label(event.kind)} " if event.kind and event.kind != "other" else ""
    if event.kind == "hiit":
        kind = "HIIT "
    parts = [f"{amount(event.duration_min)} min {kind}workout"]
    if event.distance_km is not None:
        parts.append(f"{amount(event.distance_km)} km")
    if event.rpe is not None:
        parts.append(f"effort {amount(event.rpe)} of 10")
    if event.worked_regions:
        parts.append(f"worked {_regions(event.worked_regions)}")
    if event.hot_environment:
        parts.append("in the heat")
    return parts


def _twitch(event: TwitchEvent) -> list[str]:
    parts = [f"twitching in {_regions(event.regions)}{_side(event.side)}"]
    if event.frequency:
        parts.append(event.frequency)
    if event.severity is not None:
        parts.append(f"how much: {event.severity} of 5 ({SEVERITY_WORDS[event.severity]})")
    if event.painful_cramps:
        parts.append("with painful cramps")
    elif event.painful_cramps is False:
        parts.append("no painful cramps")
    return parts


def _describe(event: Event) -> list[str]:
    if isinstance(event, WorkoutEvent):
        return _workout(event)
    if isinstance(event, TwitchEvent):
        return _twitch(event)
    if isinstance(event, SymptomEvent):
        return [label(event.symptom) if event.present else f"no {label(event.symptom)} (checked)"]
    if isinstance(event, StrengthTestEvent):
        return [f"{label(event.test)}{_side(event.side)}: {amount(event.value)} {_TEST_UNITS[event.test]}"]
    if isinstance(event, CircumferenceEvent):
        return [f"{label(event.site)} circumference ({event.side}): {amount(event.cm)} cm"]
    if isinstance(event, FluidEvent):
        drink = [f"drank {amount(event.ml)} ml"]
        if event.electrolytes is not None:
            drink.append("with electrolytes" if event.electrolytes else "no electrolytes")
        return drink
    if isinstance(event, CaffeineEvent):
        return [f"{amount(event.mg)} mg caffeine" + (f" ({event.source})" if event.source else "")]
    if isinstance(event, BodyMassEvent):
        return [f"body weight {amount(event.kg)} kg"]
    if isinstance(event, SleepEvent):
        return [f"slept {amount(event.hours)} h"]
    if isinstance(event, StressEvent):
        return [f"stress {event.level} of 5 ({STRESS_WORDS[event.level]})"]
    if isinstance(event, MedicineEvent):
        taken = event.name + (f" ({label(event.kind)})" if event.kind and event.kind != "other" else "")
        return [taken + (f", {amount(event.dose_mg)} mg" if event.dose_mg is not None else "")]
    return [KIND_WORDS.get(event.type, label(event.type))]  # pragma: no cover - every type is above


def event_words(event: Event) -> str:
    """What an event records, in words, without its time or note: "60 min workout, effort 7 of 10"."""
    return ", ".join(_describe(event))


def kind_words(event_type: str) -> str:
    """An event type in words: `strength_test` -> "strength test"."""
    return KIND_WORDS.get(event_type, label(event_type))


__all__ = ["KIND_WORDS", "event_words", "kind_words"]
