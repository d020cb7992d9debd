"""What a description was understood as, laid out neutrally: plain lines that the CLI (Rich) and the pages
(Jinja) both render, so that both say the same, and neither imports the other's renderer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from twitchcheck.core.words import amount, counted, days_in_words, hours_in_words

if TYPE_CHECKING:  # types only: the card's words need no free-text reader (status's start-up)
    from twitchcheck.knowledge.loader import KnowledgeBase
    from twitchcheck.knowledge.model import Question
    from twitchcheck.text.model import Understanding
    from twitchcheck.text.resemblance import Resemblance

_FIELD_WORDS: Mapping[str, str] = {
    "twitch.regions": "where it twitches",
    "twitch.duration_days": "how long it has lasted",
    "twitch.started": "when it started",
    "workout.worked_regions": "muscles worked",
    "workout.hours_ago": "how long ago the workout was",
}
"""What a missing field is called where the question's own label would not read as a request."""

_HOURS = frozenset({"workout.hours_ago", "stimulants.hours_since_last_caffeine"})
"""Fields that count hours back from now ("40 minutes ago")."""

_UNITS: Mapping[str, str] = {"hours": "h", "minutes": "min"}
"""A question's unit as it follows a number ("" where the value is put in words instead)."""


def _questions(kb: KnowledgeBase | None) -> Mapping[str, Question]:
    from twitchcheck.knowledge.loader import load_knowledge  # at first use: the knowledge base is cached

    return _by_field(kb or load_knowledge())


@cache
def _by_field(kb: KnowledgeBase) -> Mapping[str, Question]:
    """The questions by the field they fill, built once per knowledge base (every field of a card asks)."""
    return {question.id: question for question in kb.questions}


def field_words(path: str, kb: KnowledgeBase | None = None) -> str:
    """A report field (or a safety-net sign) in words, its question's label: `symptoms.dark_urine` -> "dark
    urine", `workout.hours_ago` -> "workout ended"."""
    question = _questions(kb).get(path)
    if question is not None:
        return question.label
    return path.rsplit(".", 1)[-1].replace("_", " ")


def missing_words(path: str, kb: KnowledgeBase | None = None) -> str:
    """A field not understood, in words that ask for it: `workout.hours_ago` -> "how long ago the workout
    was"."""
    return _FIELD_WORDS.get(path) or field_words(path, kb)


def format_value(value: Any) -> str:
    """An answer as a person would say it: yes/no, a plain number, a list joined by commas."""
    if value is None:  # a condition can rest on a question left unanswered ("not reported as")
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 2):g}"  # -0.86, 70.6, 1200.5
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item) for item in value)
    return str(value)


_SUFFIX_UNITS: Mapping[str, str] = {
    "kg": "kg", "l": "L", "ml": "ml", "mg": "mg", "g": "g", "pct": "%", "h": "h", "min": "min", "cm": "cm",
}  # fmt: skip
"""The unit a calculated figure's name ends with (`rehydration_volume_l`)."""


def figure_words(name: str, value: float, kb: KnowledgeBase | None = None) -> tuple[str, str]:
    """A plan step's figure as a person reads it, (what, how much): `rehydration_volume_l` 2.25 ->
    ("rehydration volume", "2.25 l"); a report field by its question (`stimulants.caffeine_mg`)."""
    if name in _questions(kb):
        return field_words(name, kb), value_words(name, value, kb)
    words = name.rsplit(".", 1)[-1].split("_")
    unit = _SUFFIX_UNITS.get(words[-1], "") if len(words) > 1 else ""
    if unit:
        words = words[:-1]
    shown = f"{value:,.0f}" if abs(value) >= 1000 else amount(value)
    return " ".join(words), f"{shown}{'' if unit in ('', '%') else ' '}{unit}"


def _lower_first(text: str) -> str:
    """An option's label inside a line: "Left side" -> "left side" (an acronym such as "HIIT" stays)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def value_words(path: str, value: Any, kb: KnowledgeBase | None = None) -> str:
    """A field's value as a person reads it: rounded, with its unit, a choice by its label, a span in words
    (`twitch.duration_days` 1.958 -> "2 days", `workout.hours_ago` 0.5 -> "30 minutes ago")."""
    question = _questions(kb).get(path)
    if value is None or isinstance(value, bool) or question is None:
        return format_value(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_words(path, item, kb) for item in value)
    if question.options:
        for option in question.options:
            if option.value == value:
                return _lower_first(option.label)
    if isinstance(value, int | float):
        if path in _HOURS:
            return f"{hours_in_words(float(value))} ago"
        if path == "twitch.duration_days":
            return days_in_words(float(value))
        shown = amount(float(value))
        unit = question.unit or ""
        if unit in ("days", "years") and float(value).is_integer():
            return counted(int(value), unit[:-1])
        if "-" in unit:  # a scale: effort "7 of 10", urine colour "4 of 8"
            return f"{shown} of {unit.split('-')[-1]}"
        return f"{shown} {_UNITS.get(unit, unit)}".strip()
    return str(value).replace("_", " ")


def answer_words(contract: Mapping[str, Any], kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The words an assessment's card and the status dashboard say its answers in (each red flag's and
    warning's answers, what the journal filled in), kept with a stored status so that it is shown without
    the knowledge base: {"fields": {field: words}, "values": {field: {value as JSON: words}}}."""
    import json

    fields: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    history = contract.get("history") or {}
    answers = [
        *(answer for flag in contract.get("red_flags", []) for answer in flag.get("answers", [])),
        *(answer for flag in contract.get("warnings", []) for answer in flag.get("answers", [])),
        *history.get("filled", []),
    ]
    for answer in answers:
        path, value = answer["field"], answer["value"]
        fields[path] = field_words(path, kb)
        values.setdefault(path, {})[json.dumps(value, sort_keys=True)] = value_words(path, value, kb)
    return {"fields": fields, "values": values}


