"""Stage 5: time. The temporal grammar (`temporal.py`) finds every time expression; this stage attaches each
to what it is about (the twitching, the workout, a break, sleep, training days) and sets the fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from twitchcheck.text.context import starts_in
from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.normalise import Span, Text, containing, find, overlaps, word_count
from twitchcheck.text.quantities import number, number_regex
from twitchcheck.text.result import Result, note


@cache
def _time_regex(lexicon: Lexicon) -> re.Pattern[str]:
    number_re = number_regex(lexicon)
    units = "|".join(
        lexicon.pattern(u.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        for u in sorted(lexicon.quantities.time_units, key=lambda u: -max(len(n) for n in u.names))
    )
    return re.compile(
        r"(?P<pre>\b(?:for\s+(?:over|more\s+than|longer\s+than)|more\s+than|longer\s+than|"
        r"for|since|over|past|last|about|around|nearly|almost|roughly|like)\s+"
        r"(?:the\s+)?(?:past\s+|last\s+)?)?"
        rf"(?<![\w.,])(?:(?P<num>{number_re})(?:(?<=\d)\s*-?\s*|\s+))?(?P<unit>{units})(?![\w'])"
        r"(?P<post>\s+(?:ago|now|straight|in a row|running|on the trot|or so))?"
    )


def _unit_days(lexicon: Lexicon, word: str) -> float:
    for unit in lexicon.quantities.time_units:
        if lexicon.pattern(unit.names).fullmatch(word):
            return unit.days
    return 1.0


def nearest(spans: Sequence[Span], span: Span) -> int:
    return min((abs(s[0] - span[0]) for s in spans), default=10**9)


def workout_length(text: Text, span: Span, workout_words: Sequence[Span]) -> bool:
    """ "ran for 3 hours", "a 2 hour ride", "90 min spin class": a time that measures the workout."""
    for start, end in workout_words:
        between_after = text.norm[span[1] : start] if start >= span[1] else None
        between_before = text.norm[end : span[0]] if end <= span[0] else None
        if between_after is not None and word_count(between_after) == 0 and "," not in between_after:
            return True
        if between_before is not None and word_count(between_before) <= 1 and "," not in between_before:
            return True
    return False


def read_time(
    text: Text, lexicon: Lexicon, workouts: list[Span], twitch_spans: list[Span], taken: list[Span],
    result: Result,
) -> None:  # fmt: skip
    twitch_words = [*find(lexicon, lexicon.cues.macros["twitch"], text.norm), *twitch_spans]
    workout_words = [*workouts, *find(lexicon, lexicon.cues.workout_words, text.norm)]
    sleep = find(lexicon, lexicon.cues.sleep_words, text.norm)
    training_days = find(lexicon, lexicon.cues.training_days, text.norm)
    durations: list[tuple[float, Span, bool]] = []
    for match in _time_regex(lexicon).finditer(text.norm):
        pre, num, unit, post = (
            match.group("pre"),
            match.group("num"),
            match.group("unit"),
            match.group("post"),
        )
        if num is None and (
            pre is None
            or pre.split()[0] in ("last", "past", "like", "about", "around")
            or not unit.endswith("s")
        ):
            continue  # "last night", "the day before yesterday" are moments; "like days" says nothing
        if overlaps(match.span(), taken):
            continue  # inside another finding: "after a year off", "first session in months"
        if num is None and unit in ("h", "d", "min", "mins", "hr", "hrs", "mo", "yr"):
            continue
        count = number(num, lexicon) if num is not None else None
        plural_only = count is None
        if count is None:
            count = 3.0 if unit.endswith("s") else 1.0  # "for weeks": a few; "for a week" has num "a"
        days = count * _unit_days(lexicon, unit)
        if (
            num is not None
            and pre is not None
            and re.fullmatch(r"(?:for\s+)?(?:over|more than|longer than)", " ".join(pre.split()))
        ):
            days += _unit_days(lexicon, unit) / 7  # "for over two weeks": past the bound, not at it
        span = match.span()
        segment = containing(text.segments, span[0])
        post = (post or "").strip()
        clause = containing(text.clauses, span[0])
        if starts_in(sleep, clause) and days < 1:
            hours = round(days * 24, 1)
            result.set("context.sleep_hours", hours, note(text, "context.sleep_hours", hours, span))
            continue
        if starts_in(training_days, segment) and 1 <= days <= 60 and _unit_days(lexicon, unit) == 1:
            result.set(
                "context.consecutive_training_days",
                int(count),
                note(text, "context.consecutive_training_days", int(count), span),
            )
            continue
        about_workout = nearest(workout_words, span) < nearest(twitch_words, span)
        in_workout = starts_in(workout_words, segment)
        if post == "ago" and about_workout and in_workout:
            hours = round(days * 24, 2)
            result.set("workout.hours_ago", hours, note(text, "workout.hours_ago", hours, span))
            continue
        if days < 1 and post != "ago" and workout_length(text, span, workout_words):
            minutes = round(days * 24 * 60)
            if minutes > 0:
                result.set(
                    "workout.duration_min",
                    float(minutes),
                    note(text, "workout.duration_min", float(minutes), span),
                )
            continue
        durations.append((days, span, plural_only))
    moments = sorted(
        (
            (span, moment.days)
            for moment in lexicon.quantities.moments
            for span in find(lexicon, moment.names, text.norm)
        ),
        key=lambda item: (
            item[0][0] - item[0][1]
        ),  # longest first: "the day before yesterday" over "yesterday"
    )
    seen: list[Span] = [d[1] for d in durations]
    for span, moment_days in moments:
        if overlaps(span, seen):
            continue
        seen.append(span)
        segment = containing(text.segments, span[0])
        since = text.norm[max(segment[0], span[0] - 12) : span[0]]
        about_workout = nearest(workout_words, span) < nearest(twitch_words, span)
        if "since" not in since and starts_in(workout_words, segment) and about_workout:
            hours = round(moment_days * 24, 2)
            result.set("workout.hours_ago", hours, note(text, "workout.hours_ago", hours, span))
        elif "since" in since or starts_in(twitch_words, segment):
            durations.append((moment_days, span, False))
    for days, span, vague in durations:
        value = round(days, 3)
        detail = "a plural without a number, taken as three" if vague else None
        result.set(
            "twitch.duration_days",
            value,
            note(text, "twitch.duration_days", value, span, uncertain=vague, detail=detail),
        )


def infer_duration(text: Text, lexicon: Lexicon, twitch_spans: list[Span], result: Result) -> None:
    """ "did legs yesterday, calves still twitching": it has lasted since the workout."""
    hours_ago = result.values.get("workout.hours_ago")
    if "twitch.duration_days" in result.values or hours_ago is None or not twitch_spans:
        return
    started = result.values.get("twitch.started")
    going = find(lexicon, lexicon.cues.still_going, text.norm)
    if (
        started is None
        and going
        and any(n.field == "workout.kind" or n.field == "workout.worked_regions" for n in result.notes)
    ):
        span = going[0]
        result.set("twitch.started", "after_workout", note(text, "twitch.started", "after_workout", span,
                   detail="goes on since the workout named"))  # fmt: skip
        started = "after_workout"
    if started in ("after_workout", "during_workout") or going:
        value = round(hours_ago / 24, 3)
        words = next(iter(n for n in result.notes if n.field == "workout.hours_ago"))
        result.set(
            "twitch.duration_days", value,
            note(text, "twitch.duration_days", value, (words.start, words.end),
                  detail="since the workout: the twitching goes on from then"),
        )  # fmt: skip
