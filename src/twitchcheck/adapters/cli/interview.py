"""The interactive check: ask the knowledge base's questions and build a report from the answers (a run of
yes/no questions of one group, such as the warning signs, as one checklist).

Every question, its help and its options come from the knowledge base; this module only reads answers.
A skipped question leaves its field absent (unknown), never "no".
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.text import Text

from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.understood import understood_lines
from twitchcheck.core.errors import InputError
from twitchcheck.core.report import REQUIRED_FIELDS
from twitchcheck.engine.answers import (
    AnswerError,
    answer_options,
    check_answer,
    parse_answer,
    with_placeholders,
)
from twitchcheck.engine.questions import interview_order, is_assessable, should_ask
from twitchcheck.journal.events import local_zone
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question
from twitchcheck.services import entries
from twitchcheck.services.followup import follow_up_questions, uncertain_warning_signs, with_answers
from twitchcheck.services.text_checks import read_text
from twitchcheck.services.understood import field_words, value_words
from twitchcheck.text.model import Understanding

__all__ = ["AnswerError", "Interviewed", "check_answer", "interview", "interview_check", "parse_answer"]

Report = dict[str, dict[str, Any]]
ReadLine = Callable[[], str | None]


class InputEnded(Exception):
    """Stdin ended before a required question was answered."""


class Finished(InputEnded):
    """The person typed `done`: the questions left stay unanswered (once the required ones are in)."""


_DONE = ("done", "finish", "stop")


def read_stdin_line() -> str | None:
    """One line from stdin without its newline; None at the end of input."""
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


DESCRIBE_PROMPT = "Describe what's happening in your own words (or press Enter to answer questions)"


@dataclass
class Interviewed:
    """What the interview gathered: the answers (shaped like a report) and, when it started from a
    description, what the description was understood as, with the answers to the follow-up questions."""

    report: Report
    understanding: Understanding | None = None


def interview(
    kb: KnowledgeBase,
    *,
    console: Console,
    read_line: ReadLine,
    is_emergency: Callable[[Report], bool],
    describe: bool = False,
    now: datetime | None = None,
) -> Report:
    """Ask the questions in order and return the report built from the answers (see `interview_check`)."""
    return interview_check(
        kb, console=console, read_line=read_line, is_emergency=is_emergency, describe=describe, now=now
    ).report


def interview_check(
    kb: KnowledgeBase,
    *,
    console: Console,
    read_line: ReadLine,
    is_emergency: Callable[[Report], bool],
    describe: bool = False,
    now: datetime | None = None,
) -> Interviewed:
    """Ask the questions in order; the answers, and what a description was understood as.

    With `describe`, it first asks for a description in the person's own words. When that leaves where or
    how long missing, only those are asked, and the one confirming question for each warning sign it
    mentioned uncertainly; a complete description gets its confirming questions, then the questions it left
    unanswered. A question is skipped when its `ask_when` is false on the answers so far (unknown: it is
    asked). As soon as an answer makes `is_emergency(report)` true, no more questions are asked.
    """
    moment = now if now is not None else datetime.now(local_zone())
    questions = interview_order(kb)
    missing = [field for field in REQUIRED_FIELDS if field not in {question.id for question in questions}]
    if missing:
        raise CliError(
            f"the knowledge base has no question for {', '.join(missing)}; give a report with --input instead"
        )
    report: Report = {}
    understanding: Understanding | None = None
    if describe:
        understanding = described(console=console, read_line=read_line, now=moment)
        report = _fields(understanding) if understanding else {}
        completed, assumed = with_placeholders(report)
        asks = follow_up_questions(kb, understanding) if understanding is not None else ()
        confirming = understanding is not None and bool(uncertain_warning_signs(kb, understanding)) and asks
        if report and is_emergency(completed) and not confirming:
            console.print(Text("No more questions: here is the result.", style="bold"))
            for path, value in assumed.items():
                console.print(
                    Text(
                        f"(assumed {field_words(path)}: {value_words(path, value)} only to assess "
                        "the warning sign you described)",
                        style="dim",
                    )
                )
            return Interviewed(completed, understanding)
    if understanding is not None and (understanding.fields or understanding.outside):
        incomplete = bool(understanding.missing)
        answers = _follow_up(
            kb, understanding, console=console, read_line=read_line, now=moment, is_emergency=is_emergency
        )
        understanding = with_answers(understanding, answers)
        report = _fields(understanding)
        if incomplete or (is_assessable(report) and is_emergency(report)):
            return Interviewed(report, understanding)
    console.print(
        Text(
            "Answer what you can. Press Enter to skip a question you don't know; type 'done' to finish "
            "with the rest unanswered.",
            style="bold",
        )
    )
    group: str | None = None
    done: set[str] = set()
    for index, question in enumerate(questions):
        section, name = question.id.split(".", 1)
        if name in report.get(section, {}) or question.id in done:
            continue  # understood from the description, or answered in a checklist
        if should_ask(kb, question, report):
            if question.group != group:
                group = question.group
                console.print()
                console.print(Text(group.replace("_", " ").capitalize(), style="bold underline"))
            listed = _checklist(kb, questions[index:], report, done)
            try:
                if len(listed) >= CHECKLIST_MIN:
                    done.update(item.id for item in listed)
                    answers = ask_checklist(listed, console=console, read_line=read_line)
                else:
                    value = ask(question, kb, report, console=console, read_line=read_line, now=moment)
                    answers = {} if value is _SKIPPED else {question.id: value}
            except InputEnded as ended:
                if is_assessable(report):
                    why = "Done" if isinstance(ended, Finished) else "End of input"
                    console.print(Text(f"({why}: the remaining questions stay unanswered.)", style="dim"))
                    return Interviewed(report, _with(understanding, report))
                raise CliError(f"input ended before {question.id} was answered") from None
            for field, value in answers.items():
                section, name = field.split(".", 1)
                report.setdefault(section, {})[name] = value
            if answers and is_assessable(report) and is_emergency(report):
                console.print(Text("No more questions: here is the result.", style="bold"))
                return Interviewed(report, _with(understanding, report))
    return Interviewed(report, _with(understanding, report))


CHECKLIST_MIN = 3
"""Yes/no questions in a row, in one group, asked as one checklist (the warning signs: about 20 prompts
would otherwise come one by one, as the web's steps do not)."""


def _checklist(
    kb: KnowledgeBase, following: Sequence[Question], report: Report, done: set[str]
) -> list[Question]:
    """The run of yes/no questions of one group starting at `following[0]` that are to be asked now."""
    first = following[0]
    run: list[Question] = []
    for question in following:
        if question.group != first.group:
            break
        section, name = question.id.split(".", 1)
        if name in report.get(section, {}) or question.id in done or not should_ask(kb, question, report):
            continue
        if question.answer != "bool" or question.id in REQUIRED_FIELDS:
            break
        run.append(question)
    return run


def ask_checklist(questions: list[Question], *, console: Console, read_line: ReadLine) -> dict[str, bool]:
    """Ask several yes/no questions at once: the numbers typed are yes, `none` makes every one no, Enter
    leaves every one unknown (never "no"), `?` shows why each matters."""
    console.print()
    console.print(Text("Do you have any of these?", style="bold"))
    for number, question in enumerate(questions, start=1):
        console.print(Text(f"  {number}. {question.prompt}"))
    console.print(
        Text(
            "Type the numbers of those you have (e.g. 2, 5), 'none' if you have none of them, or Enter if "
            "you don't know; '?' says why each matters.",
            style="dim",
        )
    )
    while True:
        console.print(Text("> "), end="")
        line = read_line()
        if line is None:
            console.print()
            raise InputEnded
        text = line.strip().lower()
        if not text:
            return {}
        if text in _DONE:
            raise Finished
        if text in ("none", "no", "n", "0", "none of them"):
            return {question.id: False for question in questions}
        if text == "?":
            for number, question in enumerate(questions, start=1):
                console.print(Text(f"  {number}. {question.help}", style="dim"))
            continue
        chosen = _numbers(text, len(questions))
        if chosen is None:
            console.print(
                Text(
                    f"{line.strip()!r}: type numbers from 1 to {len(questions)} (e.g. 2, 5), 'none', "
                    "or Enter",
                    style="red",
                )
            )
            continue
        return {questions[number - 1].id: True for number in chosen}


def _numbers(text: str, most: int) -> list[int] | None:
    """The numbers of `text` ("2, 5", "2 5"), each from 1 to `most`; None when anything else is there."""
    parts = text.replace(",", " ").split()
    if not parts or not all(part.isdigit() and 1 <= int(part) <= most for part in parts):
        return None
    return sorted({int(part) for part in parts})


def _with(understanding: Understanding | None, report: Report) -> Understanding | None:
    """The understanding with the interview's later answers added (as the person's own)."""
    if understanding is None:
        return None
    given = {f"{section}.{name}" for section, values in understanding.fields.items() for name in values}
    extra = {
        f"{s}.{n}": v for s, values in report.items() for n, v in values.items() if f"{s}.{n}" not in given
    }
    return with_answers(understanding, extra) if extra else understanding


def _fields(understanding: Understanding) -> Report:
    return {section: dict(values) for section, values in understanding.fields.items()}


def _follow_up(
    kb: KnowledgeBase,
    understanding: Understanding,
    *,
    console: Console,
    read_line: ReadLine,
    now: datetime,
    is_emergency: Callable[[Report], bool],
) -> dict[str, Any]:
    """Ask what the description left missing and confirm its uncertain warning signs; the answers."""
    questions = follow_up_questions(kb, understanding)
    answers: dict[str, Any] = {}
    if not questions:
        return answers
    if understanding.missing:
        console.print(Text("Just what your words left out:", style="bold"))
    report = _fields(understanding)
    for question in questions:
        confirming = question.id not in REQUIRED_FIELDS
        if confirming:
            console.print()
            console.print(
                Text(
                    "You mentioned this with some doubt; when in doubt it counts (Enter keeps it that way).",
                    style="yellow",
                )
            )
        try:
            value = ask(question, kb, report, console=console, read_line=read_line, now=now)
        except InputEnded:
            if question.id in REQUIRED_FIELDS:
                raise CliError(f"input ended before {question.id} was answered") from None
            break
        if value is not _SKIPPED:
            answers[question.id] = value
            section, name = question.id.split(".", 1)
            report.setdefault(section, {})[name] = value
        if confirming and value is not False and is_emergency(with_placeholders(report)[0]):
            console.print(Text("No more questions: here is the result.", style="bold"))
            break
    return answers


def described(*, console: Console, read_line: ReadLine, now: datetime) -> Understanding | None:
    """What a free-text description was understood as (None if the person pressed Enter)."""
    console.print(Text(DESCRIBE_PROMPT, style="bold"))
    console.print(Text("> "), end="")
    line = read_line()
    if line is None or not line.strip():
        return None
    try:
        understanding = read_text(line, now=now)
    except InputError as error:
        console.print(Text(f"{error}; answer the questions instead.", style="yellow"))
        return None
    console.print(Text("Understood:", style="bold"))
    for understood in understood_lines(understanding):
        console.print(Text("  ").append(understood))
    return understanding


class _Skipped:
    def __repr__(self) -> str:
        return "<skipped>"


_SKIPPED: Any = _Skipped()


def ask(
    question: Question,
    kb: KnowledgeBase,
    report: Report,
    *,
    console: Console,
    read_line: ReadLine,
    now: datetime | None = None,
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
        if text.lower() in _DONE and not required:
            raise Finished
        try:
            value = entries.parse_answer(question, text, kb, now or datetime.now(local_zone()))
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
    elif (question.unit or "") in entries.TIME_UNITS:
        hint = f"e.g. 3, '4 days', 'since Tuesday' (in {question.unit})"
        return hint + (", required" if required else ", Enter: don't know")
    else:
        hint = "a number"
    if question.unit:
        hint += f" ({question.unit})"
    return hint + (", required" if required else ", Enter: don't know")
