"""Free text to a report: rules over the lexicon (`text/data/`), with NegEx-style negation and uncertainty.

Pure: text in, `Understanding` out; no I/O beyond reading the packaged lexicon once.

How it reads a description:

1. The text is lower-cased character by character (offsets stay those of the original) and cut into
   sentences, segments (sentences cut at words like "but", "and now") and clauses (segments cut at commas).
2. Field phrasings (symptoms, frequency, hydration...) are matched; where two overlap the longer wins, so
   "no weakness" beats "weakness" and "chest pain" beats the region "chest".
3. Each match is negated by a cue shortly before it in the same clause ("no", "not", "without"), and made
   uncertain by a cue in the same segment ("maybe", "I think", "?"). An uncertain warning sign is still set:
   recall comes first, and the note says it was uncertain. Breathlessness in a sentence about the effort
   ("out of breath during the sprints but fine now") is ignored, with the reason.
4. Workouts, regions (twitching or worked), drinks, quantities with units, durations and moments are read from
   what the phrasings left.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import ValidationError

from twitchcheck.errors import FieldProblem, InputError, problems_from
from twitchcheck.report import REGIONS, REQUIRED_FIELDS, Report
from twitchcheck.text.lexicon import FieldPhrases, Lexicon, load_lexicon
from twitchcheck.text.model import MAX_TEXT_CHARS, Ignored, Note, Understanding

Span = tuple[int, int]

_WEAKNESS_RANK = {"none": 0, "tiredness": 1, "specific": 2, "progressive": 3}
_FREQUENCY_RANK = {"occasional": 0, "frequent": 1, "constant": 2}
_TREND_RANK = {"improving": 0, "unchanged": 1, "worsening": 2}
_RANKS: Mapping[str, Mapping[str, int]] = {
    "symptoms.weakness": _WEAKNESS_RANK,
    "twitch.frequency": _FREQUENCY_RANK,
    "twitch.trend": _TREND_RANK,
}
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SENTENCE_END = re.compile(r"[!?;\n]+|\.(?!\d)+")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_WORD = re.compile(r"[\w']+")


# Reading the text


@dataclass
class _Text:
    original: str
    norm: str
    sentences: list[Span]
    segments: list[Span]
    clauses: list[Span]

    def words(self, span: Span) -> str:
        return self.original[span[0] : span[1]]


def _normalise(text: str) -> str:
    """Lower case, same length as the original (so that offsets name the original words)."""
    text = text.translate(_QUOTES)
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


def _cut(spans: Iterable[Span], breaks: Iterable[Span]) -> list[Span]:
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


def _read(text: str, lexicon: Lexicon) -> _Text:
    norm = _normalise(text)
    sentences = _cut([(0, len(norm))], [m.span() for m in _SENTENCE_END.finditer(norm)])
    breaks = [m.span() for m in lexicon.pattern(lexicon.cues.clause_breaks).finditer(norm)]
    segments = _cut(sentences, [(start, start) for start, _ in breaks])  # the break word starts a segment
    clauses = _cut(segments, [(m.start(), m.end()) for m in re.finditer(r",|\s-\s|\(|\)", norm)])
    return _Text(text, norm, sentences, segments, clauses)


def _containing(spans: Sequence[Span], position: int) -> Span:
    index = bisect_right(spans, (position, len("x" * 0) + 10**9)) - 1
    if index >= 0 and spans[index][0] <= position < max(spans[index][1], spans[index][0] + 1):
        return spans[index]
    return (position, position)


def _find(lexicon: Lexicon, phrases: Sequence[str], norm: str) -> list[Span]:
    if not phrases:
        return []
    return [match.span() for match in lexicon.pattern(phrases).finditer(norm)]


def _overlaps(span: Span, taken: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


# The result being built


@dataclass
class _Result:
    notes: list[Note] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def set(self, path: str, value: Any, note: Note) -> None:
        self.notes.append(note)
        current = self.values.get(path)
        if path == "context.medications":
            self.values[path] = list(dict.fromkeys([*(current or []), value]))
        elif current is None:
            self.values[path] = value
        elif isinstance(value, bool):
            self.values[path] = current or value  # any mention that it happened wins (safety first)
        elif path in _RANKS:
            ranks = _RANKS[path]
            self.values[path] = max(current, value, key=lambda item: ranks.get(item, -1))
        elif path in ("hydration.urine_color", "twitch.duration_days", "workout.rpe"):
            self.values[path] = max(current, value)


def _note(
    text: _Text, path: str, value: Any, span: Span, *, negated: bool = False, uncertain: bool = False,
    detail: str | None = None,
) -> Note:  # fmt: skip
    return Note(
        field=path, value=value, words=text.words(span), start=span[0], end=span[1],
        negated=negated, uncertain=uncertain, detail=detail,
    )  # fmt: skip


# 1. Field phrasings with negation and uncertainty


@dataclass(frozen=True)
class _Match:
    entry: FieldPhrases
    span: Span
    kind: str  # phrases | uncertain_phrases | effort_phrases | false_phrases


def _field_matches(text: _Text, lexicon: Lexicon) -> tuple[list[_Match], list[Ignored]]:
    candidates: list[_Match] = []
    ignored: list[Ignored] = []
    for entry in lexicon.fields:
        near = _find(lexicon, entry.unless_near, text.norm)
        for kind in ("phrases", "uncertain_phrases", "effort_phrases", "false_phrases"):
            for span in _find(lexicon, getattr(entry, kind), text.norm):
                segment = _containing(text.segments, span[0])
                hit = next((n for n in near if segment[0] <= n[0] < segment[1]), None)
                if hit is not None and kind != "false_phrases":
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
                candidates.append(_Match(entry, span, kind))
    # Longest first; on the same words a plain "no" wins ("pee is not brown" over "pee ... brown").
    candidates.sort(
        key=lambda match: (-(match.span[1] - match.span[0]), match.span[0], match.kind != "false_phrases")
    )
    kept: list[_Match] = []
    for match in candidates:
        others = [
            other.span for other in kept if other.span != match.span or other.entry.field == match.entry.field
        ]
        if not _overlaps(match.span, others):
            kept.append(match)  # the same words may state two fields ("pee is clear": colour 1, not dark)
    kept.sort(key=lambda match: match.span)
    return kept, ignored


@dataclass(frozen=True)
class _Cues:
    before: list[Span]
    after: list[Span]
    uncertain: list[Span]
    stops: list[Span]


def _cues(text: _Text, lexicon: Lexicon, taken: list[Span], phrased: list[Span]) -> _Cues:
    cues = lexicon.cues
    uncertain = _find(lexicon, [c for c in cues.uncertainty if c != "?"], text.norm)
    uncertain += [(m.start(), m.end()) for m in re.finditer(r"\?", text.norm)]
    pseudo = _find(lexicon, cues.pseudo_negation, text.norm)  # "I don't know why my chest hurts" affirms it
    blocked = [*taken, *uncertain, *pseudo]
    before = [s for s in _find(lexicon, cues.negation_before, text.norm) if not _overlaps(s, blocked)]
    after = [s for s in _find(lexicon, cues.negation_after, text.norm) if not _overlaps(s, blocked)]
    stops = [s for s in _find(lexicon, cues.negation_stops, text.norm) if not _overlaps(s, phrased)]
    return _Cues(before, after, [s for s in uncertain if not _overlaps(s, taken)], stops)


def _negated(text: _Text, span: Span, cues: _Cues, window: int) -> bool:
    clause = _containing(text.clauses, span[0])
    for start, end in cues.before:
        stopped = any(end <= stop[0] and stop[1] <= span[0] for stop in cues.stops)  # "no X and Y": Y stands
        if (
            clause[0] <= start
            and end <= span[0]
            and _word_count(text.norm[end : span[0]]) <= window
            and not stopped
        ):
            return True
    for start, end in cues.after:
        if span[1] <= start and end <= clause[1] and _word_count(text.norm[span[1] : start]) <= window:
            return True
    return False


def _uncertain_in(spans: Sequence[Span], area: Span) -> bool:
    return any(area[0] <= start < area[1] for start, _ in spans)


def _read_fields(text: _Text, lexicon: Lexicon, result: _Result) -> list[Span]:
    matches, ignored = _field_matches(text, lexicon)
    result.ignored += ignored
    taken = [match.span for match in matches]
    # A negation inside a "no" phrasing still reaches the next ones: "no weakness or numbness", "pee is not
    # brown or cola coloured"; inside any other phrasing it is part of that phrasing ("not making sense").
    stated = [match.span for match in matches if not _says_no(match)]
    cues = _cues(text, lexicon, stated, taken)
    window = lexicon.cues.negation_window_words
    for match in matches:
        entry, span = match.entry, match.span
        segment = _containing(text.segments, span[0])
        clause = _containing(text.clauses, span[0])
        uncertain = match.kind == "uncertain_phrases" or _uncertain_in(cues.uncertain, segment)
        negated = match.kind == "false_phrases" or _negated(text, span, cues, window)
        if negated and match.kind != "false_phrases" and _uncertain_in(cues.uncertain, clause):
            negated = False  # "I don't think so, maybe?": unsure either way, so the sign counts
            uncertain = True
        if match.kind == "effort_phrases" or entry.effort_sensitive:
            reason = _effort_only(text, lexicon, span, strong=match.kind != "effort_phrases")
            if reason is not None and not negated:
                result.ignored.append(
                    Ignored(
                        field=entry.field, words=text.words(span), start=span[0], end=span[1], reason=reason
                    )
                )
                continue
            if match.kind == "effort_phrases" and not _said_at_rest(text, lexicon, span):
                uncertain = True  # breathless, not saying whether at rest: counted (recall first), marked
        if negated:
            value = entry.when_negated
            if value is None:
                value = not entry.value if isinstance(entry.value, bool) else "skip"
            if value == "skip":
                continue
            result.set(entry.field, value, _note(text, entry.field, value, span, negated=True))
        else:
            result.set(
                entry.field, entry.value, _note(text, entry.field, entry.value, span, uncertain=uncertain)
            )
    return taken


def _says_no(match: _Match) -> bool:
    return match.kind == "false_phrases" or match.entry.value in (False, "none")


def _said_at_rest(text: _Text, lexicon: Lexicon, span: Span) -> bool:
    sentence = _containing(text.sentences, span[0])
    return bool(_find(lexicon, lexicon.cues.at_rest, text.norm[sentence[0] : sentence[1]]))


def _effort_only(text: _Text, lexicon: Lexicon, span: Span, *, strong: bool) -> str | None:
    """Why a phrase here is about the effort itself ("out of breath during the sprints but fine now")."""
    sentence = _containing(text.sentences, span[0])
    words = text.norm[sentence[0] : sentence[1]]
    if _said_at_rest(text, lexicon, span):
        return None
    effort = bool(_find(lexicon, lexicon.cues.exertion_context, words))
    recovered = bool(_find(lexicon, lexicon.cues.recovered, words))
    if (strong and effort and recovered) or (not strong and (effort or recovered)):
        return "said of the effort itself, and not at rest or gone since: not counted as a warning sign"
    return None


# 2. Workouts


@dataclass
class _Workouts:
    spans: list[Span] = field(default_factory=list)


def _read_workouts(text: _Text, lexicon: Lexicon, taken: list[Span], result: _Result) -> list[Span]:
    spans: list[Span] = []
    found = []
    for entry in lexicon.workouts:
        for span in _find(lexicon, entry.phrases, text.norm):
            if _overlaps(span, taken) or _overlaps(span, spans):
                continue
            spans.append(span)
            found.append((entry.generic, span, entry))
    for _, span, entry in sorted(found, key=lambda item: (item[0], item[1])):  # specific first, in text order
        if entry.kind is not None:
            result.set("workout.kind", entry.kind, _note(text, "workout.kind", entry.kind, span))
        if entry.worked_regions:
            worked = list(entry.worked_regions)
            result.set("workout.worked_regions", worked, _note(text, "workout.worked_regions", worked, span))
            _add_regions(result, "workout.worked_regions", worked)
    _read_started(text, spans, result)
    for effort in lexicon.efforts:
        for span in _find(lexicon, effort.phrases, text.norm):
            if not _overlaps(span, taken):
                result.set("workout.rpe", effort.rpe, _note(text, "workout.rpe", effort.rpe, span))
                spans.append(span)
    for match in re.finditer(
        r"\b(?:rpe|effort|intensity)\s*(?:of|was|:|=|at)?\s*(\d+(?:\.\d+)?)(?:\s*/\s*10)?", text.norm
    ):
        rpe = float(match.group(1))
        if 0 <= rpe <= 10:
            result.set("workout.rpe", rpe, _note(text, "workout.rpe", rpe, match.span()))
    return spans


_STARTED = {
    "after_workout": re.compile(
        r"\b(?:after|since|post|following)\s+(?:(?:my|the|a|an|this|that|our|yesterday's|today's)\s+)*$"
    ),
    "during_workout": re.compile(
        r"\b(?:during|mid|while|whilst|in the middle of)\s+(?:(?:my|the|a|an|doing)\s+)*$"
    ),
}


def _read_started(text: _Text, workouts: list[Span], result: _Result) -> None:
    """ "after the squats", "during my run": when the twitching began, relative to a named workout."""
    if "twitch.started" in result.values:
        return
    for span in sorted(workouts):
        before = text.norm[max(0, span[0] - 30) : span[0]]
        for value, pattern in _STARTED.items():
            match = pattern.search(before)
            if match is not None:
                words = (span[0] - len(before) + match.start(), span[1])
                result.set("twitch.started", value, _note(text, "twitch.started", value, words))
                return


def _add_regions(result: _Result, path: str, regions: Sequence[str]) -> None:
    current = result.values.get(path) or []
    result.values[path] = list(dict.fromkeys([*current, *regions]))


# 3. Regions


@cache
def _region_names(lexicon: Lexicon) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(names, regions) for each region and group: one regular expression each."""
    names: dict[str, tuple[str, ...]] = {}
    for region, kb_names in lexicon.kb_region_names.items():
        for name in kb_names:
            names.setdefault(name.lower(), (region,))
    for region, extra in lexicon.regions.names.items():
        for name in extra:
            names.setdefault(name.lower(), (region,))
    for group in lexicon.regions.groups.values():
        for name in group.names:
            names.setdefault(name.lower(), tuple(group.regions))
    by_regions: dict[tuple[str, ...], list[str]] = {}
    for name, regions in names.items():
        by_regions.setdefault(regions, []).append(name)
    return tuple((tuple(group), regions) for regions, group in by_regions.items())


