"""Stage 1: normalise and segment. Lower-case without changing length (so offsets name the original words)
and cut the text into sentences, segments (at "but", "and now"...) and clauses (at commas).

Also the small span helpers every later stage uses. Pure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from twitchcheck.text.lexicon import Lexicon

Span = tuple[int, int]


_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


_SENTENCE_END = re.compile(r"[!?;\n]+|\.(?!\d)+")


WORD = re.compile(r"[\w']+")


@dataclass
class Text:
    original: str
    norm: str
    sentences: list[Span]
    segments: list[Span]
    clauses: list[Span]

    def words(self, span: Span) -> str:
        return self.original[span[0] : span[1]]


def normalise(text: str) -> str:
    """Lower case, same length as the original (so that offsets name the original words)."""
    text = text.translate(_QUOTES)
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


def cut(spans: Iterable[Span], breaks: Iterable[Span]) -> list[Span]:
    cuts = sorted(breaks)
    out: list[Span] = []
    for start, end in spans:
        position = start
        for cut_start, cut_end in cuts:
            if start <= cut_start < end:
                if cut_start > position:
                    out.append((position, cut_start))
                position = max(position, cut_end)
        if position < end:
            out.append((position, end))
    return out


def read_text(text: str, lexicon: Lexicon) -> Text:
    norm = normalise(text)
    sentences = cut([(0, len(norm))], [m.span() for m in _SENTENCE_END.finditer(norm)])
    breaks = [m.span() for m in lexicon.pattern(lexicon.cues.clause_breaks).finditer(norm)]
    segments = cut(sentences, [(start, start) for start, _ in breaks])  # the break word starts a segment
    clauses = cut(segments, [(m.start(), m.end()) for m in re.finditer(r",|\s-\s|\(|\)", norm)])
    return Text(text, norm, sentences, segments, clauses)


def containing(spans: Sequence[Span], position: int) -> Span:
    index = bisect_right(spans, (position, len("x" * 0) + 10**9)) - 1
    if index >= 0 and spans[index][0] <= position < max(spans[index][1], spans[index][0] + 1):
        return spans[index]
    return (position, position)


def find(lexicon: Lexicon, phrases: Sequence[str], norm: str) -> list[Span]:
    if not phrases:
        return []
    return [match.span() for match in lexicon.pattern(phrases).finditer(norm)]


def overlaps(span: Span, taken: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def word_count(text: str) -> int:
    return len(WORD.findall(text))
