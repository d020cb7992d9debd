"""Workouts and exercises: the kind, the regions they work, the effort, and when the twitching began relative
to them ("after the squats", "during my run").
"""

from __future__ import annotations

import re

from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.normalise import Span, Text, find, overlaps
from twitchcheck.text.result import Result, add_regions, note


def read_workouts(text: Text, lexicon: Lexicon, taken: list[Span], result: Result) -> list[Span]:
    spans: list[Span] = []
    found = []
    for entry in lexicon.workouts:
        for span in find(lexicon, entry.phrases, text.norm):
            if overlaps(span, taken) or overlaps(span, spans):
                continue
            spans.append(span)
            found.append((entry.generic, span, entry))
    for _, span, entry in sorted(found, key=lambda item: (item[0], item[1])):  # specific first, in text order
        if entry.kind is not None:
            result.set("workout.kind", entry.kind, note(text, "workout.kind", entry.kind, span))
        if entry.worked_regions:
            worked = list(entry.worked_regions)
            result.set("workout.worked_regions", worked, note(text, "workout.worked_regions", worked, span))
            add_regions(result, "workout.worked_regions", worked)
    read_started(text, spans, result)
    for effort in lexicon.efforts:
        for span in find(lexicon, effort.phrases, text.norm):
            if not overlaps(span, taken):
                result.set("workout.rpe", effort.rpe, note(text, "workout.rpe", effort.rpe, span))
                spans.append(span)
    for match in re.finditer(
        r"\b(?:rpe|effort|intensity)\s*(?:of|was|:|=|at)?\s*(\d+(?:\.\d+)?)(?:\s*/\s*10)?", text.norm
    ):
        rpe = float(match.group(1))
        if 0 <= rpe <= 10:
            result.set("workout.rpe", rpe, note(text, "workout.rpe", rpe, match.span()))
    return spans


_STARTED = {
    "after_workout": re.compile(
        r"\b(?:after|since|post|following)\s*-?\s*(?:(?:my|the|a|an|this|that|our|his|her|yesterday's|today's|"
        r"last\s+night's|tuesday's|\d+(?:\.\d+)?\s*(?:mile|km|k|hour|hr|min)s?|long|hard|big|first|easy)\s+)*$"
    ),
    "during_workout": re.compile(
        r"\b(?:during|mid|while|whilst|in the middle of|halfway through)\s*-?\s*"
        r"(?:(?:my|the|a|an|doing|his|her)\s+)*$"
    ),
}


def read_started(text: Text, workouts: list[Span], result: Result) -> None:
    """ "after the squats", "during my run": when the twitching began, relative to a named workout."""
    if "twitch.started" in result.values:
        return
    for span in sorted(workouts):
        before = text.norm[max(0, span[0] - 30) : span[0]]
        for value, pattern in _STARTED.items():
            match = pattern.search(before)
            if match is not None:
                words = (span[0] - len(before) + match.start(), span[1])
                result.set("twitch.started", value, note(text, "twitch.started", value, words))
                return


def infer_event_length(text: Text, lexicon: Lexicon, result: Result) -> None:
    """ "First Ironman", "50k ultra": with no length said, the least time the event takes (uncertain)."""
    if "workout.duration_min" in result.values:
        return
    for entry in lexicon.workouts:
        if entry.least_minutes is None:
            continue
        spans = find(lexicon, entry.phrases, text.norm)
        if spans:
            minutes = entry.least_minutes
            result.set(
                "workout.duration_min", minutes,
                note(text, "workout.duration_min", minutes, spans[0], uncertain=True,
                     detail=f"no length given: {text.words(spans[0])!r} takes at least {minutes / 60:g} h"),
            )  # fmt: skip
            return