def _read_regions(
    text: _Text, lexicon: Lexicon, taken: list[Span], workouts: list[Span], symptom_spans: list[Span],
    result: _Result,
) -> list[Span]:  # fmt: skip
    """Twitching regions (and worked ones, like "did legs"); the spans of the twitching ones."""
    twitch_words = _find(lexicon, lexicon.cues.macros["twitch"], text.norm)
    worked_before = lexicon.pattern(lexicon.regions.worked_before)
    worked_after = lexicon.pattern(lexicon.regions.worked_after)
    negation = lexicon.pattern(lexicon.cues.negation_before)
    found: list[tuple[Span, tuple[str, ...]]] = []
    blocked = [*taken, *workouts]
    matches = [
        (span, regions)
        for names, regions in _region_names(lexicon)
        for span in _find(lexicon, names, text.norm)
        if not _overlaps(span, blocked)
    ]
    for span, regions in sorted(matches, key=lambda item: (item[0][0] - item[0][1], item[0][0])):
        if not _overlaps(span, [taken_span for taken_span, _ in found]):  # the longest name wins
            found.append((span, regions))
    found += _listed_only(text, lexicon, found, blocked)
    found.sort()
    explicit: list[tuple[Span, tuple[str, ...]]] = []
    candidates: list[tuple[Span, tuple[str, ...]]] = []
    listed: list[tuple[Span, tuple[str, ...]]] = []
    for span, regions in found:
        clause = _containing(text.clauses, span[0])
        before = text.norm[max(clause[0], span[0] - 25) : span[0]]
        after = text.norm[span[1] : min(clause[1], span[1] + 20)]
        last_words = " ".join(_WORD.findall(before)[-3:])
        first_words = " ".join(_WORD.findall(after)[:2])
        if negation.search(" ".join(_WORD.findall(before)[-2:])) and not _uncertain_cue(text, clause):
            result.ignored.append(
                Ignored(
                    field="twitch.regions",
                    words=text.words(span),
                    start=span[0],
                    end=span[1],
                    reason="negated",
                )
            )
            continue
        if worked_before.search(last_words) or worked_after.match(first_words):
            worked = list(regions)
            result.set("workout.worked_regions", worked, _note(text, "workout.worked_regions", worked, span))
            _add_regions(result, "workout.worked_regions", worked)
            continue
        part = _and_clause(text, span)
        if _uncertain_in(twitch_words, part) and not _attached(text, span, symptom_spans):
            explicit.append((span, regions))
        else:
            candidates.append((span, regions))
        listed.append((span, regions))
    explicit = _with_listed(text, explicit, listed)
    candidates = [item for item in candidates if item not in explicit]
    chosen = explicit
    guessed = False
    if not chosen:
        chosen = [
            item
            for item in candidates
            if not _uncertain_in(symptom_spans, _containing(text.segments, item[0][0]))
        ]
        chosen = chosen or candidates
        guessed = bool(chosen)
    for span, regions in chosen:
        value = list(regions)
        detail = "no twitch word near it: taken as where it twitches" if guessed else None
        if len(regions) > 1:
            detail = f"{text.words(span)!r} covers {', '.join(regions)}"
        result.set(
            "twitch.regions",
            value,
            _note(text, "twitch.regions", value, span, uncertain=guessed, detail=detail),
        )
        _add_regions(result, "twitch.regions", value)
    _read_side(text, [span for span, _ in chosen], result)
    return [span for span, _ in chosen]


