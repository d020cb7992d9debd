"""The interactive check: ask the knowledge base's questions one by one and build a report from the answers.

Every question, its help and its options come from the knowledge base; this module only reads answers.
A skipped question leaves its field absent (unknown), never "no".
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.text import Text

from twitchcheck.cli.errors import CliError
from twitchcheck.engine.answers import (
    AnswerError,
    answer_options,
    check_answer,
    parse_answer,
    with_placeholders,
)
from twitchcheck.engine.questions import interview_order, is_assessable, should_ask
from twitchcheck.errors import InputError
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question
from twitchcheck.report import REQUIRED_FIELDS

__all__ = ["AnswerError", "check_answer", "interview", "parse_answer"]

Report = dict[str, dict[str, Any]]
ReadLine = Callable[[], str | None]


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
        completed, assumed = with_placeholders(report)
        if report and is_emergency(completed):
            console.print(Text("No more questions: here is the result.", style="bold"))
            for path, value in assumed.items():
                console.print(
                    Text(
                        f"(assumed {path} = {value!r} only to assess the warning sign you described)",
                        style="dim",
                    )
                )
            return completed
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
    from datetime import datetime

    from twitchcheck.journal.events import local_zone

    try:
        understanding = parse_text(line, now=datetime.now(local_zone()))
    except InputError as error:
        console.print(Text(f"{error}; answer the questions instead.", style="yellow"))
        return {}
    console.print(Text("Understood:", style="bold"))
    for understood in understood_lines(understanding):
        console.print(Text("  ").append(understood))
    return {section: dict(values) for section, values in understanding.fields.items()}


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
    options = answer_options(question)
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
