"""Stage 4c: the safety net. Alarming features outside what twitchcheck assesses (a seizure, a snake bite,
a blow to the head, an overdose, thoughts of self-harm...) are recognised from the words of
`data/safety_net.yaml`, each naming a sign of the knowledge base's safety_net/ folder; denied, past and
hypothetical mentions do not count. The engine then says plainly that this is outside its scope and
escalates to the sign's level.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from twitchcheck.text.context import assertion, find_cues, negated
from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.model import Ignored, Note
from twitchcheck.text.normalise import Span, Text, find, word_count


def read_safety_net(
    text: Text, lexicon: Lexicon, taken: list[Span], past: Sequence[tuple[Span, float]]
) -> tuple[list[Note], list[Ignored]]:
    """A note (field `outside.<sign>`) for each sign found, and the mentions that did not count."""
    cues = find_cues(text, lexicon, taken, taken)
    window = lexicon.cues.negation_window_words
    notes: list[Note] = []
    ignored: list[Ignored] = []
    for entry in lexicon.safety_net:
        field = f"outside.{entry.sign}"
        candidates = find(lexicon, entry.phrases, text.norm) if entry.phrases else []
        for groups in entry.together:
            candidates += _together(text, lexicon, groups, entry.near, pair=entry.pair)
        for span in sorted(candidates):
            if negated(text, span, cues, window):
                continue
            reason = assertion(text, lexicon, span, past)
            if reason is not None:
                ignored.append(
                    Ignored(field=field, words=text.words(span), start=span[0], end=span[1], reason=reason)
                )
                continue
            notes.append(
                Note(field=field, value=True, words=text.words(span), start=span[0], end=span[1],
                     detail="outside what twitchcheck assesses")
            )  # fmt: skip
            break
    return notes, ignored


def _together(
    text: Text, lexicon: Lexicon, groups: Sequence[Sequence[str]], near: int, *, pair: bool = False
) -> list[Span]:
    """Spans covering one match of each group, in one sentence (or, with `pair`, a sentence and the next),
    with at most `near` words between them."""
    found = [find(lexicon, list(group), text.norm) for group in groups]
    if not all(found):
        return []
    spans: list[Span] = []
    units = list(text.sentences)
    if pair:
        units += [(first[0], second[1]) for first, second in itertools.pairwise(text.sentences)]
    for sentence in units:
        inside = [[span for span in group if sentence[0] <= span[0] < sentence[1]] for group in found]
        if not all(inside):
            continue
        for combination in itertools.product(*inside):
            ordered = sorted(combination)
            if any(start < end for (_, end), (start, _) in itertools.pairwise(ordered)):
                continue
            if all(
                word_count(text.norm[end:start]) <= near
                for (_, end), (start, _) in itertools.pairwise(ordered)
            ):
                spans.append((ordered[0][0], ordered[-1][1]))
                break
    return spans
