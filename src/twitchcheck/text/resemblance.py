"""Stage 7: a second opinion on the whole description, for what the rules could not place.

The rules (stages 1-6) find signs they have words or a grammar for; people narrate, and some emergencies are
told in ways no rule foresaw. This stage reads the description as a whole: one logistic regression per "needs
at least this level" (see_doctor, urgent, emergency) over TF-IDF features of its words (1-2 grams) and of the
characters inside its words (3-5 grams), trained by `bench/text_model.py` on labelled descriptions that no one
who works on the reader wrote (the outside corpus's development part; the final part is never trained on).
The weights are data (`data/resemblance.json`); reading them is a few lines of arithmetic, written here rather
than loading scikit-learn, NumPy and SciPy (about a second) to score one paragraph.
`tests/text/test_resemblance.py` checks this gives scikit-learn's own probabilities and that re-training
reproduces the file.

It only ever raises (recall first): `text.assess` raises the rules' level to the highest level whose model is
at least `threshold` sure, and says so with the knowledge base's words (`safety_net/reads_like_*`), naming
the words that weighed most. It never lowers a level and never removes a red flag.

Pure: text in, numbers out; the model file is read once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from twitchcheck.report import Level

MODEL = Path(__file__).with_name("data") / "resemblance.json"
SIGN_PREFIX = "reads_like_"
"""The knowledge base's safety-net signs of the second opinion: `reads_like_<level>`."""
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token pattern: words of two or more word characters."""


@dataclass(frozen=True)
class _Vocabulary:
    ngram_range: tuple[int, int]
    terms: dict[str, list[float]]
    """term -> [idf, weight for level 1, level 2, level 3]"""


@dataclass(frozen=True)
class Model:
    levels: tuple[Level, ...]
    """The levels the regressions are for, lowest first (see_doctor, urgent, emergency)."""
    threshold: float
    min_words: int
    """Shorter texts get no second opinion (the 5th percentile of the training texts' length)."""
    unshown: frozenset[str]
    """Function words ("he", "and", "to"): they weigh in the model, but a gram with one of them is never
    shown as a reason (scikit-learn's English stop-word list, exported with the weights)."""
    intercepts: tuple[float, ...]
    words: _Vocabulary
    chars: _Vocabulary


@dataclass(frozen=True)
class Resemblance:
    """What the second opinion made of a description."""

    chances: dict[Level, float]
    """P(needs at least this level), for see_doctor, urgent and emergency."""
    level: Level | None
    """The highest level whose chance reaches the threshold, or None (always None for a text shorter than the
    model's `min_words`)."""
    words: tuple[str, ...]
    """The words (or pairs of words) of the text that weighed most toward `level`, most first (at most 4);
    never a function word ("he", "and"), which says nothing to the person reading why."""


@cache
def load_model(path: Path = MODEL) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))

    def vocabulary(part: dict[str, Any]) -> _Vocabulary:
        low, high = part["ngram_range"]
        return _Vocabulary((int(low), int(high)), part["terms"])

    return Model(
        levels=tuple(data["levels"]),
        threshold=float(data["threshold"]),
        min_words=int(data["min_words"]),
        unshown=frozenset(data["unshown"]),
        intercepts=tuple(float(value) for value in data["intercepts"]),
        words=vocabulary(data["words"]),
        chars=vocabulary(data["chars"]),
    )


def word_grams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's `analyzer="word"`: lower-cased tokens, then their n-grams joined by a space."""
    tokens = _TOKEN.findall(text.lower())
    low, high = ngram_range
    grams: list[str] = []
    for n in range(low, high + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_grams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's `analyzer="char_wb"`: character n-grams inside each word padded with a space."""
    low, high = ngram_range
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)  # a short word counts once, as itself
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def _features(grams: list[str], vocabulary: _Vocabulary) -> dict[str, float]:
    """Sub-linear TF-IDF of the known grams, normalised to unit length (as TfidfVectorizer does)."""
    counts = Counter(gram for gram in grams if gram in vocabulary.terms)
    values = {gram: (1.0 + math.log(count)) * vocabulary.terms[gram][0] for gram, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in values.values()))
    return {gram: value / norm for gram, value in values.items()} if norm else {}


def resemblance(text: str, model: Model | None = None) -> Resemblance:
    """How likely it is, by the second opinion, that `text` needs at least each level."""
    model = model or load_model()
    words = _features(word_grams(text, model.words.ngram_range), model.words)
    chars = _features(char_grams(text, model.chars.ngram_range), model.chars)
    chances: dict[Level, float] = {}
    for k, for_level in enumerate(model.levels):
        score = model.intercepts[k]
        score += sum(value * model.words.terms[gram][k + 1] for gram, value in words.items())
        score += sum(value * model.chars.terms[gram][k + 1] for gram, value in chars.items())
        chances[for_level] = 1.0 / (1.0 + math.exp(-score))
    level: Level | None = None
    if len(_TOKEN.findall(text)) >= model.min_words:
        level = next((lvl for lvl in reversed(model.levels) if chances[lvl] >= model.threshold), None)
    weighed: tuple[str, ...] = ()
    if level is not None:
        k = model.levels.index(level) + 1
        pulls = sorted(
            (
                (value * model.words.terms[gram][k], gram)
                for gram, value in words.items()
                if not model.unshown.intersection(gram.split())
            ),
            reverse=True,
        )
        weighed = tuple(gram for pull, gram in pulls[:4] if pull > 0)
    return Resemblance(chances=chances, level=level, words=weighed)