@dataclass(frozen=True, slots=True)
class FieldLine:
    """One field understood: its path, its value as said, the words behind it, and whether it is uncertain."""

    path: str
    label: str
    """The field in words ("where it twitches")."""
    value: str
    """The value in words, rounded, with its unit ("2 days", "500 ml", "left")."""
    words: tuple[str, ...]
    uncertain: bool

    @property
    def text(self) -> str:
        line = f"{self.label}: {self.value}"
        if self.words:
            line += f"  from {', '.join(self.words)}"
        return line + ("  (uncertain)" if self.uncertain else "")


@dataclass(frozen=True, slots=True)
class NotUsedLine:
    """Words that looked like a finding but were not counted: the words, what they seemed to be about, why."""

    words: str
    about: str
    reason: str

    @property
    def text(self) -> str:
        return f"not counted: {self.words!r} ({self.about}): {self.reason}"


@dataclass(frozen=True)
class UnderstoodView:
    """Everything a person should see to check what their words were taken to mean."""

    fields: tuple[FieldLine, ...]
    not_used: tuple[NotUsedLine, ...]
    warnings: tuple[str, ...]
    missing: tuple[str, ...]
    """Required fields not understood, in words."""
    assumed: tuple[tuple[str, str], ...]
    """(field, value) placeholders assumed only to assess a warning sign, in words."""
    escalations: tuple[str, ...]
    """Fields set only by an uncertain mention that raised the level, in words."""
    second_opinion: str | None = None
    """Why the second opinion (`text.resemblance`) raised the level, with the words that weighed most."""

    @property
    def lines(self) -> list[str]:
        """Every line, as plain text: the fields, what was not counted, the warnings."""
        return [*(line.text for line in self.fields), *(line.text for line in self.not_used), *self.warnings]


def understood_view(
    understanding: Understanding,
    *,
    assumed: Mapping[str, Any] | None = None,
    escalations: Sequence[str] = (),
    second_opinion: Resemblance | None = None,
    kb: KnowledgeBase | None = None,
) -> UnderstoodView:
    """The neutral layout of what `understanding` says (and, after an assessment, what it assumed, and why
    the second opinion raised the level)."""
    words: dict[str, list[str]] = defaultdict(list)
    for note in understanding.notes:
        words[note.field].append(repr(note.words))
    uncertain = set(understanding.uncertain_fields)
    fields = tuple(
        FieldLine(
            f"{section}.{name}",
            field_words(f"{section}.{name}"),
            value_words(f"{section}.{name}", value),
            tuple(dict.fromkeys(words.get(f"{section}.{name}", []))),
            f"{section}.{name}" in uncertain,
        )
        for section, values in understanding.fields.items()
        for name, value in values.items()
    )
    not_used = tuple(
        NotUsedLine(item.words, field_words(item.field), item.reason) for item in understanding.ignored
    )
    return UnderstoodView(
        fields,
        not_used,
        tuple(understanding.warnings),
        tuple(missing_words(path) for path in understanding.missing),
        tuple((field_words(path), value_words(path, value)) for path, value in (assumed or {}).items()),
        tuple(field_words(path) for path in escalations),
        _second_opinion_words(second_opinion, kb),
    )


def _second_opinion_words(opinion: Resemblance | None, kb: KnowledgeBase | None) -> str | None:
    if opinion is None or opinion.level is None:
        return None
    from twitchcheck.knowledge.loader import load_knowledge

    kb = kb or load_knowledge()
    words = ", ".join(f"'{word}'" for word in opinion.words) or "none in particular"
    return kb.message("second_opinion_words").format(level=kb.levels[opinion.level].headline, words=words)


__all__ = [
    "FieldLine",
    "NotUsedLine",
    "UnderstoodView",
    "answer_words",
    "field_words",
    "figure_words",
    "format_value",
    "missing_words",
    "understood_view",
    "value_words",
]
