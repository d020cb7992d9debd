"""Stage 2 and 4: field phrasings (symptoms, frequency, hydration...) matched against the text, the longest
winning where two overlap, then set with the assertion status the context stage gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twitchcheck.text.context import (
    answered_no,
    assertion,
    effort_only,
    find_cues,
    negated,
    said_at_rest,
    starts_in,
)
from twitchcheck.text.lexicon import FieldPhrases, Lexicon
from twitchcheck.text.model import Ignored
from twitchcheck.text.normalise import WORD, Span, Text, containing, find, overlaps, word_count
from twitchcheck.text.result import Result, note


@dataclass(frozen=True)
class Match:
    entry: FieldPhrases
    span: Span
    kind: str  # phrases | uncertain_phrases | effort_phrases | false_phrases | look_alikes


def near_area(text: Text, span: Span, scope: str) -> Span:
    """Where a field's `unless_near` words are looked for around `span`."""
    segment = containing(text.segments, span[0])
    if scope != "previous_sentence":
        return segment
    sentence = containing(text.sentences, span[0])
    index = text.sentences.index(sentence) if sentence in text.sentences else 0
    start = text.sentences[index - 1][0] if index > 0 else sentence[0]
    return (start, sentence[1])


def _own_part_named(text: Text, lexicon: Lexicon, span: Span, hits: Sequence[Span]) -> bool:
    """ "Stubbed a toe. The back of my leg has puffed up": a word from the sentence before does not describe
    a finding whose own sentence names, before it, the body part it is said of."""
    sentence = containing(text.sentences, span[0])
    if any(hit[0] >= sentence[0] for hit in hits):
        return False
    names = [name for names in lexicon.kb_region_names.values() for name in names]
    names += [name for names in lexicon.regions.names.values() for name in names]
    names += [name for group in lexicon.regions.groups.values() for name in group.names]
    return bool(find(lexicon, names, text.norm[sentence[0] : span[0]]))


def _denied(text: Text, lexicon: Lexicon, span: Span) -> bool:
    """An `unless_near` word denied in the three words before it ("brown, close to black, not just dark
    yellow"): it does not describe the thing. The negation cues are the context stage's own."""
    before = WORD.findall(text.norm[containing(text.clauses, span[0])[0] : span[0]])[-3:]
    return bool(lexicon.pattern(lexicon.cues.negation_before).search(" ".join(before)))


def field_matches(text: Text, lexicon: Lexicon) -> tuple[list[Match], list[Ignored]]:
    candidates: list[Match] = []
    ignored: list[Ignored] = []
    for entry in lexicon.fields:
        near = find(lexicon, entry.unless_near, text.norm)
        for kind in ("phrases", "uncertain_phrases", "effort_phrases", "false_phrases", "look_alikes"):
            for span in find(lexicon, getattr(entry, kind), text.norm):
                area = near_area(text, span, entry.near_scope)
                hits = [n for n in near if area[0] <= n[0] < area[1] and not _denied(text, lexicon, n)]
                if hits and _own_part_named(text, lexicon, span, hits):
                    hits = []
                hit = hits[0] if hits else None
                if hit is not None and kind not in ("false_phrases", "look_alikes"):
                    ignored.append(
                        Ignored(
                            field=entry.field,
                            words=text.words(span),
                            start=span[0],
                            end=span[1],
                            reason=f"said with {text.words(hit)!r}, which describes something else",
                        )
                    )
                    continue
                candidates.append(Match(entry, span, kind))
    # Longest first; on the same words a plain "no" wins ("pee is not brown" over "pee ... brown").
    candidates.sort(
        key=lambda match: (-(match.span[1] - match.span[0]), match.span[0], match.kind != "false_phrases")
    )
    kept: list[Match] = []
    for match in candidates:
        others = [
            other.span for other in kept if other.span != match.span or other.entry.field == match.entry.field
        ]
        if not overlaps(match.span, others):
            kept.append(match)  # the same words may state two fields ("pee is clear": colour 1, not dark)
    for match in kept:
        if match.kind == "look_alikes":
            ignored.append(
                Ignored(
                    field=match.entry.field, words=text.words(match.span), start=match.span[0],
                    end=match.span[1], reason="a look-alike: these words say something else",
                )
            )  # fmt: skip
    kept = sorted((match for match in kept if match.kind != "look_alikes"), key=lambda match: match.span)
    return kept, ignored


