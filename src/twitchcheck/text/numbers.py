"""Numbers as people write them: digits, number words, fractions, ranges and vague counts.

A small grammar finds the span of every number in the (lower-cased) text; the value of a run of number
words ("twenty five", "a hundred and ten") is computed by `text2num` (text_to_num), which composes English
cardinals correctly. Vague counts ("a couple of", "a few", "several") and fractions ("two and a half", "half
a") are this module's own, since no library reads them the way a symptom story means them.

Pure: text in, `Number`s out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

Span = tuple[int, int]

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ("hundred", "thousand")
NUMBER_WORDS = frozenset((*_UNITS, *_TENS, *_SCALES))

# Vague counts: (value, low, high). The value is what a person most likely means; the range is kept so that
# a result can say how sure it is ("a few weeks": 2 to 4).
VAGUE: dict[str, tuple[float, float, float]] = {
    "a couple of": (2, 2, 3),
    "a couple": (2, 2, 3),
    "couple of": (2, 2, 3),
    "couple": (2, 2, 3),
    "a few": (3, 2, 4),
    "few": (3, 2, 4),
    "several": (3, 3, 5),
    "a handful of": (4, 3, 5),
    "a dozen": (12, 12, 12),
    "dozen": (12, 12, 12),
    "a pair of": (2, 2, 2),
    "a single": (1, 1, 1),
}
ARTICLES = {"a": 1.0, "an": 1.0, "one": 1.0, "single": 1.0}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_WORD = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_WORDS = rf"(?:a\s+)?{_WORD}(?:(?:\s+and\s+|\s*-\s*|\s+){_WORD})*"
_SINGLE = rf"(?:{_DIGITS}|{_WORDS})"
_HALF = r"(?:\s+and\s+(?:a\s+)?half)"
_RANGE_JOIN = r"\s*(?:-|to|or|/)\s*"  # en dashes are hyphens by now (normalise)


@dataclass(frozen=True, slots=True)
class Number:
    """A number in the text: its value, the range it may mean, where it is, and whether it is vague."""

    value: float
    low: float
    high: float
    span: Span
    vague: bool = False

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def value_of(words: str) -> float | None:
    """The value of one number as written ("25", "1,5", "3,000", "twenty five", "a hundred"), or None."""
    text = words.strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))  # decimal comma: "1,5 litres"
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in ARTICLES:
        return ARTICLES[text]
    if text in VAGUE:
        return VAGUE[text][0]
    cleaned = re.sub(r"^a\s+", "one ", text)
    cleaned = re.sub(r"\s*-\s*", " ", cleaned)
    if not all(word in NUMBER_WORDS or word == "and" for word in cleaned.split()):
        return None
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


@cache
def _pattern() -> re.Pattern[str]:
    vague = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.,])(?:"
        rf"(?P<range>(?P<a>{_SINGLE}){_RANGE_JOIN}(?P<b>{_SINGLE}))"
        rf"|(?P<vague>{vague})"
        rf"|(?P<half_of>half\s+an?)"
        rf"|(?P<single>{_SINGLE})(?P<half>{_HALF})?"
        rf")(?![\w])"
    )


def _spoken_range(words: str) -> tuple[float, float] | None:
    """Two number words side by side that are no one number ("three four", "ten fifteen"): the range they say,
    when the second is the larger and close to the first; else None."""
    parts = words.split()
    if len(parts) != 2 or not all(part in NUMBER_WORDS for part in parts):
        return None
    low, high = value_of(parts[0]), value_of(parts[1])
    if low is None or high is None or not 0 < low < high <= max(low + 2, low * 1.5):
        return None
    return low, high


def find_numbers(norm: str) -> list[Number]:
    """Every number in lower-cased text, left to right, longest reading first (ranges, then singles)."""
    found: list[Number] = []
    for match in _pattern().finditer(norm):
        span = match.span()
        if match.group("range"):
            a, b = value_of(match.group("a")), value_of(match.group("b"))
            joined = norm[match.end("a") : match.start("b")].strip()
            if joined == "-" and a is not None and b is not None and a >= 20 and a % 10 == 0 and b < 10:
                found.append(Number(a + b, a + b, a + b, span))  # "twenty-one" is one number
                continue
            if a is not None and b is not None and 0 <= a < b and b <= max(a * 10, a + 12):
                found.append(Number((a + b) / 2, a, b, span))
                continue
            # "2 or 3" that is not a plausible range ("1/10", "5-15"?): take each number alone.
            for name in ("a", "b"):
                value = value_of(match.group(name))
                if value is not None:
                    found.append(Number(value, value, value, match.span(name)))
            continue
        if match.group("vague"):
            value, low, high = VAGUE[match.group("vague")]
            found.append(Number(value, low, high, span, vague=True))
            continue
        if match.group("half_of"):
            found.append(Number(0.5, 0.5, 0.5, span))
            continue
        value = value_of(match.group("single"))
        if value is None:
            spoken = _spoken_range(match.group("single"))
            if spoken is not None:  # "three four weeks", as people say a range aloud
                found.append(Number((spoken[0] + spoken[1]) / 2, spoken[0], spoken[1], span))
            continue
        if match.group("half"):
            value += 0.5
        found.append(Number(value, value, value, span))
    return found


NUMBER_REGEX = rf"(?:(?:{_SINGLE}){_RANGE_JOIN}(?:{_SINGLE})|{_SINGLE}(?:{_HALF})?|half\s+an?)"
"""A regular expression (no groups) for any number `find_numbers` reads, for use inside other patterns;
vague counts are matched separately (`VAGUE_REGEX`)."""
VAGUE_REGEX = "(?:" + "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True)) + ")"


def read_number(words: str) -> Number | None:
    """The one number `words` spells (a range, a vague count, a fraction), or None."""
    text = words.strip().lower()
    numbers = find_numbers(text)
    if len(numbers) == 1 and numbers[0].span == (0, len(text)):
        return numbers[0]
    return None
