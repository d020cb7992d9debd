"""What a description was understood as, laid out neutrally: plain lines that the CLI (Rich) and the pages
(Jinja) both render, so that both say the same, and neither imports the other's renderer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: the card's `format_value` needs no free-text reader (status's start-up)
    from twitchcheck.text.model import Understanding

_FIELD_WORDS: Mapping[str, str] = {
    "twitch.regions": "where it twitches",
    "twitch.duration_days": "how long it has lasted",
    "twitch.started": "when it started",
    "workout.worked_regions": "muscles worked",
    "workout.hours_ago": "how long ago the workout was",
}


def field_words(path: str) -> str:
    """A report field (or a safety-net sign) in words: `symptoms.dark_urine` -> "dark urine"."""
    if path in _FIELD_WORDS:
        return _FIELD_WORDS[path]
    return path.rsplit(".", 1)[-1].replace("_", " ")


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


@dataclass(frozen=True, slots=True)
class FieldLine:
    """One field understood: its path, its value as said, the words behind it, and whether it is uncertain."""

    path: str
    value: str
    words: tuple[str, ...]
    uncertain: bool

    @property
    def text(self) -> str:
        line = f"{self.path} = {self.value}"
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
    """(field, value) placeholders assumed only to assess a warning sign."""
    escalations: tuple[str, ...]
    """Fields set only by an uncertain mention that raised the level."""

    @property
    def lines(self) -> list[str]:
        """Every line, as plain text: the fields, what was not counted, the warnings."""
        return [*(line.text for line in self.fields), *(line.text for line in self.not_used), *self.warnings]


def understood_view(
    understanding: Understanding,
    *,
    assumed: Mapping[str, Any] | None = None,
    escalations: Sequence[str] = (),
) -> UnderstoodView:
    """The neutral layout of what `understanding` says (and, after an assessment, what it assumed)."""
    words: dict[str, list[str]] = defaultdict(list)
    for note in understanding.notes:
        words[note.field].append(repr(note.words))
    uncertain = set(understanding.uncertain_fields)
    fields = tuple(
        FieldLine(
            f"{section}.{name}",
            format_value(value),
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
        tuple(field_words(path) for path in understanding.missing),
        tuple((path, format_value(value)) for path, value in (assumed or {}).items()),
        tuple(escalations),
    )


__all__ = ["FieldLine", "NotUsedLine", "UnderstoodView", "field_words", "format_value", "understood_view"]
