"""Stage 3: assertion status in the ConText sense. A finding is negated by a cue before it in its clause ("no
chest pain") or after it ("swallowing: none"), or by the answer to its own question ("Confused? No more than
usual"); uncertain by a hedge in its segment ("maybe", "?"); historical when its clause places it in the past
("last year I had heat stroke", "back in high school"); hypothetical when it is a sign named, not had ("signs
of low sodium such as confusion", "what if my pee goes brown"); about someone else's past ("family history
of..."); and, for breathlessness and weakness, discounted when said of the effort that has passed.

Cues are data (`text/data/cues.yaml`); this module only applies them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.normalise import WORD, Span, Text, containing, find, overlaps, word_count


@dataclass(frozen=True)
class CueSpans:
    before: list[Span]
    after: list[Span]
    uncertain: list[Span]
    stops: list[Span]


def find_cues(text: Text, lexicon: Lexicon, taken: list[Span], phrased: list[Span]) -> CueSpans:
    cues = lexicon.cues
    uncertain = find(lexicon, [c for c in cues.uncertainty if c != "?"], text.norm)
    uncertain += [(m.start(), m.end()) for m in re.finditer(r"\?", text.norm)]
    pseudo = find(lexicon, cues.pseudo_negation, text.norm)  # "I don't know why my chest hurts" affirms it
    blocked = [*taken, *uncertain, *pseudo]
    before = [s for s in find(lexicon, cues.negation_before, text.norm) if not overlaps(s, blocked)]
    after = [s for s in find(lexicon, cues.negation_after, text.norm) if not overlaps(s, blocked)]
    stops = [s for s in find(lexicon, cues.negation_stops, text.norm) if not overlaps(s, phrased)]
    return CueSpans(before, after, [s for s in uncertain if not overlaps(s, taken)], stops)


_ANSWER_NO = re.compile(
    r"^\?\s*(?:no|nope|nah|not really|not at all|no more than usual|not that i know of)\b"
)


def answered_no(text: Text, span: Span) -> bool:
    """ "Confused? No more than usual": a finding asked as a question and answered no."""
    return bool(_ANSWER_NO.match(text.norm[span[1] : span[1] + 30].lstrip()))


def assertion(text: Text, lexicon: Lexicon, span: Span, past: Sequence[tuple[Span, float]]) -> str | None:
    """Why a red-flag finding here is not something the person has now (historical, hypothetical, another
    person's), or None. `past`: time expressions (span, days ago) that place an event in the past."""
    cues = lexicon.cues
    clause = containing(text.clauses, span[0])
    segment = containing(text.segments, span[0])
    words = text.norm[segment[0] : segment[1]]
    if find(lexicon, cues.current, words):
        return None  # "still", "now", "again", "today": whatever else the clause says, it is now
    asked = _asked_about(text, lexicon, span)
    if asked is not None:
        return asked
    for start, end in find(lexicon, cues.hypothetical, text.norm):
        if clause[0] <= start and end <= span[0] and not _in_consequent(text.norm[end : span[1]]):
            return f"named as a possibility ({text.words((start, end))!r}), not said to be there"
    sentence = containing(text.sentences, span[0])
    for start, end in find(lexicon, cues.plan_if, text.norm):
        if sentence[0] <= start and end <= span[0]:
            return f"a condition in the plan ({text.words((start, end))!r}), not said to be there"
    for start, end in find(lexicon, cues.other_person_history, text.norm):
        if segment[0] <= start < segment[1]:
            return f"about someone else's history ({text.words((start, end))!r})"
    other = _other_subject(text, lexicon, span, clause)
    if other is not None:
        return other
    for start, end in find(lexicon, cues.historical, text.norm):
        if segment[0] <= start < segment[1]:
            return f"told as something in the past ({text.words((start, end))!r}), not now"
    for (start, end), days in past:
        if segment[0] <= start < segment[1] and days >= cues.historical_days:
            return f"told as something in the past ({text.words((start, end))!r}), not now"
    return None


def _other_subject(text: Text, lexicon: Lexicon, span: Span, clause: Span) -> str | None:
    """ "My training partner fainted... I'm asking about me, not her": when the writer says they ask about
    themselves, a sign told with another person as its subject (at most three words before it in its clause)
    is that person's, not theirs."""
    cues = lexicon.cues
    if not find(lexicon, cues.asking_for_self, text.norm):
        return None
    for start, end in find(lexicon, cues.other_subjects, text.norm):
        if clause[0] <= start and end <= span[0] and word_count(text.norm[end : span[0]]) <= 3:
            return f"about another person ({text.words((start, end))!r}); the writer asks about themselves"
    return None


_CONSEQUENT = re.compile(
    r"^\W*\w.*?\b(?:i|he|she|we|they)\s+(?!(?:will|would|might|could|should|may|ll|wont|wouldnt)\b)\w"
)
"""After the condition's own words (at least one), a subject whose verb is not a modal: the consequent."""


def _in_consequent(between: str) -> bool:
    """ "If I get up fast I pass out": the finding is what happens when the condition is met, told with its
    own subject after the condition, so it is had, not a possibility; "if I get chest pain" or "... I will
    pass out" stay possibilities."""
    return bool(_CONSEQUENT.search(between))


def _asked_about(text: Text, lexicon: Lexicon, span: Span) -> str | None:
    """ "Is a twitch there ever a heart attack?": a condition named in a question, not asked of now."""
    cues = lexicon.cues
    words = text.norm[span[0] : span[1]]
    if not any(start == 0 and end == len(words) for start, end in find(lexicon, cues.asked_names, words)):
        return None
    sentence = containing(text.sentences, span[0])
    if "?" not in text.norm[span[1] : sentence[1] + 1]:
        return None
    if find(lexicon, cues.asking_if_now, text.norm[sentence[0] : sentence[1]]):
        return None
    return f"a condition asked about ({text.words(span)!r}), not a sign said to be there"


def negated(text: Text, span: Span, cues: CueSpans, window: int) -> bool:
    clause = containing(text.clauses, span[0])
    for start, end in cues.before:
        stopped = any(end <= stop[0] and stop[1] <= span[0] for stop in cues.stops)  # "no X and Y": Y stands
        if (
            clause[0] <= start
            and end <= span[0]
            and word_count(text.norm[end : span[0]]) <= window
            and not stopped
        ):
            return True
    for start, end in cues.after:
        if span[1] <= start and end <= clause[1] and word_count(text.norm[span[1] : start]) <= window:
            return True
    before = " ".join([*WORD.findall(text.norm[clause[0] : span[0]])[-4:], text.norm[span[0] : span[1]]])
    return bool(_BUT_DID_NOT.match(text.norm, span[1])) and not _NEARLY.search(before)


_BUT_DID_NOT = re.compile(
    r"(?:\s+\w+){0,2}?\s*,?\s*but\s+(?:i|he|she|we|they|it)\s+"
    r"(?:didn'?t|didn\u2019t|did\s+not|never\s+did|wasn'?t|wasn\u2019t|was\s+not|never)\s*(?:[.!?;,]|$)"
)
"""Just after a finding, "..., but I didn't." takes it back: "thought I would pass out, but I didn't"..."""

_NEARLY = re.compile(
    r"\b(?:nearly|almost|close to|felt like|feel like|feeling like|about to|going to|gonna)\b"
)
"""... but not a near miss, which is had ("nearly passed out, but I didn't" still nearly fainted)."""


def starts_in(spans: Sequence[Span], area: Span) -> bool:
    return any(area[0] <= start < area[1] for start, _ in spans)


def has_question(text: Text, clause: Span) -> bool:
    return "?" in text.norm[clause[0] : clause[1]]


def said_at_rest(text: Text, lexicon: Lexicon, span: Span) -> bool:
    """Whether the sentence says it goes on at rest; "I feel totally fine sitting here now" does not."""
    sentence = containing(text.sentences, span[0])
    recovered = find(lexicon, lexicon.cues.recovered, text.norm)
    for start, _ in find(lexicon, lexicon.cues.at_rest, text.norm):
        if sentence[0] <= start < sentence[1]:
            clause = containing(text.clauses, start)
            if not any(clause[0] <= other < clause[1] for other, _ in recovered):
                return True
    return False


def effort_only(text: Text, lexicon: Lexicon, span: Span, *, strong: bool) -> str | None:
    """Why a phrase here is about the effort itself ("out of breath during the sprints but fine now")."""
    sentence = containing(text.sentences, span[0])
    words = text.norm[sentence[0] : sentence[1]]
    if said_at_rest(text, lexicon, span):
        return None
    effort = bool(find(lexicon, lexicon.cues.exertion_context, words))
    recovered = bool(find(lexicon, lexicon.cues.recovered, words))
    if (strong and effort and recovered) or (not strong and (effort or recovered)):
        return "said of the effort itself, and not at rest or gone since: not counted as a warning sign"
    return None
