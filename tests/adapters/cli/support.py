"""Helpers for the CLI tests: run the app, flatten a card for matching, script the interview."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from typer.testing import CliRunner, Result

from tests.conftest import REPO
from twitchcheck.adapters.cli import app
from twitchcheck.adapters.cli.interview import interview
from twitchcheck.knowledge.loader import KnowledgeBase

EXAMPLE = REPO / "examples" / "report-leg-day.json"
_FRAME = re.compile(r"[\u2500-\u257f]")  # box-drawing characters of panels and rules


def run(*args: str, stdin: str | None = None, env: Mapping[str, str] | None = None) -> Result:
    """Invoke the app in-process; stdout and stderr are kept apart."""
    return CliRunner(env=dict(env or {})).invoke(app, list(args), input=stdin)


def flat(text: str) -> str:
    """The text with panel frames removed and all whitespace collapsed, so wrapped sentences match."""
    return " ".join(_FRAME.sub(" ", text).split())


def report_file(tmp_path: Path, report: Any, name: str = "report.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


class ScriptedUser:
    """Answers the interview by field: reads which question was asked last and replies ('' skips).

    The lines it gave are kept, so the same session can be replayed through the real CLI on stdin; the
    tests then stay right when the knowledge base adds or reorders questions.
    """

    def __init__(self, kb: KnowledgeBase, answers: Mapping[str, str]) -> None:
        self.answers = dict(answers)
        self.prompts = {question.prompt: question.id for question in kb.questions}
        self.output = io.StringIO()
        self.console = Console(file=self.output, width=10_000, color_system=None)
        self.asked: list[str] = []
        self.lines: list[str] = []
        self._read = 0

    def _checklist(self, shown: str) -> str:
        """A checklist of yes/no questions: the numbers of those answered yes; else `none` when any is
        answered no; else Enter (every one unknown)."""
        listed = re.findall(r"^  (\d+)\. (.+)$", shown.split("Do you have any of these?", 1)[1], re.MULTILINE)
        fields = [(number, self.prompts[prompt]) for number, prompt in listed if prompt in self.prompts]
        self.asked += [field for _, field in fields]
        answers = {field: self.answers.get(field, "").lower() for _, field in fields}
        yes = [number for number, field in fields if answers[field] in ("y", "yes")]
        line = ", ".join(yes) if yes else ("none" if any(v in ("n", "no") for v in answers.values()) else "")
        self.lines.append(line)
        return line

    def read_line(self) -> str | None:
        text = self.output.getvalue()
        new, self._read = text[self._read :], len(text)
        if "Do you have any of these?" in new:
            return self._checklist(new)
        field = max(self.prompts.items(), key=lambda item: text.rfind(item[0]))[1]
        if self.asked.count(field) > 3:
            raise AssertionError(f"{field} asked again and again; the transcript:\n{text}")
        self.asked.append(field)
        line = self.answers.get(field, "")
        self.lines.append(line)
        return line

    def stdin(self) -> str:
        """The session's answers as stdin for `twitchcheck check --interactive`."""
        return "".join(f"{line}\n" for line in self.lines)


def scripted_interview(
    kb: KnowledgeBase, answers: Mapping[str, str], is_emergency: Any = None
) -> tuple[dict[str, dict[str, Any]], ScriptedUser]:
    """Run the interview in-process with scripted answers; the report and the user (with what was asked)."""
    user = ScriptedUser(kb, answers)
    report = interview(
        kb,
        console=user.console,
        read_line=user.read_line,
        is_emergency=is_emergency or (lambda _report: False),
    )
    return report, user
