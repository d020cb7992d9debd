"""Quantities: volumes, masses and doses with their units, drinks and their caffeine, containers, body mass
before and after. Units use the lexicon's table of exact factors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from twitchcheck.text.context import find_cues, negated, starts_in
from twitchcheck.text.lexicon import Lexicon
from twitchcheck.text.normalise import Span, Text, containing, find, overlaps
from twitchcheck.text.result import Result, note

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"


def number(text: str, lexicon: Lexicon) -> float | None:
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
def number_regex(lexicon: Lexicon) -> str:
    words = sorted(lexicon.quantities.numbers, key=len, reverse=True)
    return r"(?:" + NUMBER + "|" + "|".join(re.escape(word) for word in words) + r")"


@dataclass(frozen=True)
class Quantity:
    kind: str
    value: float  # in ml, kg or mg
    span: Span
    detail: str


def find_quantities(text: Text, lexicon: Lexicon) -> list[Quantity]:
    found: list[Quantity] = []
    number_re = number_regex(lexicon)
    for unit in sorted(lexicon.quantities.units, key=lambda u: -max(len(n) for n in u.names)):
        names = lexicon.pattern(unit.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        regex = re.compile(rf"(?<![\w.,])({number_re})\s*{names}(?![\w'])")
        for match in regex.finditer(text.norm):
            if any(overlaps(match.span(), [q.span]) for q in found):
                continue
            amount = number(match.group(1), lexicon)
            if amount is None:
                continue
            words = text.words(match.span())
            found.append(Quantity(unit.kind, amount * unit.factor, match.span(), words))
    return found


def read_drinks(
    text: Text, lexicon: Lexicon, taken: list[Span], quantities: list[Quantity], result: Result
) -> None:
    number_re = number_regex(lexicon)
    count_before = re.compile(
        rf"({number_re})\s+(?:x\s+)?(?:(?:cups?|mugs?|cans?|shots?|scoops?|servings?|large|big|small|strong|double|of)\s+)*$"
    )
    cues = find_cues(text, lexicon, [], taken)
    drinks: list[tuple[Span, float, str]] = []  # (span, mg, detail)
    for drink in lexicon.drinks:
        for span in find(lexicon, drink.phrases, text.norm):
            if overlaps(span, taken) or overlaps(span, [d[0] for d in drinks]):
                continue
            before = text.norm[max(0, span[0] - 30) : span[0]]
            count_match = count_before.search(before)
            count = number(count_match.group(1), lexicon) if count_match else None
            start = span[0] - len(count_match.group(0)) if count_match else span[0]
            if negated(text, span, cues, lexicon.cues.negation_window_words):
                result.notes.append(note(text, "stimulants.caffeine_mg", 0, span, negated=True))
                result.values.setdefault("stimulants.caffeine_mg", 0)
                continue
            servings = count if count is not None else 1
            mg = servings * drink.caffeine_mg
            detail = f"{servings:g} x {drink.id.replace('_', ' ')} at {drink.caffeine_mg:g} mg"
            drinks.append(((start, span[1]), mg, detail))
    explicit: list[tuple[Span, float]] = []
    caffeine_words = find(lexicon, lexicon.quantities.caffeine_context, text.norm)
    for quantity in quantities:
        if quantity.kind != "caffeine":
            continue
        segment = containing(text.segments, quantity.span[0])
        if starts_in(caffeine_words, segment) or starts_in([d[0] for d in drinks], segment):
            explicit.append((quantity.span, quantity.value))
    for span, _ in explicit:  # a stated dose replaces the estimate of a drink in the same clause
        clause = containing(text.segments, span[0])
        drinks = [d for d in drinks if not (clause[0] <= d[0][0] < clause[1])]
    total = 0.0
    for span, mg, detail in drinks:
        total += mg
        result.notes.append(note(text, "stimulants.caffeine_mg", mg, span, detail=detail))
    for span, mg in explicit:
        total += mg
        result.notes.append(note(text, "stimulants.caffeine_mg", mg, span, detail="stated dose"))
    if drinks or explicit:
        result.values["stimulants.caffeine_mg"] = round(total, 1)


def read_fluid(text: Text, lexicon: Lexicon, quantities: list[Quantity], result: Result) -> None:
    context = find(lexicon, lexicon.quantities.fluid_context, text.norm)
    total = 0.0
    for quantity in quantities:
        if quantity.kind != "volume":
            continue
        segment = containing(text.segments, quantity.span[0])
        if not starts_in(context, segment) and not starts_in(
            find(lexicon, [d for drink in lexicon.drinks for d in drink.phrases], text.norm), segment
        ):
            continue
        total += quantity.value
        result.notes.append(
            note(text, "hydration.fluid_ml", round(quantity.value, 1), quantity.span, detail=quantity.detail)
        )
    number_re = number_regex(lexicon)
    drinks = lexicon.pattern(lexicon.quantities.container_drinks).pattern
    for container in lexicon.quantities.containers:
        names = lexicon.pattern(container.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")]
        regex = re.compile(rf"(?<![\w.,])({number_re})\s+(?:\w+\s+)?{names}\s+of\s+(?:\w+\s+)?{drinks}")
        for match in regex.finditer(text.norm):
            count = number(match.group(1), lexicon)
            if count is None or any(overlaps(match.span(), [q.span]) for q in quantities):
                continue
            volume = count * container.ml
            total += volume
            detail = f"{count:g} x {container.names[0]} taken as {container.ml:g} ml"
            result.notes.append(note(text, "hydration.fluid_ml", volume, match.span(), detail=detail))
    if total:
        result.values["hydration.fluid_ml"] = round(total, 1)


def read_body_mass(text: Text, lexicon: Lexicon, result: Result) -> None:
    number_re = number_regex(lexicon)
    masses = [u for u in lexicon.quantities.units if u.kind == "mass"]
    unit = "(?:" + "|".join(
        lexicon.pattern(u.names).pattern[len(r"(?<![\w'])") : -len(r"(?![\w'])")] for u in masses
    ) + ")"  # fmt: skip
    weighed = r"(?:was\s+|i was\s+|weighed\s+)?"
    forms = [
        rf"({number_re})\s*({unit})?\s+(?:before|pre|at the start)\b[^.!?\n]{{0,40}}?"
        rf"\b({number_re})\s*({unit})?\s+(?:after|post|afterwards|at the end)\b",
        rf"\b(?:before|pre)\b\W+{weighed}({number_re})\s*({unit})?[^.!?\n]{{0,40}}?"
        rf"\b(?:after|post)\b\W+{weighed}({number_re})\s*({unit})?",
        rf"\bfrom\s+({number_re})\s*({unit})?\s+(?:down\s+)?to\s+({number_re})\s*({unit})?",
    ]
    for form in forms:
        for match in re.finditer(form, text.norm):
            before, unit_a, after, unit_b = match.groups()
            unit_word = unit_a or unit_b
            if unit_word is None:
                continue
            factor = next(u.factor for u in masses if lexicon.pattern(u.names).fullmatch(unit_word))
            values = [number(before, lexicon), number(after, lexicon)]
            if None in values:
                continue
            kg = [round(float(v) * factor, 1) for v in values if v is not None]
            if not all(20 <= v <= 300 for v in kg):
                continue
            detail = f"{unit_word} converted to kg" if factor != 1 else None
            result.set(
                "hydration.body_mass_before_kg",
                kg[0],
                note(text, "hydration.body_mass_before_kg", kg[0], match.span(1), detail=detail),
            )
            result.set(
                "hydration.body_mass_after_kg",
                kg[1],
                note(text, "hydration.body_mass_after_kg", kg[1], match.span(3), detail=detail),
            )
            return
