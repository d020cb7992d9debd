"""What free text was understood as: the report, and for each field the words that produced it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from twitchcheck.report import REQUIRED_FIELDS, Report

MAX_TEXT_CHARS = 100_000
"""Longer text is refused before any parsing (a description is a paragraph, not a file)."""


class Note(BaseModel):
    """One field understood: its contract path, the value, and the exact words (with their offsets)."""

    model_config = ConfigDict(frozen=True)

    field: str
    """Contract path, like `symptoms.trouble_breathing`."""
    value: Any
    words: str
    """The words of the text that produced it, exactly as written."""
    start: int
    end: int
    negated: bool = False
    uncertain: bool = False
    detail: str | None = None
    """How the value was worked out, where that is not obvious ("2 x coffee at 96 mg")."""


class Ignored(BaseModel):
    """Words that looked like a finding but were deliberately not counted, and why."""

    model_config = ConfigDict(frozen=True)

    field: str
    words: str
    start: int
    end: int
    reason: str


class Understanding(BaseModel):
    """What a free-text description was understood as.

    `fields` is everything understood, shaped like a report (contract JSON, possibly without the required
    fields); `report` is the validated report when the required fields were understood, else None.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    fields: dict[str, dict[str, Any]]
    report: Report | None
    notes: list[Note]
    ignored: list[Ignored] = []
    missing: list[str] = []
    """Required fields not understood (`twitch.regions`, `twitch.duration_days`)."""
    warnings: list[str] = []
    outside: list[Note] = []
    """Alarming signs outside what twitchcheck assesses (field `outside.<sign>`): the safety net."""

    @property
    def outside_signs(self) -> list[str]:
        """The safety-net signs understood, by knowledge-base id."""
        return [note.field.removeprefix("outside.") for note in self.outside]

    @property
    def uncertain_fields(self) -> list[str]:
        """Fields set only by an uncertain mention (each is still set: recall first)."""
        sure = {note.field for note in self.notes if not note.uncertain}
        return sorted({note.field for note in self.notes if note.uncertain and note.field not in sure})

    def notes_for(self, field: str) -> list[Note]:
        """The notes behind one field."""
        return [note for note in self.notes if note.field == field]

    def to_json(self) -> dict[str, Any]:
        """As JSON: the report (or the partial fields), notes, ignored words, missing fields, warnings."""
        return {
            "report": self.report.to_contract() if self.report is not None else self.fields,
            "complete": self.report is not None,
            "missing": self.missing,
            "notes": [note.model_dump(mode="json", exclude_none=True) for note in self.notes],
            "ignored": [item.model_dump(mode="json") for item in self.ignored],
            "uncertain": self.uncertain_fields,
            "warnings": self.warnings,
            "outside": [note.model_dump(mode="json", exclude_none=True) for note in self.outside],
        }


__all__ = ["MAX_TEXT_CHARS", "REQUIRED_FIELDS", "Ignored", "Note", "Understanding"]