_AND = re.compile(r"\s(?:and|&|\+|with)\s")


def _and_clause(text: _Text, span: Span) -> Span:
    """The part of the clause around `span` between "and"s: "sore legs | and twitchy quads"."""
    clause = _containing(text.clauses, span[0])
    start, end = clause
    for match in _AND.finditer(text.norm, clause[0], clause[1]):
        if match.end() <= span[0]:
            start = match.start()
        elif match.start() >= span[1]:
            end = match.start()
            break
    return (start, end)


def _attached(text: _Text, span: Span, symptom_spans: Sequence[Span]) -> bool:
    """A region named with a symptom ("left leg getting weaker", "swollen quads"), not with a twitch."""
    clause = _containing(text.clauses, span[0])
    for start, end in symptom_spans:
        if not (clause[0] <= start < clause[1]):
            continue
        if start >= span[1] and _word_count(text.norm[span[1] : start]) <= 1:
            return True
        if end <= span[0] and _word_count(text.norm[end : span[0]]) <= 1:
            return True
    return False


_LIST_GLUE = re.compile(r"^(?:[\s,&/+]|\band\b|\bor\b|\bmy\b|\bthe\b|\bboth\b|\bleft\b|\bright\b)*$")


_LIST_SEPARATOR = re.compile(r"[,&/+]|\band\b|\bor\b")
_LIST_AND = re.compile(r"[&+]|\band\b|\bor\b")