def read_fields(
    text: Text, lexicon: Lexicon, result: Result, past: Sequence[tuple[Span, float]] = ()
) -> list[Span]:
    """Every field phrasing, with its assertion status; the spans of all the phrasings found."""
    matches, ignored = field_matches(text, lexicon)
    result.ignored += ignored
    taken = [match.span for match in matches]
    # A negation inside a "no" phrasing still reaches the next ones: "no weakness or numbness", "pee is not
    # brown or cola coloured"; inside any other phrasing it is part of that phrasing ("not making sense").
    stated = [match.span for match in matches if not says_no(match)]
    cues = find_cues(text, lexicon, stated, taken)
    window = lexicon.cues.negation_window_words
    softeners = find(lexicon, lexicon.cues.softeners, text.norm)
    doubts = [span for span in cues.uncertain if not overlaps(span, softeners)]
    # A softened denial still denies: "I don't think I'm weak" ("dont think" is a softener, no doubt).
    soft_denials = [
        span for span in softeners if text.norm[span[0] : span[1]].startswith(("dont", "don't", "do not"))
    ]
    for match in matches:
        entry, span = match.entry, match.span
        segment = containing(text.segments, span[0])
        clause = containing(text.clauses, span[0])
        uncertain = match.kind == "uncertain_phrases" or starts_in(cues.uncertain, segment)
        answered = answered_no(text, span)
        is_negated = (
            match.kind == "false_phrases"
            or negated(text, span, cues, window)
            or answered
            or _softly_denied(text, span, soft_denials, window)
        )
        # "I don't think I'm short of breath, maybe?": a doubt anywhere in the sentence leaves it unsure; the
        # question mark of a question answered no ("Confused? No more than usual") is not a doubt.
        sentence = containing(text.sentences, span[0])
        doubted = [
            d for d in doubts if not (answered and d[0] >= span[1] and not text.norm[span[1] : d[0]].strip())
        ]
        if is_negated and match.kind != "false_phrases" and starts_in(doubted, (clause[0], sentence[1] + 1)):
            is_negated = False  # "I don't think so, maybe?": unsure either way, so the sign counts
            uncertain = True
        if entry.field.startswith("symptoms.") and not is_negated:
            reason = assertion(text, lexicon, span, past)
            if reason is not None:
                result.ignored.append(
                    Ignored(
                        field=entry.field, words=text.words(span), start=span[0], end=span[1], reason=reason
                    )
                )
                continue
        if match.kind == "effort_phrases" or entry.effort_sensitive:
            reason = effort_only(text, lexicon, span, strong=match.kind != "effort_phrases")
            if reason is not None and not is_negated:
                result.ignored.append(
                    Ignored(
                        field=entry.field, words=text.words(span), start=span[0], end=span[1], reason=reason
                    )
                )
                continue
            if match.kind == "effort_phrases" and not said_at_rest(text, lexicon, span):
                uncertain = True  # breathless, not saying whether at rest: counted (recall first), marked
        if is_negated:
            value = entry.when_negated
            if value is None:
                value = not entry.value if isinstance(entry.value, bool) else "skip"
            if value == "skip":
                continue
            result.set(entry.field, value, note(text, entry.field, value, span, negated=True))
        else:
            result.set(
                entry.field, entry.value, note(text, entry.field, entry.value, span, uncertain=uncertain)
            )
    return taken


def _softly_denied(text: Text, span: Span, denials: Sequence[Span], window: int) -> bool:
    clause = containing(text.clauses, span[0])
    return any(
        clause[0] <= start and end <= span[0] and word_count(text.norm[end : span[0]]) <= window
        for start, end in denials
    )


def says_no(match: Match) -> bool:
    return match.kind == "false_phrases" or match.entry.value in (False, "none")
