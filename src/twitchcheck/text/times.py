"""Stage 5: time. The temporal grammar (`temporal.py`) finds every time expression; this stage attaches each
to what it is about (the twitching, the workout, a break, sleep, training days) and sets the fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from twitchcheck.text.context import starts_in
from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.model import Ignored
from twitchcheck.text.normalise import Span, Text, containing, find, overlaps, word_count
from twitchcheck.text.result import Result, note
from twitchcheck.text.temporal import TimeExpr, find_times


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


@dataclass(frozen=True, slots=True)
class _Cues:
    twitch: list[Span]
    workout: list[Span]
    breaks: list[Span]
    habits: list[Span]
    onsets: list[Span]
    sleep: list[Span]
    training_days: list[Span]
    symptoms: list[Span]
    recurring: list[Span]
    passes: list[Span]


# "now every 10-15 minutes", "once every couple of days": an interval between bouts, not a duration.
_EVERY_BEFORE = re.compile(
    r"\b(?:every|each|once\s+every|once\s+in)\s+(?:(?:about|around|roughly|few|other)\s+)?$"
)
_AGE_AFTER = re.compile(r"^\s*(?:old|of age|young)\b")
# "a few days later the twitching started": a time between two events of the story, not since when.
_LATER_AFTER = re.compile(r"^\s*(?:later|afterwards)\b")
# "popping all day and night": how constant it is, not since when.
_AROUND_THE_CLOCK = re.compile(r"^all (?:day|night)\s+(?:and|&|n)\s+(?:all\s+)?(?:night|day)\b")
_BREAK_AFTER = re.compile(
    r"^\s*(?:off|out|away|of (?:no|not|nothing)|without|not (?:training|running|lifting))\b"
)


def read_time(
    text: Text, lexicon: Lexicon, now: datetime | None, workouts: list[Span], twitch_spans: list[Span],
    taken: list[Span], symptom_spans: list[Span], result: Result,
) -> list[TimeExpr]:  # fmt: skip
    """Every time expression, attached to what it is about; the twitching's duration from those about it.
    Returns the moments earlier today that were about nothing in particular ("today was hot"), for
    `infer_duration`."""
    cues = lexicon.cues
    spans = _Cues(
        twitch=[*find(lexicon, cues.macros["twitch"], text.norm), *twitch_spans],
        workout=[*workouts, *find(lexicon, cues.workout_words, text.norm)],
        breaks=find(lexicon, cues.break_words, text.norm),
        habits=find(lexicon, cues.habit_words, text.norm),
        onsets=find(lexicon, cues.onset_words, text.norm),
        sleep=find(lexicon, cues.sleep_words, text.norm),
        training_days=find(lexicon, cues.training_days, text.norm),
        symptoms=symptom_spans,
        recurring=find(lexicon, cues.recurring, text.norm),
        passes=find(lexicon, cues.episode_passes, text.norm),
    )
    candidates: list[
        tuple[int, TimeExpr]
    ] = []  # (how surely it is about the twitching: 2 clause, 1 sentence, 0)
    symptom_times: list[TimeExpr] = []
    today: list[TimeExpr] = []
    going = find(lexicon, cues.still_going, text.norm)
    weak: list[Span] = []  # used only when nothing else is given ("a few days later", "all day and night")
    plans = find(lexicon, cues.plan_if, text.norm)
    for expr in find_times(text.norm, now):
        span = expr.span
        if _AGE_AFTER.match(text.norm[span[1] :]):
            continue  # "22 years old": the person's age
        sentence = containing(text.sentences, span[0])
        if any(sentence[0] <= start and end <= span[0] for start, end in plans):
            _ignore(result, text, span, "a time in the plan ('review if over 4 weeks'), not how long so far")
            continue
        if expr.days is not None and expr.kind != "duration" and _in_after_workout(span, result):
            # "after Tuesday's session": the moment named in the words saying when the twitching began is the
            # workout's
            hours = round(expr.days * 24, 2)
            result.set("workout.hours_ago", hours, note(text, "workout.hours_ago", hours, span))
            continue
        if overlaps(span, taken):
            _ignore(
                result, text, span, "part of another finding (a break, a first session): not the twitching"
            )
            continue
        if expr.days is None:
            _ignore(result, text, span, "a date, and today's date was not given: not counted")
            continue
        if expr.kind == "duration" and _EVERY_BEFORE.search(text.norm[max(0, span[0] - 16) : span[0]]):
            _ignore(result, text, span, "how often it comes back, not how long it has gone on")
            continue
        about = _about(text, expr, spans)
        if about == "sleep":
            hours = round(expr.days * 24, 1)
            result.set("context.sleep_hours", hours, note(text, "context.sleep_hours", hours, span))
        elif about == "training_days":
            count = int(expr.count or expr.days)
            result.set(
                "context.consecutive_training_days", count,
                note(text, "context.consecutive_training_days", count, span),
            )  # fmt: skip
        elif about == "workout_length":
            minutes = round(expr.days * 24 * 60)
            if minutes > 0:
                result.set(
                    "workout.duration_min", float(minutes),
                    note(text, "workout.duration_min", float(minutes), span),
                )  # fmt: skip
        elif about == "workout_when":
            hours = round(expr.days * 24, 2)
            result.set("workout.hours_ago", hours, note(text, "workout.hours_ago", hours, span))
        elif about == "break":
            _ignore(result, text, span, "how long a break from training lasted, not the twitching")
        elif about == "habit":
            _ignore(result, text, span, "how long a habit or a part of life has gone on, not the twitching")
        elif about == "pattern":
            _ignore(
                result, text, span, "how long a pattern after each session has gone on; each episode passes"
            )
        elif about == "symptom":
            symptom_times.append(expr)
            _ignore(result, text, span, "about another symptom, not the twitching")
        elif about in ("twitch_clause", "onset_clause", "twitch_sentence", "unattached"):
            rank = {"twitch_clause": 3, "onset_clause": 2, "twitch_sentence": 1, "unattached": 0}[about]
            if expr.kind == "duration" and _LATER_AFTER.match(text.norm[span[1] :]):
                if starts_in(going, (span[1], containing(text.clauses, span[0])[1])):
                    rank = max(rank, 2)  # "two weeks later it is still going": since when, as an onset
                else:
                    rank = -1  # an interval in the story: the twitching's time only when no other is given
                    weak.append(expr.span)
            elif _AROUND_THE_CLOCK.match(text.norm[span[0] :]):
                rank = -1  # how constant it is: the twitching's time only when no other is given
                weak.append(expr.span)
            candidates.append((rank, expr))
        else:
            if expr.kind == "moment" and (expr.days or 0.0) < 1:
                today.append(expr)
            _ignore(result, text, span, "a moment that is not when the twitching began")
    if not candidates and symptom_times and find(lexicon, cues.same_time, text.norm):
        # "For ten days I can't stand on tiptoe. The calf started twitching at the same time."
        candidates = [(0, symptom_times[0])]
    if not candidates:
        return today
    best = max(rank for rank, _ in candidates)
    chosen = [expr for rank, expr in candidates if rank == best]
    for rank, expr in candidates:
        if rank < best and expr.span in weak:
            _ignore(
                result, text, expr.span,
                "a time between two events of the story, or how constant it is: not since when it goes on",
            )  # fmt: skip
        elif rank < best:
            _ignore(result, text, expr.span, "a time less clearly about the twitching than another given")
    for expr in chosen:
        assert expr.days is not None
        value = round(expr.days, 3)
        detail = _detail(expr)
        uncertain = expr.vague or best == 0
        result.set(
            "twitch.duration_days", value,
            note(text, "twitch.duration_days", value, expr.span, uncertain=uncertain, detail=detail),
        )  # fmt: skip
    return today


def _detail(expr: TimeExpr) -> str | None:
    if expr.kind == "since" and expr.anchor is not None and expr.days is not None and expr.days >= 1:
        return f"since {expr.anchor}: about {expr.days:.1f} days"
    if expr.vague:
        return "a vague amount: taken as a few"
    if expr.low is not None and expr.high is not None and expr.high - expr.low >= 1:
        return f"between {expr.low:g} and {expr.high:g} days; the middle is taken"
    return None


def _ignore(result: Result, text: Text, span: Span, reason: str) -> None:
    result.ignored.append(
        Ignored(
            field="twitch.duration_days", words=text.words(span), start=span[0], end=span[1], reason=reason
        )
    )


def _about(text: Text, expr: TimeExpr, cues: _Cues) -> str:
    """What a time expression is about, from the words around it in its clause, then its sentence."""
    span = expr.span
    clause = containing(text.clauses, span[0])
    segment = containing(text.segments, span[0])
    sentence = containing(text.sentences, span[0])
    days = expr.days or 0.0
    if starts_in(cues.sleep, clause) and days < 1 and expr.kind in ("duration", "moment") and expr.unit:
        return "sleep"
    if (
        starts_in(cues.training_days, clause)
        and starts_in(cues.workout, segment)
        and expr.unit == "day"
        and 1 <= days <= 60
        and expr.kind == "duration"
    ):
        return "training_days"
    if _BREAK_AFTER.match(text.norm[span[1] :]) or (
        expr.kind
        != "moment"  # "first leg day in ages this afternoon": a moment is when, not a break's length
        and starts_in(cues.breaks, clause)
        and _nearer(cues.breaks, cues.twitch, span)
    ):
        return "break"
    if days < 1 and expr.kind == "duration" and workout_length(text, span, cues.workout):
        return "workout_length"
    if _WHICH_WAS.match(text.norm[clause[0] : span[0]]):
        # "started twitching the week I started my new job, which was the 10th of November": the date of the
        # onset told in the clause before
        before = (sentence[0], clause[0])
        if starts_in(cues.twitch, before) and starts_in(cues.onsets, before):
            return "twitch_clause"
    twitch_in_clause = starts_in(cues.twitch, clause) or starts_in(cues.onsets, clause)
    workout_in_clause = starts_in(cues.workout, clause)
    if expr.kind in ("ago", "moment"):
        # "did legs yesterday", "ran 2 hours ago": when the workout was, unless the twitching began then.
        said_since = expr.kind == "moment" and "since" in text.norm[max(segment[0], span[0] - 12) : span[0]]
        if workout_in_clause and not said_since and _nearer(cues.workout, cues.twitch, span):
            return "workout_when"
        if workout_in_clause and not twitch_in_clause and not said_since:
            return "workout_when"
    twitch_word_in_clause = starts_in(cues.twitch, clause)
    if starts_in(cues.habits, clause) and not twitch_word_in_clause:
        return "habit"
    recurs = starts_in(cues.recurring, sentence) or (
        bool(cues.recurring) and starts_in(cues.passes, sentence)
    )
    if (
        recurs
        and expr.kind in ("duration", "since", "ago")
        and days >= 1
        and not (expr.kind != "duration" and _twitching_began(text, cues, clause))
    ):
        return "pattern"  # "for six weeks, after every session... gone by morning": each episode passes
    if twitch_word_in_clause:
        return "twitch_clause"
    if twitch_in_clause:
        return "onset_clause"
    if starts_in(cues.symptoms, clause) and not starts_in(cues.twitch, segment):
        return "symptom"
    if expr.kind == "moment":
        said_since = "since" in text.norm[max(segment[0], span[0] - 12) : span[0]]
        if said_since or starts_in(cues.twitch, segment):
            return "twitch_sentence"
        if starts_in(cues.workout, segment):
            return "workout_when"
        return "moment"
    if starts_in(cues.twitch, sentence) or starts_in(cues.onsets, sentence):
        return "twitch_sentence"
    if starts_in(cues.workout, sentence) and expr.kind == "ago":
        return "workout_when"
    if starts_in(cues.habits, sentence):
        return "habit"
    return "unattached"


def _twitching_began(text: Text, cues: _Cues, clause: Span) -> bool:
    """ "Two days ago my thumb started twitching whenever my hand is relaxed": the clause dates when the
    twitching itself began (a twitch word and an onset word side by side), so it has gone on since."""
    twitches = [span for span in cues.twitch if clause[0] <= span[0] < clause[1]]
    onsets = [span for span in cues.onsets if clause[0] <= span[0] < clause[1]]
    return any(
        word_count(text.norm[min(a[1], b[1]) : max(a[0], b[0])]) <= 2 for a in twitches for b in onsets
    )


_WHICH_WAS = re.compile(r"^\W*(?:which|that)\s+(?:(?:was|were|is)\s+)?(?:on\s+|in\s+|around\s+|about\s+)?$")


def _nearer(these: Sequence[Span], those: Sequence[Span], span: Span) -> bool:
    return nearest(these, span) < nearest(those, span)


def _in_after_workout(span: Span, result: Result) -> bool:
    return any(
        n.field == "twitch.started" and n.value == "after_workout" and n.start <= span[0] and span[1] <= n.end
        for n in result.notes
    )


def infer_duration(
    text: Text, lexicon: Lexicon, twitch_spans: list[Span], result: Result, today: Sequence[TimeExpr] = ()
) -> None:
    """When no time is said of the twitching itself, it has lasted since the workout it followed: "did legs
    yesterday, calves still twitching", "calves twitching after my run" (no time given: within hours); or,
    with no workout to count from, since earlier today when the story is told of today."""
    _since_the_workout(text, lexicon, twitch_spans, result)
    if "twitch.duration_days" in result.values or not twitch_spans:
        return
    if not today:
        # "out of nowhere my finger starts twitching... now my wrist is doing it too": an onset told as
        # happening now is the story of today
        today = [
            TimeExpr(kind="moment", days=0.0, low=0.0, high=0.0, span=match.span())
            for match in _STARTS_NOW.finditer(text.norm)
        ][:1]
        if not today:
            return
    # "Today was strangely hot... once I was home I noticed little twinges all over my legs": the story is of
    # today and nothing says the twitching began before it, or comes and goes, or goes on from earlier.
    if find(lexicon, lexicon.cues.recurring, text.norm) or find(lexicon, lexicon.cues.still_going, text.norm):
        return
    if _EARLIER.search(text.norm):
        return
    expr = min(today, key=lambda e: e.span[0])
    value = INFERRED_RECENT_DAYS
    result.set(
        "twitch.duration_days", value,
        note(text, "twitch.duration_days", value, expr.span, uncertain=True,
             detail="told of today, and nothing says it began before: taken as within the last few hours"),
    )  # fmt: skip


_STARTS_NOW = re.compile(
    r"\b(?:starts|just\s+started|has\s+just\s+started|just\s+began|is\s+starting)\s+(?:to\s+)?"
    r"(?:twitch|jump|flicker|spasm|puls|flutter|quiver)\w*"
)
"""An onset told as happening now, in the present tense or "just"."""


_EARLIER = re.compile(
    r"\b(?:again|a while|for ages|on and off|off and on|keeps? coming back|comes and goes|lately|recently|"
    r"these days|for some time|some time now|anymore|any more|ever since|usually|often)\b"
)
"""Words that say the twitching, or what it is told with, goes back before today."""


def _since_the_workout(text: Text, lexicon: Lexicon, twitch_spans: list[Span], result: Result) -> None:
    if "twitch.duration_days" in result.values or not twitch_spans:
        return
    hours_ago = result.values.get("workout.hours_ago")
    started = result.values.get("twitch.started")
    going = find(lexicon, lexicon.cues.still_going, text.norm)
    named_workout = any(n.field in ("workout.kind", "workout.worked_regions") for n in result.notes)
    if started is None and going and named_workout:
        span = going[0]
        result.set("twitch.started", "after_workout", note(text, "twitch.started", "after_workout", span,
                   detail="goes on since the workout named"))  # fmt: skip
        started = "after_workout"
    after_workout = started in ("after_workout", "during_workout")
    recurring = bool(find(lexicon, lexicon.cues.recurring, text.norm))
    # "Did legs yesterday. My quads are jumping": a workout with a time and twitching told of now, nothing
    # said of when it began: it is taken to have followed the workout (marked uncertain), up to 3 days back.
    told_now = bool(find(lexicon, lexicon.cues.present_words, text.norm)) or _told_after_the_workout(
        text, result, twitch_spans
    )
    recent = isinstance(hours_ago, float | int) and hours_ago <= RECENT_WORKOUT_HOURS
    followed = after_workout or going or (recent and told_now and not recurring)
    if hours_ago is not None and (followed or _began_with_the_workout(text, lexicon, result)):
        value = round(float(hours_ago) / 24, 3)
        words = next(n for n in result.notes if n.field == "workout.hours_ago" and n.value == hours_ago)
        result.set(
            "twitch.duration_days", value,
            note(text, "twitch.duration_days", value, (words.start, words.end),
                  uncertain=not (after_workout or going),
                  detail="since the workout: the twitching goes on from then"),
        )  # fmt: skip
        return
    if not named_workout:
        return
    if recurring:
        return  # "after every run", "after my runs": a pattern, whose length is not said
    if not after_workout:
        # "just finished cross country, calves are twitching", "quads r jumping rn after leg day"
        present = find(lexicon, lexicon.cues.present_words, text.norm)
        if not present:
            return
        result.set("twitch.started", "after_workout", note(
            text, "twitch.started", "after_workout", present[0], uncertain=True,
            detail="told of now, after the workout named"))  # fmt: skip
    # A workout named, the twitching after it, and no time for either: it is about now, within hours.
    words = next(n for n in result.notes if n.field == "twitch.started")
    value = INFERRED_RECENT_DAYS
    result.set(
        "twitch.duration_days", value,
        note(text, "twitch.duration_days", value, (words.start, words.end), uncertain=True,
             detail="after the workout named, with no time given: taken as within the last few hours"),
    )  # fmt: skip


def _told_after_the_workout(text: Text, result: Result, twitch_spans: list[Span]) -> bool:
    """ "Did the marathon yesterday and got cramps. The strange part was my calf rippling": twitching told
    after the dated workout, as part of its story, with nothing saying it began before (`_EARLIER`) or has
    gone on for long ("has been twitching"): it followed that workout."""
    words = next((n for n in result.notes if n.field == "workout.hours_ago"), None)
    if words is None or _EARLIER.search(text.norm) or _HAS_BEEN.search(text.norm):
        return False
    return all(span[0] > words.end for span in twitch_spans)


_HAS_BEEN = re.compile(r"\b(?:has|have|had|'s|'ve)\s+been\b|\bhas\s+\w+ed\b")
"""Twitching that has gone on ("has been twitching", "has twitched"): it may have begun before the workout."""


def _began_with_the_workout(text: Text, lexicon: Lexicon, result: Result) -> bool:
    """ "Did legs 5 days ago and the twitching started in my quads": the sentence that dates the workout says
    the twitching began then, so it has gone on since, however long ago that was."""
    words = next((n for n in result.notes if n.field == "workout.hours_ago"), None)
    if words is None:
        return False
    sentence = containing(text.sentences, words.start)
    return starts_in(find(lexicon, lexicon.cues.onset_words, text.norm), sentence) and starts_in(
        find(lexicon, lexicon.cues.macros["twitch"], text.norm), sentence
    )


RECENT_WORKOUT_HOURS = 72.0
"""A workout at most this long ago, with twitching told of now, is taken as when the twitching began."""

INFERRED_RECENT_DAYS = 0.1
"""How long twitching that follows a workout named without a time is taken to have lasted (2.4 hours): the
report needs a duration, and nothing in the text says more than "after my run"."""
