"""Body regions: everyday names and groups, whether each is twitching or was worked, and the side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from twitchcheck.text.context import has_question, starts_in
from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.model import Ignored
from twitchcheck.text.normalise import WORD, Span, Text, containing, find, overlaps, word_count
from twitchcheck.text.result import Result, add_regions, note


@cache
def region_names(lexicon: Lexicon) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
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


def read_regions(
    text: Text, lexicon: Lexicon, taken: list[Span], workouts: list[Span], symptom_spans: list[Span],
    result: Result,
) -> list[Span]:  # fmt: skip
    """Twitching regions (and worked ones, like "did legs"); the spans of the twitching ones."""
    twitch_words = find(lexicon, lexicon.cues.macros["twitch"], text.norm)
    worked_before = lexicon.pattern(lexicon.regions.worked_before)
    worked_after = lexicon.pattern(lexicon.regions.worked_after)
    negation = lexicon.pattern(lexicon.cues.negation_before)
    found: list[tuple[Span, tuple[str, ...]]] = []
    blocked = [*taken, *workouts]
    matches = [
        (span, regions)
        for names, regions in region_names(lexicon)
        for span in find(lexicon, names, text.norm)
        if not overlaps(span, blocked)
    ]
    for span, regions in sorted(matches, key=lambda item: (item[0][0] - item[0][1], item[0][0])):
        if not overlaps(span, [taken_span for taken_span, _ in found]):  # the longest name wins
            found.append((span, regions))
    found += _listed_only(text, lexicon, found, blocked)
    found = _scoped_everywhere(text, lexicon, found, result)
    found = _group_naming_a_region(text, lexicon, found, result)
    found.sort()
    explicit: list[tuple[Span, tuple[str, ...]]] = []
    candidates: list[tuple[Span, tuple[str, ...]]] = []
    listed: list[tuple[Span, tuple[str, ...]]] = []
    for span, regions in found:
        clause = containing(text.clauses, span[0])
        before = text.norm[max(clause[0], span[0] - 25) : span[0]]
        after = text.norm[span[1] : min(clause[1], span[1] + 20)]
        last_words = " ".join(WORD.findall(before)[-3:])
        first_words = " ".join(WORD.findall(after)[:2])
        if negation.search(" ".join(WORD.findall(before)[-2:])) and not has_question(text, clause):
            _ignore(result, text, span, "negated")
            continue
        if WORD.findall(before)[-1:] in (["your"], ["ur"]):
            _ignore(result, text, span, "said of anyone ('like a cramp in your leg'), not where it twitches")
            continue
        if _SEARCHED.search(before):
            _ignore(result, text, span, "named in what was searched for or read, not where it twitches")
            continue
        if worked_before.search(last_words) or worked_after.match(first_words):
            worked = list(regions)
            result.set("workout.worked_regions", worked, note(text, "workout.worked_regions", worked, span))
            add_regions(result, "workout.worked_regions", worked)
            continue
        part = _and_clause(text, span)
        spread = _SPREAD_TO.search(before)
        # "now it's in my arms" spreads only the twitching told of before it in the sentence
        sentence = containing(text.sentences, span[0])
        spread_to = spread is not None and (
            spread.group("now") is None or starts_in(twitch_words, (sentence[0], span[0]))
        )
        # "then my right calf joined in": the twitching told before is there too
        spread_to = spread_to or (bool(_JOINED_IN.match(after)) and starts_in(twitch_words, (0, span[0])))
        # "my calf started pulsing. then my bicep, my thigh.": a sentence of body parts alone goes on
        spread_to = spread_to or _parts_alone(text, sentence, found, twitch_words)
        # "both calves with visible fasciculations": the twitch told just after "with"
        with_twitch = _WITH.match(text.norm, span[1])
        spread_to = spread_to or (
            with_twitch is not None and starts_in(twitch_words, (with_twitch.end(), with_twitch.end() + 1))
        )
        if (starts_in(twitch_words, part) or spread_to) and not _attached(text, span, symptom_spans):
            explicit.append((span, regions))
        else:
            candidates.append((span, regions))
        listed.append((span, regions))
    listed = [item for item in listed if item in explicit or not _for_purpose(text, item[0])]
    explicit = _with_listed(text, explicit, listed)
    candidates = [item for item in candidates if item not in explicit]
    chosen = explicit
    guessed = False
    if not chosen:
        # Guessing where it twitches from a region named without a twitch word: never the whole body.
        whole = (
            tuple(lexicon.regions.groups["everywhere"].regions)
            if "everywhere" in lexicon.regions.groups
            else ()
        )
        # ...unless the same sentence is about twitches ("muscle twitches, and they turn up all over").
        candidates = [
            item
            for item in candidates
            if item[1] != whole or starts_in(twitch_words, containing(text.sentences, item[0][0]))
        ]
        chosen = [
            item for item in candidates if not starts_in(symptom_spans, containing(text.segments, item[0][0]))
        ]
        chosen = chosen or candidates
        guessed = bool(chosen)
    for item in candidates:
        if item not in chosen:  # nothing dropped silently
            _ignore(
                result, text, item[0], "named with no twitch word near it, while twitching is told elsewhere"
            )
    for span, regions in chosen:
        value = list(regions)
        detail = "no twitch word near it: taken as where it twitches" if guessed else None
        if len(regions) > 1:
            detail = f"{text.words(span)!r} covers {', '.join(regions)}"
        result.set(
            "twitch.regions",
            value,
            note(text, "twitch.regions", value, span, uncertain=guessed, detail=detail),
        )
        add_regions(result, "twitch.regions", value)
    read_side(text, [span for span, _ in chosen], result)
    return [span for span, _ in chosen]


_WITH = re.compile(r"\s+with\s+(?:(?:a|some|little|small|visible|constant|tiny|lots\s+of|these)\s+)?")


_PARTS_GLUE = re.compile(
    r"^(?:[\s,;:&/+.!-]|\b(?:and|or|my|the|both|left|right|his|her|then|also|too|now|next|and then|even)\b)*$"
)
"""What may stand between the body parts of a sentence that names nothing else ("Then my bicep, my calf.")."""


def _parts_alone(
    text: Text, sentence: Span, found: Sequence[tuple[Span, tuple[str, ...]]], twitch_words: Sequence[Span]
) -> bool:
    """A sentence of body parts alone, after twitching told in the sentence before it, lists where the
    twitching went next: those parts twitch too."""
    previous = [other for other in text.sentences if other[1] <= sentence[0]]
    if not previous or not starts_in(twitch_words, previous[-1]):
        return False
    parts = sorted(span for span, _ in found if sentence[0] <= span[0] < sentence[1])
    rest, cursor = [], sentence[0]
    for start, end in parts:
        rest.append(text.norm[cursor:start])
        cursor = end
    rest.append(text.norm[cursor : sentence[1]])
    return bool(_PARTS_GLUE.match(" ".join(rest)))


_PURPOSE = re.compile(r"\b(?:for|because of)\s+(?:(?:my|his|her|the|a)\s*)?$")


def _ignore(result: Result, text: Text, span: Span, reason: str) -> None:
    """A region named but not where it twitches, kept with the reason (the output lists what was ignored)."""
    result.ignored.append(
        Ignored(field="twitch.regions", words=text.words(span), start=span[0], end=span[1], reason=reason)
    )


def _for_purpose(text: Text, span: Span) -> bool:
    """ "On tramadol for my back": the region is why a medicine is taken, not where it twitches."""
    return bool(_PURPOSE.search(text.norm[max(0, span[0] - 20) : span[0]]))


_WHOLE_BODY = re.compile(
    r"body|head to toe|every muscle|all different muscles|random places|different places"
)


def _scoped_everywhere(
    text: Text, lexicon: Lexicon, found: list[tuple[Span, tuple[str, ...]]], result: Result
) -> list[tuple[Span, tuple[str, ...]]]:
    """ "All over" and "everywhere" mean the whole body only when nothing narrower is named with them: "firing
    everywhere" about the calves, or "all over my legs", is the calves or the legs (the regions named)."""
    group = lexicon.regions.groups.get("everywhere")
    if group is None:
        return found
    whole = tuple(group.regions)
    kept: list[tuple[Span, tuple[str, ...]]] = []
    for span, regions in found:
        if regions != whole or _WHOLE_BODY.search(text.norm[span[0] : span[1]]):
            kept.append((span, regions))
            continue
        sentence = containing(text.sentences, span[0])
        named_regions = [
            (other, other_regions)
            for other, other_regions in found
            if other_regions != whole and sentence[0] <= other[0] < sentence[1]
        ]
        named = [other for other, _ in named_regions]
        areas = {lexicon.region_areas.get(region) for _, regions_ in named_regions for region in regions_}
        if len(areas) >= 2:
            kept.append((span, regions))  # "everywhere: calves, biceps, eyelid": examples of everywhere
            continue
        following = next((other for other in named if 0 <= other[0] - span[1] <= 12), None)
        if following is not None and re.match(
            r"^\s*(?:(?:over|in|on|of)\s+)?(?:my|the|his|her|both)?\s*$", text.norm[span[1] : following[0]]
        ):
            reason = f"read as all over the {text.words(following)} named with it"
        elif named:
            reason = "read as all over the muscle named in the same sentence, not the whole body"
        else:
            kept.append((span, regions))
            continue
        _ignore(result, text, span, reason)
    return kept