def _listed_only(
    text: _Text, lexicon: Lexicon, found: list[tuple[Span, tuple[str, ...]]], blocked: list[Span]
) -> list[tuple[Span, tuple[str, ...]]]:
    """Ambiguous names ("back") that sit in a list with a region found already: "arms, back and face"."""
    added: list[tuple[Span, tuple[str, ...]]] = []
    changed = True
    while changed:
        changed = False
        known = [span for span, _ in [*found, *added]]
        for group in lexicon.regions.listed_only.values():
            for span in _find(lexicon, group.names, text.norm):
                if _overlaps(span, [*known, *blocked]):
                    continue
                for other in known:
                    gap = text.norm[min(span[1], other[1]) : max(span[0], other[0])]
                    # After a region ("arms, back"), or before one with "and" ("back and face"), but not
                    # before a comma: "ran there and back, calves twitching" lists no back.
                    joined = _LIST_SEPARATOR if other[0] < span[0] else _LIST_AND
                    if _LIST_GLUE.match(gap) and joined.search(gap):
                        added.append((span, tuple(group.regions)))
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
    return added


def _with_listed(
    text: _Text, explicit: list[tuple[Span, tuple[str, ...]]], found: list[tuple[Span, tuple[str, ...]]]
) -> list[tuple[Span, tuple[str, ...]]]:
    """Regions listed together with a twitching one ("hammies and bum twitching") twitch too."""
    chosen = list(explicit)
    changed = True
    while changed:
        changed = False
        for item in found:
            if item in chosen:
                continue
            for other in chosen:
                gap = text.norm[min(item[0][1], other[0][1]) : max(item[0][0], other[0][0])]
                if _LIST_GLUE.match(gap):
                    chosen.append(item)
                    changed = True
                    break
    return sorted(chosen)


def _uncertain_cue(text: _Text, clause: Span) -> bool:
    return "?" in text.norm[clause[0] : clause[1]]


_SIDE = re.compile(r"\b(left|right|both|l|r)\b(?:\s+(?:and|&|\+)\s+(left|right|l|r)\b)?")


