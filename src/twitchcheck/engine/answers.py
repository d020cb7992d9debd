"""Answers to the check's questions: reading and checking them, and walking the questions in steps.

Shared by every adapter that asks the questions (the CLI interview, the web check), so that all read answers,
skip questions and stop for an emergency the same way. Pure: no input or output here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from twitchcheck.core.errors import InputError
from twitchcheck.core.facts import FACTS
from twitchcheck.core.report import REQUIRED_FIELDS, parse_report
from twitchcheck.engine.pipeline import assess
from twitchcheck.engine.questions import Answers, interview_order, should_ask
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Option, Question

_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})
_NONE = frozenset({"none", "nothing"})
_SEPARATORS = (";", " and ", "/")


PLACEHOLDERS: Mapping[str, Any] = {"twitch.regions": ["calf"], "twitch.duration_days": 0}
"""Values for missing required fields when a warning sign was given: one region (which cannot fire the
widespread or tongue rules) and no duration (which cannot fire the persistent rule)."""


class AnswerError(ValueError):
    """An answer that does not fit the question; the message says what would."""


def is_required(question: Question) -> bool:
    """Whether nothing can be assessed without an answer to `question`."""
    return question.id in REQUIRED_FIELDS


def answer_options(question: Question) -> list[Option]:
    """The choices of a choice question: its own options, else the field's values in the report format."""
    if question.options:
        return list(question.options)
    if question.answer in ("choice", "choices"):
        spec = FACTS.get(question.id)
        values = spec.values if spec is not None and spec.values is not None else ()
        return [Option(value=value, label=value.replace("_", " ")) for value in values]
    return []


def parse_answer(question: Question, text: str, kb: KnowledgeBase) -> Any:
    """The typed value of an answer typed as text; AnswerError when it cannot be one."""
    kind = question.answer
    if kind == "bool":
        return _parse_bool(question, text)
    if kind == "number":
        return _parse_number(text)
    if kind == "integer":
        number = _parse_number(text)
        if not float(number).is_integer():
            raise AnswerError(f"{text!r} is not a whole number")
        return int(number)
    if kind == "choice":
        return _parse_option(answer_options(question), text)
    items = _split(text)
    if items and all(item.lower() in _NONE for item in items):
        return []
    if kind == "choices":
        return _unique([_parse_option(answer_options(question), item) for item in items])
    return _unique([_parse_region(kb, item) for item in items])


def check_answer(question: Question, value: Any, answers: Answers) -> None:
    """Check the value against the report format's bounds for its field; AnswerError naming what is wrong."""
    section, name = question.id.split(".", 1)
    candidate = {**answers, section: {**answers.get(section, {}), name: value}}
    try:
        parse_report(candidate)
    except InputError as error:
        mine = [p for p in error.problems if p.field == question.id or p.field.startswith(question.id + "[")]
        if mine:
            raise AnswerError("; ".join(problem.message for problem in mine)) from None


def read_answer(question: Question, values: Sequence[str], kb: KnowledgeBase, answers: Answers) -> Any:
    """The value of a form's answer (one string, or one per ticked box); None when left blank (unknown).

    A blank required question and an answer that does not fit are AnswerError.
    """
    items = [value.strip() for value in values if value.strip()]
    if not items:
        if is_required(question):
            raise AnswerError("this one is needed to assess anything; please answer it")
        return None
    if question.answer in ("choices", "regions"):
        if "none" in items:
            if len(items) > 1:
                raise AnswerError("'none' goes alone")
            return _checked(question, [], answers)
        return _checked(question, parse_answer(question, ", ".join(items), kb), answers)
    if len(items) > 1:
        raise AnswerError("give one answer")
    return _checked(question, parse_answer(question, items[0], kb), answers)


def _checked(question: Question, value: Any, answers: Answers) -> Any:
    check_answer(question, value, answers)
    return value


def with_answer(answers: Answers, field: str, value: Any) -> dict[str, dict[str, Any]]:
    """A copy of the answers with `field` set to `value` (None removes it)."""
    section, name = field.split(".", 1)
    copied = {part: dict(values) for part, values in answers.items()}
    if value is None:
        copied.get(section, {}).pop(name, None)
    else:
        copied.setdefault(section, {})[name] = value
    return {part: values for part, values in copied.items() if values}


def answer_of(answers: Answers, field: str) -> Any:
    """The answer given to `field`, or None."""
    section, name = field.split(".", 1)
    return answers.get(section, {}).get(name)


