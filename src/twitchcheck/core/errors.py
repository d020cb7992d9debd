"""Errors a user can act on: each names the field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from twitchcheck.core.words import counted

_MESSAGES = {
    "extra_forbidden": "unknown field (not in the {what} format)",
    "missing": "required field is missing",
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One bad field: its path (like `twitch.regions[1]`) and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InputError(ValueError):
    """Input that cannot be used; `problems` names every bad field."""

    def __init__(self, problems: Sequence[FieldProblem], what: str = "report") -> None:
        self.problems = list(problems)
        self.what = what
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid {what}: {counted(len(self.problems), 'problem')}\n{lines}")


def field_path(loc: Sequence[int | str]) -> str:
    """`('twitch', 'regions', 1)` -> `twitch.regions[1]`; the report root is `(report)`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(report)"


def problems_from(error: ValidationError, what: str = "report") -> list[FieldProblem]:
    """Every problem in a pydantic ValidationError, with its field path."""
    problems: list[FieldProblem] = []
    for item in error.errors(include_url=False):
        loc = [part for part in item["loc"] if not (isinstance(part, str) and "[" in part)]  # drop union tags
        message = (
            _MESSAGES.get(item["type"], item["msg"]).replace("{what}", what).removeprefix("Value error, ")
        )
        if item["type"] not in _MESSAGES and "input" in item and not isinstance(item["input"], dict | list):
            message = f"{message} (got {_short(item['input'])})"
        problems.append(FieldProblem(field_path(loc), message))
    return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