def _read_side(text: _Text, region_spans: list[Span], result: _Result) -> None:
    sides: list[tuple[str, Span]] = []
    for span in region_spans:
        segment = _containing(text.segments, span[0])
        window = (max(segment[0], span[0] - 60), min(segment[1], span[1] + 60))
        for match in _SIDE.finditer(text.norm, window[0], window[1]):
            words = {match.group(1), match.group(2)} - {None}
            side = "both" if "both" in words or len(words) > 1 else next(iter(words))
            side = {"l": "left", "r": "right"}.get(side, side)
            sides.append((side, match.span()))
    if not sides:
        return
    values = {side for side, _ in sides}
    value = "both" if "both" in values or {"left", "right"} <= values else values.pop()
    for side, span in sides:
        result.notes.append(_note(text, "twitch.side", side, span))
    result.values["twitch.side"] = value


# 4. Quantities: drinks and caffeine, fluid, body mass


def _number(text: str, lexicon: Lexicon) -> float | None:
    text = text.strip()
    words = lexicon.quantities.numbers
    if text in words:
        return words[text]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))  # decimal comma: "1,5 litres"
    try:
        return float(text)
    except ValueError:
        return None


@cache
def _number_regex(lexicon: Lexicon) -> str:
    words = sorted(lexicon.quantities.numbers, key=len, reverse=True)
    return r"(?:" + _NUMBER + "|" + "|".join(re.escape(word) for word in words) + r")"


@dataclass(frozen=True)
class _Quantity:
    kind: str
    value: float  # in ml, kg or mg
    span: Span
    detail: str


