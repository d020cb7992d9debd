"""Assess what free text was understood as, with the safety rule for incomplete descriptions.

A description that names no twitch location or duration cannot be assessed as it stands. But a warning sign
must never be lost because the location is missing: the report is then completed with placeholders that
cannot raise the level by themselves (`engine.answers.PLACEHOLDERS`, tested), assessed, and the result is kept
only if the understood answers raised it. The result says which values were assumed.

Then the second opinion (`text.resemblance`): where the description, read as a whole, is like others that
needed a higher level than the rules gave, the level rises to it, through the knowledge base's
`safety_net/reads_like_<level>` sign, which says why. It never lowers anything. For a description missing
where or how long, only an urgent or emergency second opinion gives a result; otherwise the person is asked.
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
from twitchcheck.report import LEVELS
from twitchcheck.text.model import Understanding
from twitchcheck.text.resemblance import SIGN_PREFIX, Resemblance, resemblance

__all__ = ["PLACEHOLDERS", "NotUnderstood", "TextAssessment", "assess_understanding"]


@dataclass(frozen=True)
class TextAssessment:
    """An assessment of free text, with what was understood and what had to be assumed."""

    understanding: Understanding
    assessment: Assessment
    assumed: dict[str, Any] = field(default_factory=dict)
    uncertain_escalations: list[str] = field(default_factory=list)
    """Fields set only by an uncertain mention that raised the level (a red flag or warning rests on them)."""
    second_opinion: Resemblance | None = None
    """The second opinion, when it raised the level (its sign is among the assessment's warnings)."""

    def to_contract(self) -> dict[str, Any]:
        """The assessment contract, plus `understood`: the report, the notes and what was assumed."""
        contract = self.assessment.to_contract()
        understood = self.understanding.to_json()
        understood["assumed"] = dict(self.assumed)
        understood["uncertain_escalations"] = list(self.uncertain_escalations)
        if self.second_opinion is not None:
            understood["second_opinion"] = {
                "level": self.second_opinion.level,
                "chances": {level: round(p, 3) for level, p in self.second_opinion.chances.items()},
                "words": list(self.second_opinion.words),
            }
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
    second_opinion: bool = True,
) -> TextAssessment:
    """Assess an understood description; NotUnderstood if it lacks required fields and has no warning sign.

    `second_opinion=False` leaves out `text.resemblance` (the rules alone, as measured in bench/README.md).
    """
    opinion = resemblance(understanding.text) if second_opinion else None
    signs = list(understanding.outside_signs)
    assumed: dict[str, Any] = {}
    if understanding.report is not None:
        report: Any = understanding.report
    else:
        assumed = {path: value for path, value in PLACEHOLDERS.items() if path in understanding.missing}
        report = {section: dict(values) for section, values in understanding.fields.items()}
        for path, value in assumed.items():
            section, name = path.split(".", 1)
            report.setdefault(section, {})[name] = value

    def run(extra: list[str]) -> Assessment:
        return assess(
            report,
            knowledge=knowledge,
            now=now,
            emergency_number=emergency_number,
            history=history,
            outside_signs=[*signs, *extra],
        )

    try:
        result = run([])
    except InputError:
        if assumed:
            raise NotUnderstood(understanding) from None
        raise
    raised: Resemblance | None = None
    if (
        opinion is not None
        and opinion.level is not None
        and _above(opinion.level, result.triage.level)
        and (not assumed or _above(opinion.level, "see_doctor"))
    ):
        result, raised = run([f"{SIGN_PREFIX}{opinion.level}"]), opinion
    if assumed and not (result.red_flags or result.warnings):
        raise NotUnderstood(understanding)
    return TextAssessment(
        understanding, result, assumed, _uncertain_escalations(understanding, result), raised
    )


def _above(level: str, other: str) -> bool:
    """`level` is more urgent than `other` (LEVELS runs from emergency down)."""
    return LEVELS.index(level) < LEVELS.index(other)


def _uncertain_escalations(understanding: Understanding, result: Assessment) -> list[str]:
    uncertain = set(understanding.uncertain_fields)
    fields = {answer.field for flag in (*result.red_flags, *result.warnings) for answer in flag.answers}
    return sorted(uncertain & fields)
