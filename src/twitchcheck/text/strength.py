"""Stage 4a: weakness felt, not found. A slight weakness ("my leg feels a little weak") or a doubted one
("maybe my grip is weaker?") told beside a test of the same strength the person passed ("I can still do squat
jumps with no problem", "got the same number on the grip tester") is a feeling the test did not bear out: it
is not counted as weakness and goes to `ignored` with the reason. A weakness told plainly ("I can't lift my
foot") stands whatever else is said, and so does one that is getting worse.
"""

from __future__ import annotations

import re

from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.model import Ignored, Note
from twitchcheck.text.normalise import Span, Text, containing, find, word_count
from twitchcheck.text.result import RANKS, Result

FIELD = "symptoms.weakness"

_BARE = frozenset({"weak", "weaker", "weakness"})

SENTENCES_AROUND = 2
"""How many sentences either side of the weakness a passed strength test may be told in."""


def weakness_felt_not_found(text: Text, lexicon: Lexicon, result: Result) -> None:
    """Drop a slight or doubted specific weakness that a strength test told nearby did not bear out."""
    said = [n for n in result.notes if n.field == FIELD and not n.negated and n.value != "tiredness"]
    if not said or any(n.value == "progressive" for n in said):
        return
    if any(_DENIED_BEFORE.search(text.norm[containing(text.clauses, n.start)[0] : n.start]) for n in said):
        return  # "I don't think I'm weak? I can still open jars": a doubted denial counts (recall first)
    kept = find(lexicon, lexicon.cues.strength_kept, text.norm)
    slight = find(lexicon, lexicon.cues.slight, text.norm)
    if not kept or not any(n.uncertain or _slight(text, n, slight) for n in said):
        return
    # Every mention is near the test, and any told plainly is the bare word, the same feeling named again
    # ("because of the weak leg"): a plain loss of strength ("can't open jars") stands.
    if not all(
        _tested(text, n, kept) and (n.uncertain or _slight(text, n, slight) or n.words.lower() in _BARE)
        for n in said
    ):
        return
    for n in said:
        result.notes.remove(n)
        result.ignored.append(
            Ignored(
                field=FIELD, words=n.words, start=n.start, end=n.end,
                reason="a slight or doubted weakness, and a test of strength told with it was passed",
            )
        )  # fmt: skip
    rest = [n.value for n in result.notes if n.field == FIELD]
    if rest:
        result.values[FIELD] = max(rest, key=lambda value: RANKS[FIELD].get(value, -1))
    else:
        result.values.pop(FIELD, None)


_DENIED_BEFORE = re.compile(r"\b(?:not|no|never|dont|don't|do not|doesnt|doesn't|isnt|isn't)\b")


def _slight(text: Text, said: Note, slight: list[Span]) -> bool:
    clause = containing(text.clauses, said.start)
    return any(
        clause[0] <= end <= said.start and word_count(text.norm[end : said.start]) <= 1 for _, end in slight
    )


def _tested(text: Text, said: Note, kept: list[Span]) -> bool:
    index = text.sentences.index(containing(text.sentences, said.start))
    first = text.sentences[max(0, index - SENTENCES_AROUND)]
    last = text.sentences[min(len(text.sentences) - 1, index + SENTENCES_AROUND)]
    return any(first[0] <= start < last[1] for start, _ in kept)