def with_placeholders(answers: Answers) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The answers with placeholders for the missing required fields, and the placeholders used.

    The placeholders cannot raise the level on their own (`PLACEHOLDERS`, tested), so a warning sign answered
    before the required fields can still be assessed; the result must say what was assumed.
    """
    completed = {section: dict(values) for section, values in answers.items()}
    assumed: dict[str, Any] = {}
    for path, value in PLACEHOLDERS.items():
        section, name = path.split(".", 1)
        if name not in completed.get(section, {}):
            completed.setdefault(section, {})[name] = value
            assumed[path] = value
    return completed, assumed


def shows_emergency(kb: KnowledgeBase, answers: Answers) -> bool:
    """Whether the answers so far already make the check an emergency (so no more questions are asked).

    Missing required fields take placeholders (`with_placeholders`), so a warning sign answered before them
    still counts.
    """
    completed, _ = with_placeholders(answers)
    try:
        return assess(completed, knowledge=kb).level == "emergency"
    except InputError:
        return False


@dataclass(frozen=True, slots=True)
class Step:
    """One group of questions to ask together: positions `start` to `end` (exclusive) of the interview."""

    group: str
    questions: tuple[Question, ...]
    start: int
    end: int


def next_step(
    kb: KnowledgeBase, answers: Answers, position: int, *, given: Collection[str] = ()
) -> Step | None:
    """The next questions to ask from `position` on, all of one group; None when none is left to ask.

    Questions are taken in `interview_order`. A question in `given` (answered already, e.g. from a
    description) is passed over; a question whose `ask_when` is false on the answers so far is skipped; a
    step ends at the group's end or at a question that cannot be decided yet, so that each question is judged
    on every answer before it, exactly as when asking one by one.
    """
    order = interview_order(kb)
    index = max(position, 0)
    while index < len(order):
        question = order[index]
        if question.id not in given and should_ask(kb, question, answers):
            break
        index += 1
    else:
        return None
    first = order[index]
    chosen = [first]
    end = index + 1
    while end < len(order) and order[end].group == first.group:
        question = order[end]
        if question.id not in given:
            if not should_ask(kb, question, answers):
                break
            chosen.append(question)
        end += 1
    return Step(first.group, tuple(chosen), index, end)


def position_of(kb: KnowledgeBase, field: str) -> int:
    """Where the question for `field` comes in the interview order (past the end when there is none)."""
    for index, question in enumerate(interview_order(kb)):
        if question.id == field:
            return index
    return len(interview_order(kb))


def answers_before(
    kb: KnowledgeBase, answers: Answers, position: int, *, given: Collection[str] = ()
) -> dict[str, dict[str, Any]]:
    """The answers without those to questions at `position` or later (except `given` ones), for going back."""
    kept: dict[str, dict[str, Any]] = {section: dict(values) for section, values in answers.items()}
    for question in interview_order(kb)[position:]:
        if question.id not in given:
            kept = with_answer(kept, question.id, None)
    return kept


def _parse_bool(question: Question, text: str) -> bool:
    word = text.lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    if question.options:
        value = _parse_option(list(question.options), text)
        if isinstance(value, bool):
            return value
    raise AnswerError("answer y (yes) or n (no), or press Enter if you don't know")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _parse_number(text: str) -> float:
    # "3,000" and "1,200.5" use thousands separators; any other single comma is a decimal comma ("1,5").
    if _THOUSANDS.match(text):
        cleaned = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        cleaned = text.replace(",", ".")
    else:
        cleaned = text
    try:
        number = float(cleaned)
    except ValueError:
        raise AnswerError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise AnswerError(f"{text!r} is not a number")
    return number


def _parse_option(options: Sequence[Option], text: str) -> str | bool:
    word = text.strip().lower()
    if word.isdigit() and 1 <= int(word) <= len(options):
        return options[int(word) - 1].value
    for option in options:
        if word in (str(option.value).lower(), option.label.lower()):
            return option.value
    choices = ", ".join(f"{number} ({option.label})" for number, option in enumerate(options, start=1))
    raise AnswerError(f"{text!r} is not one of the choices: {choices}")


def region_names(kb: KnowledgeBase) -> Mapping[str, str]:
    """Every name a body part goes by (id, label, everyday names), lower-case, to its region id."""
    names: dict[str, str] = {}
    for region_id, info in kb.regions.items():
        for name in (region_id, region_id.replace("_", " "), info.label, *info.everyday_names):
            names.setdefault(name.lower(), region_id)
    return names


def _parse_region(kb: KnowledgeBase, text: str) -> str:
    names = region_names(kb)
    word = " ".join(text.lower().split())
    region = names.get(word) or names.get(word.removeprefix("my ").removeprefix("the "))
    if region is None:
        known = ", ".join(kb.regions)
        raise AnswerError(f"{text!r} is not a body part I know; use one of: {known}")
    return region


def _split(text: str) -> list[str]:
    for separator in _SEPARATORS:
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
