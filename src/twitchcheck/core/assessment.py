"""The assessment: the `twitchcheck/assessment/2` contract, extended.

`Assessment.model_dump(mode="json")` validates against `assessment-2.schema.json` (and, when none of
version 2's new red-flag ids is among its red flags, against version 1's `assessment.schema.json` too).
Fields beyond the contract's minimum are additions (the contract allows them); none of the contract's
fields is renamed or removed.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from twitchcheck.core.report import Level
from twitchcheck.core.words import citation

ASSESSMENT_SCHEMA_ID: Final = "twitchcheck/assessment/2"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Triage(_Out):
    level: Level
    summary: str = Field(description="Why this level, in a few sentences.")
    headline: str = Field(description="What the level means for the person: what to do and how soon.")


class Answer(_Out):
    """A report answer that set off a red flag, or a figure computed from the answers."""

    field: str
    value: Any


RedFlagId = Literal[
    "persistent", "widespread", "weakness", "muscle_wasting", "bulbar", "breathing",
    "stroke", "chest_pain", "rhabdomyolysis", "hyponatremia", "heat_illness",
    # Version 2: the exercise emergencies beyond the seed.
    "cardiac", "compartment_syndrome", "exertional_sickling", "thunderclap_headache", "serotonin_toxicity",
    "tetany",
]  # fmt: skip
"""The contract's red-flag ids (the knowledge base must have exactly these: see CONTRACT_RED_FLAGS)."""


class Finding(_Out):
    """A red flag or warning sign that fired: why, on which answers, what to do."""

    id: str
    title: str
    level: Level
    reason: str
    answers: list[Answer]
    what_to_do: str
    sources: list[str]
    outside_scope: bool = Field(
        default=False,
        description="A sign outside what twitchcheck assesses (the safety net): it escalates, and says so.",
        exclude_if=lambda value: value is False,
    )


class RedFlagFinding(Finding):
    id: RedFlagId


class CauseFinding(_Out):
    id: str
    title: str
    score: float = Field(
        ge=0,
        le=1,
        description="1 - product of (1 - weight) over the signals present; signals of one family count once, "
        "with the largest weight.",
    )
    grade: Literal["high", "moderate", "low", "very_low"]
    grade_note: str
    evidence: list[str]
    signals: list[str] = Field(description="Ids of the signals present (see `kb show CAUSE`).")
    sources: list[str]


class PlanStep(_Out):
    id: str
    title: str
    advice: str
    numbers: dict[str, float] = Field(default_factory=dict, description="The figures in the advice, by name.")
    sources: list[str] = Field(default_factory=list)


class NextQuestion(_Out):
    field: str = Field(description="The report field that would answer it.")
    question: str
    why: str
    could_change: list[str] = Field(
        description="Ids of the red flags or causes that the answer could change."
    )


class SourceRef(_Out):
    id: str
    title: str
    publisher: str
    year: int | None = Field(default=None, exclude_if=lambda year: year is None)
    url: str | None = Field(default=None, exclude_if=lambda url: url is None)  # the contract has no null url

    def citation(self) -> str:
        """Title, publisher and year, without repeating what the title already says."""
        return citation(self.title, self.publisher, self.year)


class PlainAnswer(_Out):
    """The three lines that lead a result, in every door."""

    likely: str = Field(
        description="What this most likely is: the most serious sign that fired, else the top cause."
    )
    do_now: str = Field(description="What to do now: the level's action.")
    more_urgent: str = Field(
        description="Exactly what would make it more urgent (for an emergency: call now)."
    )
    sources: list[str] = Field(default_factory=list)


class Note(_Out):
    """A knowledge-base note shown with a result (the ALS/MND worry, when nothing argues against it)."""

    id: str
    title: str
    text: str
    grade: Literal["high", "moderate", "low", "very_low"] | None = Field(
        default=None, exclude_if=lambda grade: grade is None
    )
    grade_note: str | None = Field(default=None, exclude_if=lambda note: note is None)
    sources: list[str]


class HistoryFill(_Out):
    """A report field the journal filled in or raised, with the evidence for it."""

    field: str
    value: Any
    evidence: str


class TrendFinding(_Out):
    """What one analysis of the journal shows, in a sentence and in numbers."""

    id: str
    flagged: bool = Field(description="The finding is a warning sign (it fed the assessment).")
    finding: str
    numbers: dict[str, Any] = Field(default_factory=dict)


class HistoryPart(_Out):
    """How the journal took part in an assessment."""

    as_of: str
    events: int = Field(description="Journal events logged by `as_of`.")
    filled: list[HistoryFill]
    trends: list[TrendFinding]


class Assessment(_Out):
    """The outcome of `assess()`: triage, red flags, ranked causes, plan, sources, disclaimer."""

    schema_id: Literal["twitchcheck/assessment/1", "twitchcheck/assessment/2"] = Field(
        default=ASSESSMENT_SCHEMA_ID, alias="schema"
    )
    triage: Triage
    red_flags: list[RedFlagFinding]
    warnings: list[Finding] = Field(
        default_factory=list,
        description="Signs that raise the level like red flags but are not among the contract's red-flag ids "
        "(for example a toxic caffeine intake).",
    )
    causes: list[CauseFinding]
    plan: list[PlanStep] = Field(min_length=1)
    next_questions: list[NextQuestion]
    figures: dict[str, float] = Field(description="Figures computed from the report (the `calc.` facts).")
    sources: list[SourceRef]
    disclaimer: str
    assessed_at: str | None = Field(
        default=None,
        description="When the assessment was made, if `now` was given.",
        exclude_if=lambda stamp: stamp is None,
    )

    history: HistoryPart | None = Field(
        default=None,
        description="What the journal added, when the assessment was made with one (`history=`).",
        exclude_if=lambda part: part is None,
    )
    answer: PlainAnswer | None = Field(
        default=None,
        description="The plain answer first: what this most likely is, what to do now, what would make it "
        "more urgent.",
        exclude_if=lambda answer: answer is None,
    )
    notes: list[Note] = Field(
        default_factory=list,
        description="Knowledge-base notes for this result (never with a red flag).",
        exclude_if=lambda notes: not notes,
    )

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    @property
    def level(self) -> Level:
        """The triage level."""
        return self.triage.level

    def to_contract(self) -> dict[str, Any]:
        """The assessment as contract JSON."""
        return self.model_dump(mode="json", by_alias=True)