# Where twitching has gone: "it has spread to both legs", "moved up into my thigh".
_SPREAD_TO = re.compile(
    r"\b(?:(?:spread\w*|mov(?:ed|ing|es)|travel+(?:ed|ing|s))\s+(?:up\s+|down\s+|over\s+)?(?:to|into|in)"
    # "started in my quads ... but now it's in my arms": the twitching, named before, is now there
    r"|(?P<now>now)\s+(?:it\s+is|its|it's|theyre|they're|they\s+are)\s+(?:also\s+|even\s+)?(?:in|into|on))\s+"
    r"(?:(?:my|the|his|her|both|other|whole|entire|left|right)\s+)*$"
)


_JOINED_IN = re.compile(
    r"\s*(?:has\s+|had\s+|have\s+|then\s+|also\s+)?(?:joined\s+in|joined\s+the\s+party|got\s+in\s+on)\b"
)


# Words that make a group name say more than the muscle already named in it: "now my whole arm", "spread to
# both legs", "the rest of my arm", "arms and legs too".
_SPREAD_BEFORE = re.compile(
    r"(?:whole|entire|all|both|rest of|other|spread\w*|mov\w*|mov(?:ed|ing) (?:up|down|to|into)|now|then|"
    r"also|even|too|and|&|\+|,)\s+(?:(?:over|of|to|into|in|up|down)\s+)?(?:(?:my|the|his|her|both)\s+)?$"
)