def _quantities(text: _Text, lexicon: Lexicon) -> list[_Quantity]:
    found: list[_Quantity] = []
    number = _number_regex(lexicon)
    for unit in sorted(lexicon.quantities.units, key=lambda u: -max(len(n) for n in u.names)):
        names = lexicon.pattern(unit.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        regex = re.compile(rf"(?<![\w.,])({number})\s*{names}(?![\w'])")
        for match in regex.finditer(text.norm):
            if any(_overlaps(match.span(), [q.span]) for q in found):
                continue
            amount = _number(match.group(1), lexicon)
            if amount is None:
                continue
            words = text.words(match.span())
            found.append(_Quantity(unit.kind, amount * unit.factor, match.span(), words))
    return found


def _read_drinks(
    text: _Text, lexicon: Lexicon, taken: list[Span], quantities: list[_Quantity], result: _Result
) -> None:
    number = _number_regex(lexicon)
    count_before = re.compile(
        rf"({number})\s+(?:x\s+)?(?:(?:cups?|mugs?|cans?|shots?|scoops?|servings?|large|big|small|strong|double|of)\s+)*$"
    )
    cues = _cues(text, lexicon, [], taken)
    drinks: list[tuple[Span, float, str]] = []  # (span, mg, detail)
    for drink in lexicon.drinks:
        for span in _find(lexicon, drink.phrases, text.norm):
            if _overlaps(span, taken) or _overlaps(span, [d[0] for d in drinks]):
                continue
            before = text.norm[max(0, span[0] - 30) : span[0]]
            count_match = count_before.search(before)
            count = _number(count_match.group(1), lexicon) if count_match else None
            start = span[0] - len(count_match.group(0)) if count_match else span[0]
            if _negated(text, span, cues, lexicon.cues.negation_window_words):
                result.notes.append(_note(text, "stimulants.caffeine_mg", 0, span, negated=True))
                result.values.setdefault("stimulants.caffeine_mg", 0)
                continue
            servings = count if count is not None else 1
            mg = servings * drink.caffeine_mg
            detail = f"{servings:g} x {drink.id.replace('_', ' ')} at {drink.caffeine_mg:g} mg"
            drinks.append(((start, span[1]), mg, detail))
    explicit: list[tuple[Span, float]] = []
    caffeine_words = _find(lexicon, lexicon.quantities.caffeine_context, text.norm)
    for quantity in quantities:
        if quantity.kind != "caffeine":
            continue
        segment = _containing(text.segments, quantity.span[0])
        if _uncertain_in(caffeine_words, segment) or _uncertain_in([d[0] for d in drinks], segment):
            explicit.append((quantity.span, quantity.value))
    for span, _ in explicit:  # a stated dose replaces the estimate of a drink in the same clause
        clause = _containing(text.segments, span[0])
        drinks = [d for d in drinks if not (clause[0] <= d[0][0] < clause[1])]
    total = 0.0
    for span, mg, detail in drinks:
        total += mg
        result.notes.append(_note(text, "stimulants.caffeine_mg", mg, span, detail=detail))
    for span, mg in explicit:
        total += mg
        result.notes.append(_note(text, "stimulants.caffeine_mg", mg, span, detail="stated dose"))
    if drinks or explicit:
        result.values["stimulants.caffeine_mg"] = round(total, 1)


def _read_fluid(text: _Text, lexicon: Lexicon, quantities: list[_Quantity], result: _Result) -> None:
    context = _find(lexicon, lexicon.quantities.fluid_context, text.norm)
    total = 0.0
    for quantity in quantities:
        if quantity.kind != "volume":
            continue
        segment = _containing(text.segments, quantity.span[0])
        if not _uncertain_in(context, segment) and not _uncertain_in(
            _find(lexicon, [d for drink in lexicon.drinks for d in drink.phrases], text.norm), segment
        ):
            continue
        total += quantity.value
        result.notes.append(
            _note(text, "hydration.fluid_ml", round(quantity.value, 1), quantity.span, detail=quantity.detail)
        )
    number = _number_regex(lexicon)
    drinks = lexicon.pattern(lexicon.quantities.container_drinks).pattern
    for container in lexicon.quantities.containers:
        names = lexicon.pattern(container.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        regex = re.compile(rf"(?<![\w.,])({number})\s+(?:\w+\s+)?{names}\s+of\s+(?:\w+\s+)?{drinks}")
        for match in regex.finditer(text.norm):
            count = _number(match.group(1), lexicon)
            if count is None or any(_overlaps(match.span(), [q.span]) for q in quantities):
                continue
            volume = count * container.ml
            total += volume
            detail = f"{count:g} x {container.names[0]} taken as {container.ml:g} ml"
            result.notes.append(_note(text, "hydration.fluid_ml", volume, match.span(), detail=detail))
    if total:
        result.values["hydration.fluid_ml"] = round(total, 1)


def _read_body_mass(text: _Text, lexicon: Lexicon, result: _Result) -> None:
    number = _number_regex(lexicon)
    masses = [u for u in lexicon.quantities.units if u.kind == "mass"]
    unit = "(?:" + "|".join(
        lexicon.pattern(u.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")] for u in masses
    ) + ")"  # fmt: skip
    weighed = r"(?:was\s+|i was\s+|weighed\s+)?"
    forms = [
        rf"({number})\s*({unit})?\s+(?:before|pre|at the start)\b[^.!?\n]{{0,40}}?"
        rf"\b({number})\s*({unit})?\s+(?:after|post|afterwards|at the end)\b",
        rf"\b(?:before|pre)\b\W+{weighed}({number})\s*({unit})?[^.!?\n]{{0,40}}?"
        rf"\b(?:after|post)\b\W+{weighed}({number})\s*({unit})?",
        rf"\bfrom\s+({number})\s*({unit})?\s+(?:down\s+)?to\s+({number})\s*({unit})?",
    ]
    for form in forms:
        for match in re.finditer(form, text.norm):
            before, unit_a, after, unit_b = match.groups()
            unit_word = unit_a or unit_b
            if unit_word is None:
                continue
            factor = next(u.factor for u in masses if lexicon.pattern(u.names).fullmatch(unit_word))
            values = [_number(before, lexicon), _number(after, lexicon)]
            if None in values:
                continue
            kg = [round(float(v) * factor, 1) for v in values if v is not None]
            if not all(20 <= v <= 300 for v in kg):
                continue
            detail = f"{unit_word} converted to kg" if factor != 1 else None
            result.set(
                "hydration.body_mass_before_kg",
                kg[0],
                _note(text, "hydration.body_mass_before_kg", kg[0], match.span(1), detail=detail),
            )
            result.set(
                "hydration.body_mass_after_kg",
                kg[1],
                _note(text, "hydration.body_mass_after_kg", kg[1], match.span(3), detail=detail),
            )
            return


# 5. Time: how long it has lasted, when the workout was, how long it took, sleep


@cache
def _time_regex(lexicon: Lexicon) -> re.Pattern[str]:
    number = _number_regex(lexicon)
    units = "|".join(
        lexicon.pattern(u.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        for u in sorted(lexicon.quantities.time_units, key=lambda u: -max(len(n) for n in u.names))
    )
    return re.compile(
        r"(?P<pre>\b(?:for\s+(?:over|more\s+than|longer\s+than)|more\s+than|longer\s+than|"
        r"for|since|over|past|last|about|around|nearly|almost|roughly|like)\s+"
        r"(?:the\s+)?(?:past\s+|last\s+)?)?"
        rf"(?<![\w.,])(?:(?P<num>{number})(?:(?<=\d)\s*-?\s*|\s+))?(?P<unit>{units})(?![\w'])"
        r"(?P<post>\s+(?:ago|now|straight|in a row|running|on the trot|or so))?"
    )


def _unit_days(lexicon: Lexicon, word: str) -> float:
    for unit in lexicon.quantities.time_units:
        if lexicon.pattern(unit.names).fullmatch(word):
            return unit.days
    return 1.0


def _nearest(spans: Sequence[Span], span: Span) -> int:
    return min((abs(s[0] - span[0]) for s in spans), default=10**9)


def _workout_length(text: _Text, span: Span, workout_words: Sequence[Span]) -> bool:
    """ "ran for 3 hours", "a 2 hour ride", "90 min spin class": a time that measures the workout."""
    for start, end in workout_words:
        between_after = text.norm[span[1] : start] if start >= span[1] else None
        between_before = text.norm[end : span[0]] if end <= span[0] else None
        if between_after is not None and _word_count(between_after) == 0 and "," not in between_after:
            return True
        if between_before is not None and _word_count(between_before) <= 1 and "," not in between_before:
            return True
    return False


def _read_time(
    text: _Text, lexicon: Lexicon, workouts: list[Span], twitch_spans: list[Span], taken: list[Span],
    result: _Result,
) -> None:  # fmt: skip
    twitch_words = [*_find(lexicon, lexicon.cues.macros["twitch"], text.norm), *twitch_spans]
    workout_words = [*workouts, *_find(lexicon, lexicon.cues.workout_words, text.norm)]
    sleep = _find(lexicon, lexicon.cues.sleep_words, text.norm)
    training_days = _find(lexicon, lexicon.cues.training_days, text.norm)
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
        if _overlaps(match.span(), taken):
            continue  # inside another finding: "after a year off", "first session in months"
        if num is None and unit in ("h", "d", "min", "mins", "hr", "hrs", "mo", "yr"):
            continue
        count = _number(num, lexicon) if num is not None else None
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
        segment = _containing(text.segments, span[0])
        post = (post or "").strip()
        clause = _containing(text.clauses, span[0])
        if _uncertain_in(sleep, clause) and days < 1:
            hours = round(days * 24, 1)
            result.set("context.sleep_hours", hours, _note(text, "context.sleep_hours", hours, span))
            continue
        if _uncertain_in(training_days, segment) and 1 <= days <= 60 and _unit_days(lexicon, unit) == 1:
            result.set(
                "context.consecutive_training_days",
                int(count),
                _note(text, "context.consecutive_training_days", int(count), span),
            )
            continue
        about_workout = _nearest(workout_words, span) < _nearest(twitch_words, span)
        in_workout = _uncertain_in(workout_words, segment)
        if post == "ago" and about_workout and in_workout:
            hours = round(days * 24, 2)
            result.set("workout.hours_ago", hours, _note(text, "workout.hours_ago", hours, span))
            continue
        if days < 1 and post != "ago" and _workout_length(text, span, workout_words):
            minutes = round(days * 24 * 60)
            if minutes > 0:
                result.set(
                    "workout.duration_min",
                    float(minutes),
                    _note(text, "workout.duration_min", float(minutes), span),
                )
            continue
        durations.append((days, span, plural_only))
    moments = sorted(
        (
            (span, moment.days)
            for moment in lexicon.quantities.moments
            for span in _find(lexicon, moment.names, text.norm)
        ),
        key=lambda item: (
            item[0][0] - item[0][1]
        ),  # longest first: "the day before yesterday" over "yesterday"
    )
    seen: list[Span] = [d[1] for d in durations]
    for span, moment_days in moments:
        if _overlaps(span, seen):
            continue
        seen.append(span)
        segment = _containing(text.segments, span[0])
        since = text.norm[max(segment[0], span[0] - 12) : span[0]]
        about_workout = _nearest(workout_words, span) < _nearest(twitch_words, span)
        if "since" not in since and _uncertain_in(workout_words, segment) and about_workout:
            hours = round(moment_days * 24, 2)
            result.set("workout.hours_ago", hours, _note(text, "workout.hours_ago", hours, span))
        elif "since" in since or _uncertain_in(twitch_words, segment):
            durations.append((moment_days, span, False))
    for days, span, vague in durations:
        value = round(days, 3)
        detail = "a plural without a number, taken as three" if vague else None
        result.set(
            "twitch.duration_days",
            value,
            _note(text, "twitch.duration_days", value, span, uncertain=vague, detail=detail),
        )


def _infer_duration(text: _Text, lexicon: Lexicon, twitch_spans: list[Span], result: _Result) -> None:
    """ "did legs yesterday, calves still twitching": it has lasted since the workout."""
    hours_ago = result.values.get("workout.hours_ago")
    if "twitch.duration_days" in result.values or hours_ago is None or not twitch_spans:
        return
    started = result.values.get("twitch.started")
    going = _find(lexicon, lexicon.cues.still_going, text.norm)
    if (
        started is None
        and going
        and any(n.field == "workout.kind" or n.field == "workout.worked_regions" for n in result.notes)
    ):
        span = going[0]
        result.set("twitch.started", "after_workout", _note(text, "twitch.started", "after_workout", span,
                   detail="goes on since the workout named"))  # fmt: skip
        started = "after_workout"
    if started in ("after_workout", "during_workout") or going:
        value = round(hours_ago / 24, 3)
        words = next(iter(n for n in result.notes if n.field == "workout.hours_ago"))
        result.set(
            "twitch.duration_days", value,
            _note(text, "twitch.duration_days", value, (words.start, words.end),
                  detail="since the workout: the twitching goes on from then"),
        )  # fmt: skip


# 6. The person


def _read_person(text: _Text, result: _Result) -> None:
    forms = [
        r"\b(?:i'?m|i am|aged?|age:?)\s+(\d{2,3})\b"
        r"(?!\s*(?:kg|kgs|kilo|lb|lbs|mg|ml|min|minutes|hours?|hrs?|%|k\b|km|miles|mins|times|days|weeks|cups))",
        r"\b(\d{2,3})\s*(?:yo|y/o|y\.o\.?|yrs? old|years? old|year old|yr old)\b",
        r"(?:^|[\s(\[])(\d{2})\s?([mf])\b",
        r"(?:^|[\s(\[])([mf])\s?(\d{2})\b",
    ]
    for index, form in enumerate(forms):
        match = re.search(form, text.norm)
        if match is None:
            continue
        groups = match.groups()
        digits = next(g for g in groups if g is not None and g.isdigit())
        age = int(digits)
        if 10 <= age <= 120 and "person.age" not in result.values:
            result.set("person.age", age, _note(text, "person.age", age, match.span()))
        if index >= 2 and "person.sex" not in result.values:
            letter = next(g for g in groups if g is not None and not g.isdigit())
            sex = "male" if letter == "m" else "female"
            result.set("person.sex", sex, _note(text, "person.sex", sex, match.span()))


# Assembling the report


def _assemble(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for path, value in sorted(values.items()):
        section, name = path.split(".", 1)
        fields.setdefault(section, {})[name] = value
    return fields


def _validated(values: dict[str, Any], result: _Result) -> tuple[dict[str, dict[str, Any]], Report | None]:
    """The fields, without any the report format refuses (each named in a warning); the Report if complete."""
    for _ in range(len(values) + 1):
        fields = _assemble(values)
        probe = {**fields, "twitch": {"regions": ["calf"], "duration_days": 0, **fields.get("twitch", {})}}
        try:
            Report.model_validate(probe)
        except ValidationError as error:
            bad = {problem.field.split("[")[0] for problem in problems_from(error)}
            dropped = [path for path in values if path in bad]
            if not dropped:
                break
            for path in dropped:
                result.warnings.append(
                    f"{path}: understood {values.pop(path)!r}, which the report format refuses"
                )
            continue
        break
    fields = _assemble(values)
    if all(path in values for path in REQUIRED_FIELDS):
        return fields, Report.model_validate(fields)
    return fields, None


def parse_text(text: str, lexicon: Lexicon | None = None) -> Understanding:
    """What a free-text description says, as a report with a note for every field understood.

    Text over `MAX_TEXT_CHARS` is refused (InputError) before any parsing, so the time taken stays bounded.
    """
    if not isinstance(text, str):
        raise InputError(
            [FieldProblem("(text)", f"a description is text, not {type(text).__name__}")], what="text"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            [
                FieldProblem(
                    "(text)", f"longer than {MAX_TEXT_CHARS:,} characters; describe it in a paragraph"
                )
            ],
            what="text",
        )
    lexicon = lexicon or load_lexicon()
    result = _Result()
    for offset, chunk in _chunks(text):
        _merge(result, _read_chunk(chunk, lexicon), offset)
    fields, report = _validated(result.values, result)
    missing = [path for path in REQUIRED_FIELDS if path not in result.values]
    warnings = list(result.warnings)
    if not text.strip():
        warnings.insert(0, "no text")
    elif not result.notes:
        warnings.insert(0, "could not understand any twitch description")
    else:
        if "twitch.regions" in missing:
            warnings.append("no twitch location understood (which muscle twitches?)")
        if "twitch.duration_days" in missing:
            warnings.append("how long the twitching has lasted was not understood")
    notes = sorted(result.notes, key=lambda note: (note.start, note.field))
    return Understanding(
        text=text, fields=fields, report=report, notes=notes,
        ignored=sorted(result.ignored, key=lambda item: item.start), missing=missing, warnings=warnings,
    )  # fmt: skip


CHUNK_CHARS = 2_000
"""Longer text is read in pieces of whole sentences, each on its own (a paragraph is one piece), so that the
time grows in proportion to the length. Facts are combined as within one piece; only the links between
pieces (a workout in one, "still twitching" in the next) are lost."""
_SUMMED = frozenset({"stimulants.caffeine_mg", "hydration.fluid_ml"})


def _chunks(text: str) -> list[tuple[int, str]]:
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > CHUNK_CHARS:
        window = text[start : start + CHUNK_CHARS]
        ends = [match.end() for match in re.finditer(r"[.!?\n]\s", window)]
        cut = ends[-1] if ends and ends[-1] > CHUNK_CHARS // 2 else window.rfind(" ") + 1 or CHUNK_CHARS
        chunks.append((start, text[start : start + cut]))
        start += cut
    chunks.append((start, text[start:]))
    return chunks


def _read_chunk(text: str, lexicon: Lexicon) -> _Result:
    result = _Result()
    read = _read(text, lexicon)
    if not read.norm.strip():
        return result
    taken = _read_fields(read, lexicon, result)
    symptom_spans = [(n.start, n.end) for n in result.notes if n.field.startswith("symptoms.")]
    symptom_spans += [(i.start, i.end) for i in result.ignored]
    workouts = _read_workouts(read, lexicon, symptom_spans, result)
    twitch_spans = _read_regions(read, lexicon, taken, workouts, symptom_spans, result)
    quantities = _quantities(read, lexicon)
    _read_drinks(read, lexicon, symptom_spans, quantities, result)
    _read_fluid(read, lexicon, quantities, result)
    _read_body_mass(read, lexicon, result)
    _read_time(read, lexicon, [*workouts, *_worked_spans(result)], twitch_spans, taken, result)
    _infer_duration(read, lexicon, twitch_spans, result)
    _read_person(read, result)
    return result


def _merge(into: _Result, part: _Result, offset: int) -> None:
    """Add one piece's findings (offsets shifted to the whole text)."""
    into.warnings += part.warnings
    into.notes += [
        note.model_copy(update={"start": note.start + offset, "end": note.end + offset})
        for note in part.notes
    ]
    into.ignored += [
        item.model_copy(update={"start": item.start + offset, "end": item.end + offset})
        for item in part.ignored
    ]
    for path, value in part.values.items():
        current = into.values.get(path)
        if current is None:
            into.values[path] = value
        elif path in _SUMMED:
            into.values[path] = round(current + value, 1)
        elif isinstance(value, list):
            into.values[path] = list(dict.fromkeys([*current, *value]))
        elif isinstance(value, bool):
            into.values[path] = current or value
        elif path in _RANKS:
            ranks = _RANKS[path]
            into.values[path] = max(current, value, key=lambda item: ranks.get(item, -1))
        elif path in ("hydration.urine_color", "twitch.duration_days", "workout.rpe"):
            into.values[path] = max(current, value)


def _worked_spans(result: _Result) -> list[Span]:
    return [(note.start, note.end) for note in result.notes if note.field == "workout.worked_regions"]


assert set(REGIONS)  # the region list is what the lexicon's region names are checked against
