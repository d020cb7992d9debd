"""Assess what free text was understood as, with the safety rule for incomplete descriptions.

A description that names no twitch location or duration cannot be assessed as it stands. But a warning sign
must never be lost because the location is missing: the report is then completed with placeholders that
cannot raise the level by themselves (`engine.answers.PLACEHOLDERS`, tested), assessed, and the result is kept
only if the understood answers raised it. The result says which values were assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from twitchcheck.core.assessment import Assessment
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.engine import assess
from twitchcheck.engine.answers import PLACEHOLDERS
from twitchcheck.engine.history import HistoryFacts
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.text.model import Understanding

__all__ = ["PLACEHOLDERS", "NotUnderstood", "TextAssessment", "assess_understanding"]


@dataclass(frozen=True)
class TextAssessment:
    """An assessment of free text, with what was understood and what had to be assumed."""

    understanding: Understanding
    assessment: Assessment
    assumed: dict[str, Any] = field(default_factory=dict)
    uncertain_escalations: list[str] = field(default_factory=list)
    """Fields set only by an uncertain mention that raised the level (a red flag or warning rests on them)."""

    def to_contract(self) -> dict[str, Any]:
        """The assessment contract, plus `understood`: the report, the notes and what was assumed."""
        contract = self.assessment.to_contract()
        understood = self.understanding.to_json()
        understood["assumed"] = dict(self.assumed)
        understood["uncertain_escalations"] = list(self.uncertain_escalations)
        contract["understood"] = understood
        return contract


class NotUnderstood(InputError):
    """Free text that cannot be assessed: required fields missing and no warning sign understood."""

    def __init__(self, understanding: Understanding) -> None:
        self.understanding = understanding
        if understanding.warnings and understanding.warnings[0] in (
            "no text",
            "could not understand any twitch description",
        ):
            problems = [FieldProblem("(text)", understanding.warnings[0])]
        else:
            problems = [FieldProblem(path, "not understood from the text") for path in understanding.missing]
        super().__init__(problems, what="description")


def assess_understanding(
    understanding: Understanding,
    *,
    knowledge: KnowledgeBase | None = None,
    now: datetime | None = None,
    history: HistoryFacts | None = None,
    emergency_number: str | None = None,
) -> TextAssessment:
    """Assess an understood description; NotUnderstood if it lacks required fields and has no warning sign."""
    signs = understanding.outside_signs
    if understanding.report is not None:
        result = assess(
            understanding.report,
            knowledge=knowledge,
            now=now,
            emergency_number=emergency_number,
            history=history,
            outside_signs=signs,
        )
        return TextAssessment(understanding, result, {}, _uncertain_escalations(understanding, result))
    assumed = {path: value for path, value in PLACEHOLDERS.items() if path in understanding.missing}
    report = {section: dict(values) for section, values in understanding.fields.items()}
    for path, value in assumed.items():
        section, name = path.split(".", 1)
        report.setdefault(section, {})[name] = value
    try:
        result = assess(
            report,
            knowledge=knowledge,
            now=now,
            emergency_number=emergency_number,
            history=history,
            outside_signs=signs,
        )
    except InputError:
        raise NotUnderstood(understanding) from None
    if not (result.red_flags or result.warnings):
        raise NotUnderstood(understanding)
    return TextAssessment(understanding, result, assumed, _uncertain_escalations(understanding, result))


def _uncertain_escalations(understanding: Understanding, result: Assessment) -> list[str]:
    uncertain = set(understanding.uncertain_fields)
    fields = {answer.field for flag in (*result.red_flags, *result.warnings) for answer in flag.answers}
    return sorted(uncertain & fields)