def _group_naming_a_region(
    text: Text, lexicon: Lexicon, found: list[tuple[Span, tuple[str, ...]]], result: Result
) -> list[tuple[Span, tuple[str, ...]]]:
    """A group name ("arm", "legs") after a muscle of that group in one sentence is that muscle told again,
    not the whole group: "my left bicep keeps flickering when I rest my arm on the desk" is the biceps (a
    trained group, "did legs", stays a worked region; "legs twitching, agony in my thighs" stays legs). Unless
    words before it widen it ("now my whole arm", "spread to both legs", "calves and legs"): then it stays the
    group, so a spread is never narrowed away."""
    everywhere = lexicon.regions.groups.get("everywhere")
    whole = tuple(everywhere.regions) if everywhere is not None else ()
    worked_before = lexicon.pattern(lexicon.regions.worked_before)
    worked_after = lexicon.pattern(lexicon.regions.worked_after)
    kept: list[tuple[Span, tuple[str, ...]]] = []
    for span, regions in found:
        if len(regions) < 2 or regions == whole:
            kept.append((span, regions))
            continue
        sentence = containing(text.sentences, span[0])
        members = [
            other
            for other, other_regions in found
            if len(other_regions) == 1 and other_regions[0] in regions and sentence[0] <= other[0] < span[0]
        ]
        before = text.norm[max(sentence[0], span[0] - 30) : span[0]]
        after = text.norm[span[1] : min(sentence[1], span[1] + 20)]
        worked = worked_before.search(" ".join(WORD.findall(before)[-3:])) or worked_after.match(
            " ".join(WORD.findall(after)[:2])
        )
        if not members or worked or _SPREAD_BEFORE.search(before):
            kept.append((span, regions))
            continue
        _ignore(
            result, text, span, f"read as the {text.words(members[0])} named before it, not the whole group"
        )
    return kept


_AND = re.compile(r"\s(?:and|&|\+|with)\s")


def _and_clause(text: Text, span: Span) -> Span:
    """The part of the clause around `span` between "and"s: "sore legs | and twitchy quads"."""
    clause = containing(text.clauses, span[0])
    start, end = clause
    for match in _AND.finditer(text.norm, clause[0], clause[1]):
        if match.end() <= span[0]:
            start = match.start()
        elif match.start() >= span[1]:
            end = match.start()
            break
    return (start, end)


