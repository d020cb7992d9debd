"""The reading being built: values by report path with the notes behind them, the words ignored (with why),
and how findings combine (a yes wins over a no, the more serious rank wins, lists collect). Also the final
assembly into report fields, validated by the report model itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from twitchcheck.errors import problems_from
from twitchcheck.report import REQUIRED_FIELDS, Report
from twitchcheck.text.model import Ignored, Note
from twitchcheck.text.normalise import Span, Text

_WEAKNESS_RANK = {"none": 0, "tiredness": 1, "specific": 2, "progressive": 3}


_FREQUENCY_RANK = {"occasional": 0, "frequent": 1, "constant": 2}


_TREND_RANK = {"improving": 0, "unchanged": 1, "worsening": 2}


RANKS: Mapping[str, Mapping[str, int]] = {
    "symptoms.weakness": _WEAKNESS_RANK,
    "twitch.frequency": _FREQUENCY_RANK,
    "twitch.trend": _TREND_RANK,
}


@dataclass
class Result:
    notes: list[Note] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    outside: list[Note] = field(default_factory=list)
    """Signs outside what twitchcheck assesses (the safety net), one note each."""

    def set(self, path: str, value: Any, note: Note) -> None:
        self.notes.append(note)
        current = self.values.get(path)
        if path == "context.medications":
            self.values[path] = list(dict.fromkeys([*(current or []), value]))
        elif current is None:
            self.values[path] = value
        elif isinstance(value, bool):
            self.values[path] = current or value  # any mention that it happened wins (safety first)
        elif path in RANKS:
            ranks = RANKS[path]
            self.values[path] = max(current, value, key=lambda item: ranks.get(item, -1))
        elif path in ("hydration.urine_color", "twitch.duration_days", "workout.rpe"):
            self.values[path] = max(current, value)
        elif path == "workout.hours_ago":
            # Two workouts told ("hip replaced last March and back to tennis on Monday"): the report's workout
            # is the latest one, whatever order they are told in.
            self.values[path] = min(current, value)


def note(
    text: Text, path: str, value: Any, span: Span, *, negated: bool = False, uncertain: bool = False,
    detail: str | None = None,
) -> Note:  # fmt: skip
    return Note(
        field=path, value=value, words=text.words(span), start=span[0], end=span[1],
        negated=negated, uncertain=uncertain, detail=detail,
    )  # fmt: skip


def add_regions(result: Result, path: str, regions: Sequence[str]) -> None:
    current = result.values.get(path) or []
    result.values[path] = list(dict.fromkeys([*current, *regions]))


def assemble(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for path, value in sorted(values.items()):
        section, name = path.split(".", 1)
        fields.setdefault(section, {})[name] = value
    return fields


def validated(values: dict[str, Any], result: Result) -> tuple[dict[str, dict[str, Any]], Report | None]:
    """The fields, without any the report format refuses (each named in a warning); the Report if complete."""
    for _ in range(len(values) + 1):
        fields = assemble(values)
        probe = {**fields, "twitch": {"regions": ["calf"], "duration_days": 0, **fields.get("twitch", {})}}
        try:
            Report.model_validate(probe)
        except ValidationError as error:
            bad = {problem.field.split("[")[0] for problem in problems_from(error)}
            dropped = [path for path in values if path in bad]
            if not dropped:
                break
            for path in dropped:
                result.warnings.append(
                    f"{path}: understood {values.pop(path)!r}, which the report format refuses"
                )
            continue
        break
    fields = assemble(values)
    if all(path in values for path in REQUIRED_FIELDS):
        return fields, Report.model_validate(fields)
    return fields, None


SUMMED = frozenset({"stimulants.caffeine_mg", "hydration.fluid_ml"})


def merge(into: Result, part: Result, offset: int) -> None:
    """Add one piece's findings (offsets shifted to the whole text)."""
    into.warnings += part.warnings
    into.notes += [
        note.model_copy(update={"start": note.start + offset, "end": note.end + offset})
        for note in part.notes
    ]
    into.ignored += [
        item.model_copy(update={"start": item.start + offset, "end": item.end + offset})
        for item in part.ignored
    ]
    known = {note.field for note in into.outside}
    into.outside += [
        note.model_copy(update={"start": note.start + offset, "end": note.end + offset})
        for note in part.outside
        if note.field not in known
    ]
    for path, value in part.values.items():
        current = into.values.get(path)
        if current is None:
            into.values[path] = value
        elif path in SUMMED:
            into.values[path] = round(current + value, 1)
        elif isinstance(value, list):
            into.values[path] = list(dict.fromkeys([*current, *value]))
        elif isinstance(value, bool):
            into.values[path] = current or value
        elif path in RANKS:
            ranks = RANKS[path]
            into.values[path] = max(current, value, key=lambda item: ranks.get(item, -1))
        elif path in ("hydration.urine_color", "twitch.duration_days", "workout.rpe"):
            into.values[path] = max(current, value)


def worked_spans(result: Result) -> list[Span]:
    return [(note.start, note.end) for note in result.notes if note.field == "workout.worked_regions"]
