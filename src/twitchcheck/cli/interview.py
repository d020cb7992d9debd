"""The interactive check: ask the knowledge base's questions one by one and build a report from the answers.

Every question, its help and its options come from the knowledge base; this module only reads answers.
A skipped question leaves its field absent (unknown), never "no".
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from twitchcheck.cli.errors import CliError
from twitchcheck.engine.questions import interview_order, is_assessable, should_ask
from twitchcheck.errors import InputError
from twitchcheck.facts import FACTS
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Option, Question
from twitchcheck.report import REQUIRED_FIELDS, parse_report

_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})
_NONE = frozenset({"none", "nothing"})
_SEPARATORS = (";", " and ", "/")

Report = dict[str, dict[str, Any]]
ReadLine = Callable[[], str | None]


class AnswerError(ValueError):
    """An answer that does not fit the question; the message says what would."""


class InputEnded(Exception):
    """Stdin ended before a required question was answered."""


def read_stdin_line() -> str | None:
    """One line from stdin without its newline; None at the end of input."""
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


DESCRIBE_PROMPT = "Describe what's happening in your own words (or press Enter to answer questions)"


def interview(
    kb: KnowledgeBase,
    *,
    console: Console,
    read_line: ReadLine,
    is_emergency: Callable[[Report], bool],
    describe: bool = False,
) -> Report:
    """Ask the questions in order and return the report built from the answers.

    With `describe`, it first asks for a description in the person's own words and asks only the questions
    that left unanswered. A question is skipped when its `ask_when` is false on the answers so far
    (unknown: it is asked). As soon as an answer makes `is_emergency(report)` true, no more questions are
    asked: the result comes first.
    """
    questions = interview_order(kb)
    missing = [field for field in REQUIRED_FIELDS if field not in {question.id for question in questions}]
    if missing:
        raise CliError(
            f"the knowledge base has no question for {', '.join(missing)}; give a report with --input instead"
        )
    report: Report = {}
    if describe:
        report = described(console=console, read_line=read_line)
        if report and is_emergency(_completed(report)):
            console.print(Text("No more questions: here is the result.", style="bold"))
            for path, value in _assumed(report).items():
                console.print(
                    Text(
                        f"(assumed {path} = {value!r} only to assess the warning sign you described)",
                        style="dim",
                    )
                )
            return _completed(report)
    console.print(Text("Answer what you can. Press Enter to skip a question you don't know.", style="bold"))
    group: str | None = None
    for question in questions:
        section, name = question.id.split(".", 1)
        if name in report.get(section, {}):
            continue  # understood from the description
        if should_ask(kb, question, report):
            if question.group != group:
                group = question.group
                console.print()
                console.print(Text(group.replace("_", " ").capitalize(), style="bold underline"))
            try:
                value = ask(question, kb, report, console=console, read_line=read_line)
            except InputEnded:
                if is_assessable(report):
                    console.print(
                        Text("(End of input: the remaining questions stay unanswered.)", style="dim")
                    )
                    return report
                raise CliError(f"input ended before {question.id} was answered") from None
            if value is not _SKIPPED:
                section, name = question.id.split(".", 1)
                report.setdefault(section, {})[name] = value
                if is_assessable(report) and is_emergency(report):
                    console.print(Text("No more questions: here is the result.", style="bold"))
                    return report
    return report


def described(*, console: Console, read_line: ReadLine) -> Report:
    """The answers understood from a free-text description (empty if the person pressed Enter)."""
    from twitchcheck.cli.understood import understood_lines
    from twitchcheck.text.parse import parse_text

    console.print(Text(DESCRIBE_PROMPT, style="bold"))
    console.print(Text("> "), end="")
    line = read_line()
    if line is None or not line.strip():
        return {}
    try:
        understanding = parse_text(line)
    except InputError as error:
        console.print(Text(f"{error}; answer the questions instead.", style="yellow"))
        return {}
    console.print(Text("Understood:", style="bold"))
    for understood in understood_lines(understanding):
        console.print(Text("  ").append(understood))
    return {section: dict(values) for section, values in understanding.fields.items()}


def _assumed(report: Report) -> dict[str, Any]:
    from twitchcheck.text.assess import PLACEHOLDERS

    return {
        path: value
        for path, value in PLACEHOLDERS.items()
        if path.split(".", 1)[1] not in report.get("twitch", {})
    }


def _completed(report: Report) -> Report:
    """The report with placeholders for missing required fields, for the emergency check (see text.assess)."""
    from twitchcheck.text.assess import PLACEHOLDERS

    completed = {section: dict(values) for section, values in report.items()}
    for path, value in PLACEHOLDERS.items():
        section, name = path.split(".", 1)
        completed.setdefault(section, {}).setdefault(name, value)
    return completed


class _Skipped:
    def __repr__(self) -> str:
        return "<skipped>"


_SKIPPED: Any = _Skipped()


def ask(
    question: Question, kb: KnowledgeBase, report: Report, *, console: Console, read_line: ReadLine
) -> Any:
    """Ask one question until the answer fits; the value, or `_SKIPPED` for Enter on an optional question."""
    required = question.id in REQUIRED_FIELDS
    console.print()
    prompt = Text(question.prompt, style="bold")
    prompt.append(f"  [{_hint(question, required)}]", style="dim")
    console.print(prompt)
    console.print(Text(question.help, style="dim"))
    options = _options(question)
    for number, option in enumerate(options, start=1):
        console.print(Text(f"  {number}. {option.label}"))
    while True:
        console.print(Text("> "), end="")
        line = read_line()
        if line is None:
            console.print()
            raise InputEnded
        text = line.strip()
        if not text:
            if required:
                console.print(
                    Text("This one is needed to assess anything; please answer it.", style="yellow")
                )
                continue
            return _SKIPPED
        try:
            value = parse_answer(question, text, kb)
            check_answer(question, value, report)
        except AnswerError as error:
            console.print(Text(str(error), style="red"))
            continue
        return value


def _hint(question: Question, required: bool) -> str:
    kind = question.answer
    if kind == "bool":
        hint = "y/n"
    elif kind == "choice":
        hint = "a number from the list"
    elif kind == "choices":
        hint = "numbers from the list, comma-separated, or 'none'"
    elif kind == "regions":
        hint = "body parts, comma-separated, e.g. calf, thighs"
    elif kind == "integer":
        hint = "a whole number"
    else:
        hint = "a number"
    if question.unit:
        hint += f" ({question.unit})"
    return hint + (", required" if required else ", Enter: don't know")


def _options(question: Question) -> list[Option]:
    if question.options:
        return list(question.options)
    if question.answer in ("choice", "choices"):
        spec = FACTS.get(question.id)  # no options written: offer the field's own values
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
        return _parse_option(_options(question), text)
    items = _split(text)
    if items and all(item.lower() in _NONE for item in items):
        return []
    if kind == "choices":
        return _unique([_parse_option(_options(question), item) for item in items])
    return _unique([_parse_region(kb, item) for item in items])


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


def _region_names(kb: KnowledgeBase) -> Mapping[str, str]:
    names: dict[str, str] = {}
    for region_id, info in kb.regions.items():
        for name in (region_id, region_id.replace("_", " "), info.label, *info.everyday_names):
            names.setdefault(name.lower(), region_id)
    return names


def _parse_region(kb: KnowledgeBase, text: str) -> str:
    names = _region_names(kb)
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


def check_answer(question: Question, value: Any, report: Report) -> None:
    """Check the value against the report format's bounds for its field; AnswerError naming what is wrong."""
    section, name = question.id.split(".", 1)
    candidate = {**report, section: {**report.get(section, {}), name: value}}
    try:
        parse_report(candidate)
    except InputError as error:
        mine = [p for p in error.problems if p.field == question.id or p.field.startswith(question.id + "[")]
        if mine:
            raise AnswerError("; ".join(problem.message for problem in mine)) from None