def _attached(text: Text, span: Span, symptom_spans: Sequence[Span]) -> bool:
    """A region named with a symptom ("left leg getting weaker", "swollen quads"), not with a twitch."""
    clause = containing(text.clauses, span[0])
    for start, end in symptom_spans:
        if not (clause[0] <= start < clause[1]):
            continue
        if start >= span[1] and word_count(text.norm[span[1] : start]) <= 1:
            return True
        if end <= span[0] and word_count(text.norm[end : span[0]]) <= 1:
            return True
    return False


_LIST_GLUE = re.compile(
    r"^(?:[\s,&/+]|\band\b|\bor\b|\bmy\b|\bthe\b|\bboth\b|\bleft\b|\bright\b|\bhis\b|\bher\b|\btheir\b"
    r"|\beven\b|\balso\b|\bsometimes\b|\bthen\b|\bin\b"
    # "forearm and the back of my hand": a part of a region
    r"|\b(?:back|front|top|side|sole|bottom)s?\s+of\b)*$"
)


_LIST_SEPARATOR = re.compile(r"[,&/+]|\band\b|\bor\b")


_LIST_AND = re.compile(r"[&+]|\band\b|\bor\b")


_SEARCHED = re.compile(
    r"\b(?:googl\w*|searched(?:\s+for)?|searching(?:\s+for)?|looked\s+up|looking\s+up|typed\s+in|typing\s+in)"
    r"[\s\"'\u201c\u2018]*(?:[\w-]+\s+)?$"
)
"""Before a region: what was searched for ('googling "arm muscle twitching"', "looked up calf spasms")."""

_BACK_OF = re.compile(r"\s+of\b")
"""After "back": "the back of my arms", "back of the knee" name the back of another part, not the back."""

_ROUND_TRIP = re.compile(r"\bfrom\b[^.!?;]*\bto\b[^.!?;,]*\band\s*$")
"""Before "back": "rolling from my calves to my quads and back" is there and back again, not the back."""


def _not_the_back(text: Text, span: Span) -> bool:
    """ "Back" listed with a region that is still not the back: the back of another part, or a round trip."""
    sentence = containing(text.sentences, span[0])
    return bool(_BACK_OF.match(text.norm, span[1]) or _ROUND_TRIP.search(text.norm[sentence[0] : span[0]]))


def _listed_only(
    text: Text, lexicon: Lexicon, found: list[tuple[Span, tuple[str, ...]]], blocked: list[Span]
) -> list[tuple[Span, tuple[str, ...]]]:
    """Ambiguous names ("back") that sit in a list with a region found already: "arms, back and face"."""
    added: list[tuple[Span, tuple[str, ...]]] = []
    changed = True
    while changed:
        changed = False
        known = [span for span, _ in [*found, *added]]
        for group in lexicon.regions.listed_only.values():
            for span in find(lexicon, group.names, text.norm):
                if overlaps(span, [*known, *blocked]) or _not_the_back(text, span):
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
    text: Text, explicit: list[tuple[Span, tuple[str, ...]]], found: list[tuple[Span, tuple[str, ...]]]
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


_SIDE = re.compile(r"\b(left|right|both|l|r)\b(?:\s+(?:and|&|\+)\s+(left|right|l|r)\b)?")


def _letter_side(text: Text, end: int, region_spans: list[Span]) -> bool:
    """A bare "l" or "r" is a side only just before a region ("R calf") or a comparison ("L>R")."""
    rest = text.norm[end : end + 3]
    gap = len(rest) - len(rest.lstrip())
    return rest.lstrip()[:1] in (">", "<") or any(start == end + gap for start, _ in region_spans)


def read_side(text: Text, region_spans: list[Span], result: Result) -> None:
    sides: list[tuple[str, Span]] = []
    for span in region_spans:
        segment = containing(text.segments, span[0])
        window = (max(segment[0], span[0] - 60), min(segment[1], span[1] + 60))
        for match in _SIDE.finditer(text.norm, window[0], window[1]):
            words = {match.group(1), match.group(2)} - {None}
            if words <= {"l", "r"} and not _letter_side(text, match.end(), region_spans):
                continue  # "my abs r twitching": "r" is "are", not the right side
            side = "both" if "both" in words or len(words) > 1 else next(iter(words))
            side = {"l": "left", "r": "right"}.get(side, side)
            sides.append((side, match.span()))
    if not sides:
        return
    values = {side for side, _ in sides}
    value = "both" if "both" in values or {"left", "right"} <= values else values.pop()
    for side, span in sides:
        result.notes.append(note(text, "twitch.side", side, span))
    result.values["twitch.side"] = value
