"""Stage 4b: red flags from meaning. People tell a warning sign as a story ("my chest felt like an elephant
sat on it", "his mouth went to one side and he couldn't hold his stick", "pee went almost brown") far more
often than they name it. Small concepts (text/data/meaning.yaml) found close together in one clause or
sentence set the field; each concept must be asserted (not denied, not told of the past or as a possibility),
and a field already set by a plain phrasing is left alone. A rule marked uncertain still counts (recall
first): the result says so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from twitchcheck.text.context import assertion, effort_only, find_cues, negated
from twitchcheck.text.fields import near_area
from twitchcheck.text.lexicon import Lexicon, MeaningRule
from twitchcheck.text.model import Ignored
from twitchcheck.text.normalise import Span, Text, find, word_count
from twitchcheck.text.result import Result, note


def read_meaning(
    text: Text, lexicon: Lexicon, result: Result, taken: list[Span], past: Sequence[tuple[Span, float]]
) -> None:
    """Set each field a rule finds told as a story, where no phrasing set it already."""
    meaning = lexicon.meaning
    spans = {name: find(lexicon, phrases, text.norm) for name, phrases in meaning.concepts.items()}
    cues = find_cues(text, lexicon, taken, taken)
    window = lexicon.cues.negation_window_words
    for rule in meaning.rules:
        if rule.field in result.values:
            continue  # a phrasing said it, yes or no: that wins
        units = _units(text, rule.scope)
        for unit in units:
            found = _match(text, rule, spans, unit)
            if found is None:
                continue
            if any(negated(text, span, cues, window) for span in found):
                continue
            if any(assertion(text, lexicon, span, past) is not None for span in found):
                continue
            anchor = (min(span[0] for span in found), max(span[1] for span in found))
            beside = _said_of_something_else(text, lexicon, rule.field, anchor, found)
            if beside is not None:
                result.ignored.append(
                    Ignored(
                        field=rule.field, words=text.words(anchor), start=anchor[0], end=anchor[1],
                        reason=f"said with {text.words(beside)!r}, which describes something else",
                    )
                )  # fmt: skip
                continue
            if rule.effort_sensitive and effort_only(text, lexicon, anchor, strong=True) is not None:
                continue
            result.set(
                rule.field,
                rule.value,
                note(
                    text, rule.field, rule.value, anchor, uncertain=rule.uncertain,
                    detail=f"told as a story, not named ({rule.id.replace('_', ' ')})",
                ),
            )  # fmt: skip
            break


def _said_of_something_else(
    text: Text, lexicon: Lexicon, field: str, anchor: Span, found: Sequence[Span] = ()
) -> Span | None:
    """The words near `anchor` that make its field's own phrasings describe something else (`unless_near`:
    "slumped on the sofa" is tiredness, "a bit confused why" is puzzlement): a story is held to the same.
    Words that are one of the rule's own concepts do not count ("seized up more each day" is no cramp)."""
    for entry in lexicon.fields:
        if entry.field != field or not entry.unless_near:
            continue
        area = near_area(text, anchor, entry.near_scope)
        for hit in find(lexicon, entry.unless_near, text.norm):
            if area[0] <= hit[0] < area[1] and not any(
                start <= hit[0] and hit[1] <= end for start, end in found
            ):
                return hit
    return None


def _units(text: Text, scope: str) -> Sequence[Span]:
    if scope == "clause":
        return text.clauses
    if scope == "sentence":
        return text.sentences
    # A sentence and the next: "He grabbed the back of his head. Says it was like being hit with a bat."
    pairs = [(first[0], second[1]) for first, second in itertools.pairwise(text.sentences)]
    return pairs or text.sentences


def _match(text: Text, rule: MeaningRule, spans: dict[str, list[Span]], unit: Span) -> list[Span] | None:
    """A span of each concept the rule needs inside `unit`, close together; None if the rule does not hold."""

    def first(name: str) -> Span | None:
        return next((span for span in spans[name] if unit[0] <= span[0] < unit[1]), None)

    found: list[Span] = []
    for name in rule.all:
        span = first(name)
        if span is None:
            return None
        found.append(span)
    for group in rule.any:
        span = next((hit for hit in (first(name) for name in group) if hit is not None), None)
        if span is None:
            return None
        found.append(span)
    if any(first(name) is not None for name in rule.none):
        return None
    if rule.of_part is not None:
        # The part nearest to what is said of it: "calf twitching, fingers numb, and my shin is tight".
        index, said = rule.all.index(rule.of_part[0]), found[rule.all.index(rule.of_part[1])]
        parts = [span for span in spans[rule.of_part[0]] if unit[0] <= span[0] < unit[1]]
        found[index] = min(parts, key=lambda span: abs(span[0] - said[0]))
        if _said_of_another_part(text, rule, spans, found):
            return None
    # Concepts must be different words ("chest" and "chest pain" overlapping count once), and close together.
    ordered = sorted(set(found))
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start < end or word_count(text.norm[end:start]) > rule.near:
            return None
    return found


_LISTED = re.compile(
    r"^(?:[\s,/&+]|\band\b|\bor\b|\bmy\b|\bthe\b|\bboth\b|\bhis\b|\bher\b|\bleft\b|\bright\b)*$"
)
"""What may stand between parts listed together: "forearm, hand and fingers are tight"."""


def _said_of_another_part(
    text: Text, rule: MeaningRule, spans: dict[str, list[Span]], found: list[Span]
) -> bool:
    """Another part is named between the part and what is said of it, not listed with the part."""
    if rule.of_part is None:
        return False
    part_name, said_name, other_name = rule.of_part
    part, said = found[rule.all.index(part_name)], found[rule.all.index(said_name)]
    low, high = (part[1], said[0]) if part[0] < said[0] else (said[1], part[0])
    parts = [*spans[part_name], *spans[other_name]]

    def listed(other: Span) -> bool:
        gap = text.norm[part[1] : other[0]]
        for start, end in sorted(parts, reverse=True):  # the parts listed between them are list items too
            if part[1] <= start and end <= other[0]:
                gap = gap[: start - part[1]] + " " + gap[end - part[1] :]
        return bool(_LISTED.match(gap))

    return any(low <= other[0] and other[1] <= high and not listed(other) for other in spans[other_name])
