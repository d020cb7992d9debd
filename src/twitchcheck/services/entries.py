"""Values as people type them into a field, read the same way at every door (CLI prompts and options, web
forms, the API): durations by the free-text reader's temporal grammar ("4 days", "since Tuesday", "a
fortnight"), amounts with their units ("16 oz", "154 lb"), caffeine by the drink table ("2 espressos"), and
moments ("-1d", "yesterday", a date)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.units import Dimension, parse_amount
from twitchcheck.engine.answers import AnswerError, check_answer
from twitchcheck.engine.answers import parse_answer as parse_plain_answer
from twitchcheck.engine.answers import read_answer as read_plain_answer
from twitchcheck.engine.questions import Answers
from twitchcheck.journal.moments import parse_when
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question
from twitchcheck.text.parse import parse_text
from twitchcheck.text.temporal import UNIT_DAYS, find_times

TIME_UNITS: Mapping[str, float] = {"days": 1.0, "hours": UNIT_DAYS["hour"], "minutes": UNIT_DAYS["minute"]}
"""The units of the questions and fields that take a duration, in days."""
AMOUNT_UNITS: Mapping[str, Dimension] = {"ml": "volume", "kg": "mass", "cm": "length"}
"""The units of the questions and fields that take an amount of something."""
DURATION_EXAMPLES = "'4 days', '2 weeks', 'since Tuesday', 'a fortnight' or a number"
_NUMBER = re.compile(r"^\s*[+-]?[0-9]+(?:[.,][0-9]+)?\s*$")
_FILLER = re.compile(
    r"\b(?:about|around|roughly|approx(?:imately)?|maybe|like|now|ago|it|been|has|have|i|for)\b"
)


def read_duration(text: str, unit: str, now: datetime) -> float:
    """A duration typed as people say it, in `unit` (days, hours or minutes): a bare number is in `unit`;
    anything else is read by the temporal grammar against `now` (local time). AnswerError otherwise."""
    if _NUMBER.match(text):
        number = float(text.strip().replace(",", "."))
        if not math.isfinite(number):
            raise AnswerError(f"{text!r} is not a number")
        return number
    norm = " ".join(text.lower().split())
    found = [expr for expr in find_times(norm, now) if expr.days is not None]
    rest = norm
    for expr in sorted(found, key=lambda expr: -expr.span[0]):
        rest = rest[: expr.span[0]] + rest[expr.span[1] :]
    if len(found) != 1 or re.sub(r"[\W_]+", " ", _FILLER.sub(" ", rest)).strip():
        raise AnswerError(f"{text!r} is not a number, nor a time like {DURATION_EXAMPLES} (in {unit})")
    days = found[0].days
    assert days is not None
    return round(days / TIME_UNITS[unit], 6)


def read_caffeine_mg(text: str) -> tuple[float, str | None]:
    """Milligrams of caffeine from "200", "200 mg" or what was drunk ("2 espressos", "a coffee"), and how the
    figure was worked out (None for milligrams given); InputError naming `mg` otherwise."""
    match = re.fullmatch(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:mg|milligrams?)?\s*", text.lower())
    if match is not None:
        return float(match.group(1).replace(",", ".")), None
    understood = parse_text(text)
    mg = understood.fields.get("stimulants", {}).get("caffeine_mg")
    if mg is None:
        problem = FieldProblem("mg", f"not caffeine like 200 mg or '2 espressos' (got {text!r})")
        raise InputError([problem], "entry")
    details = [note.detail for note in understood.notes_for("stimulants.caffeine_mg") if note.detail]
    return float(mg), "; ".join(details) or None


def read_amount(text: str, unit: str, field: str) -> float:
    """An amount in `unit` (ml, kg or cm) from "16 oz", "154 lb", "14 in" or a bare number."""
    return parse_amount(text, AMOUNT_UNITS[unit], field)


def read_when(text: str, now: datetime, zone: tzinfo, field: str = "at") -> str:
    """When something happened, as the CLI's --at reads it: now, -30m, -1d, yesterday, a date, a date-time."""
    return parse_when(text, now, zone, field)


def parse_answer(question: Question, text: str, kb: KnowledgeBase, now: datetime) -> Any:
    """An answer typed as text, as every door reads it: a duration or an amount with its unit where the
    question takes one, else the engine's reading of the question's answer kind."""
    unit = (question.unit or "").strip()
    if question.answer == "number" and unit in TIME_UNITS:
        return read_duration(text, unit, now)
    if question.answer == "number" and unit in AMOUNT_UNITS:
        try:
            return read_amount(text, unit, question.id)
        except InputError as error:
            raise AnswerError(error.problems[0].message) from None
    if question.answer == "number" and unit == "mg":
        try:
            return read_caffeine_mg(text)[0]
        except InputError as error:
            raise AnswerError(error.problems[0].message) from None
    return parse_plain_answer(question, text, kb)


def read_answer(
    question: Question, values: Sequence[str], kb: KnowledgeBase, answers: Answers, now: datetime
) -> Any:
    """The value of a form's answer (one string, or one per ticked box); None when left blank (unknown).

    A blank required question and an answer that does not fit are AnswerError (as `engine.answers`).
    """
    items = [value.strip() for value in values if value.strip()]
    if question.answer in ("choices", "regions") or len(items) != 1:
        return read_plain_answer(question, values, kb, answers)
    value = parse_answer(question, items[0], kb, now)
    check_answer(question, value, answers)
    return value


__all__ = [
    "DURATION_EXAMPLES",
    "parse_answer",
    "read_amount",
    "read_answer",
    "read_caffeine_mg",
    "read_duration",
    "read_when",
]


def with_typed_durations(report: Mapping[str, Any], kb: KnowledgeBase, now: datetime) -> dict[str, Any]:
    """A report as JSON with every duration given as words ("4 days", "since Tuesday", "a fortnight") read
    into its field's number (days, hours or minutes), as the questions read them; InputError naming each field
    that is not one. Numbers and other values pass through for the report's own validation."""
    data = {section: dict(part) if isinstance(part, Mapping) else part for section, part in report.items()}
    problems: list[FieldProblem] = []
    for question in kb.questions:
        unit = (question.unit or "").strip()
        if question.answer != "number" or unit not in TIME_UNITS:
            continue
        section, name = question.id.split(".", 1)
        part = data.get(section)
        if not isinstance(part, dict) or not isinstance(part.get(name), str):
            continue
        try:
            part[name] = read_duration(part[name], unit, now)
        except AnswerError as error:
            problems.append(FieldProblem(question.id, str(error)))
    if problems:
        raise InputError(problems)
    return data
