"""The shape of every knowledge entry, as pydantic models (unknown keys are errors)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from twitchcheck.core.report import Level, Region
from twitchcheck.knowledge.conditions import Condition, parse_condition

Status = Literal["stable", "test", "experimental", "deprecated"]
Grade = Literal["high", "moderate", "low", "very_low"]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]


def _condition(raw: object, info: ValidationInfo) -> Condition:
    if isinstance(raw, Condition):
        return raw
    constants = (info.context or {}).get("constants")  # the loader passes constants.yaml's values
    return parse_condition(raw, constants=constants)


When = Annotated[Condition, BeforeValidator(_condition)]


class _Model(BaseModel):
    # Built on first validation: read back from the start-up cache (knowledge.cache), entries need none.
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, defer_build=True)


class Source(_Model):
    """A publication the knowledge base cites."""

    id: Id
    title: Text
    publisher: Text
    year: int | None = None
    url: str | None = None
    note: str | None = None


class Reference(_Model):
    """A citation: which source, and what it supports in this entry."""

    source: Id
    supports: Text
    secondary: bool = Field(
        default=False, description="Read from a copy of the source, not the source itself."
    )


class Cases(_Model):
    """Reports that must and must not fire an entry (its regression data)."""

    must_fire: list[dict[str, Any]] = []
    must_not_fire: list[dict[str, Any]] = []


class _Entry(_Model):
    id: Id
    status: Status
    title: Text
    summary: Text
    references: Annotated[list[Reference], Field(min_length=1)]


class Trigger(_Model):
    """One way a red flag fires, with the level it sets and why."""

    id: Id
    level: Level
    when: When
    reason: Text


class _Flag(_Entry):
    triggers: Annotated[list[Trigger], Field(min_length=1)]
    what_to_do: Text
    cases: Cases


class RedFlag(_Flag):
    """A red flag of the assessment contract (its id is one of the contract's)."""

    kind: Literal["red_flag"]


class WarningSign(_Flag):
    """A sign that raises the triage level like a red flag but is not one of the contract's red-flag ids;
    assessments report it under `warnings`."""

    kind: Literal["warning"]


Flag = RedFlag | WarningSign


SafetySystem = Literal[
    "neurological", "cardiorespiratory", "allergy", "injury", "abdominal", "genitourinary", "pregnancy",
    "mental_health", "poisoning", "infection", "bleeding", "eye", "metabolic", "skin", "musculoskeletal",
    "unplaced",
]  # fmt: skip
"""`unplaced`: not a body system but the free-text reader's second opinion (`text.resemblance`): a description
that, read as a whole, is like others that needed this level, though no sign in it could be named."""


class SafetyNetSign(_Entry):
    """An alarming feature outside what twitchcheck assesses, from a general triage source: when it is
    described, the result says plainly that this is outside its scope and escalates to the source's level."""

    kind: Literal["safety_net"]
    system: SafetySystem
    level: Literal["emergency", "urgent", "see_doctor"]
    """Never self care: the safety net only ever escalates."""
    what_to_do: Text


class Signal(_Model):
    """A piece of evidence for a cause: when it is present, and how much it adds to the cause's score."""

    id: Id
    when: When
    weight: Annotated[float, Field(gt=0, le=1)]
    evidence: Text
    sources: Annotated[list[Id], Field(min_length=1)]
    family: Id | None = Field(
        default=None,
        description="Signals that measure the same thing (one caffeine intake, one effort rating) share a "
        "family; only the strongest present counts toward the score.",
    )


class Cause(_Entry):
    kind: Literal["cause"]
    grade: Grade
    grade_note: Text
    signals: Annotated[list[Signal], Field(min_length=1)]
    cases: Cases


class Variant(_Model):
    """One wording of a piece of advice: the first variant whose `when` holds and whose numbers are known."""

    when: When | None = None
    text: Text


class Advice(_Entry):
    kind: Literal["advice"]
    priority: Annotated[int, Field(ge=0, le=1000, description="Lower comes first in the plan.")]
    when: When
    variants: Annotated[list[Variant], Field(min_length=1)]
    cases: Cases


class Concept(_Entry):
    kind: Literal["concept"]
    body: Text
    grade: Grade | None = None
    """How strong the evidence for what it says is (a concept shown as a note on a result has one)."""
    grade_note: Text | None = None
    when: When | None = None
    cases: Cases | None = None


class Stretch(_Entry):
    kind: Literal["stretch"]
    regions: Annotated[list[Region], Field(min_length=1)]
    how: Text
    hold_seconds: Annotated[int, Field(ge=5, le=120)]


class LevelText(_Entry):
    kind: Literal["level"]
    level: Level
    headline: Text
    action: Text


class Option(_Model):
    value: str | bool
    label: Text


class Question(_Model):
    """A question the interactive check asks, for one report field."""

    kind: Literal["question"]
    id: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z_]+$", description="The report field it fills.")]
    status: Status
    group: Id
    order: int
    label: Annotated[
        str, Field(min_length=1, max_length=60, description="The field in a few words, as a person reads it.")
    ]
    prompt: Text
    help: Text
    answer: Literal["bool", "choice", "number", "integer", "regions", "choices"]
    unit: str | None = None
    options: list[Option] | None = None
    ask_when: When | None = None
    # When this holds, the question ranks among those whose answer alone could settle its most serious red
    # flag ("after a 4-hour event, are your hands swollen?"), ahead of questions that only could.
    first_when: When | None = None
    references: list[Reference] = []


class ConstantValue(_Model):
    value: float
    unit: Text
    references: Annotated[list[Reference], Field(min_length=1)]


class PlausibleRange(_Model):
    """The values of one journal measurement taken without asking (plausible.yaml); others need a yes."""

    id: Id
    event: Literal["strength_test", "circumference"]
    field: Literal["value", "cm"]
    qualifier: Text
    """The test (strength_test) or the site (circumference) the range is for."""
    unit: Text
    low: float
    high: float
    references: Annotated[list[Reference], Field(min_length=1)]


class Food(_Model):
    id: Id
    name: Text
    portion: Text
    portion_g: Annotated[float, Field(gt=0)]
    potassium_mg_per_100g: Annotated[float, Field(ge=0)]
    magnesium_mg_per_100g: Annotated[float, Field(ge=0)]
    sodium_mg_per_100g: Annotated[float, Field(ge=0)]
    calcium_mg_per_100g: Annotated[float, Field(ge=0)]
    drink: bool = Field(default=False, description="A drink, not a food: never offered after overdrinking.")
    source: Id


class RegionInfo(_Model):
    id: Region
    area: Literal["lower_limb", "upper_limb", "trunk", "head"]
    label: Text
    everyday_names: list[str] = []


class Message(_Model):
    id: Id
    text: Text
    references: list[Reference] = []


CodeSystem = Literal[
    "http://loinc.org",
    "http://snomed.info/sct",
    "http://hl7.org/fhir/sid/icd-10-cm",
    "http://human-phenotype-ontology.org",
]
CODE_PATTERNS: dict[str, str] = {
    "http://loinc.org": r"^[0-9]{1,7}-[0-9]$",
    "http://snomed.info/sct": r"^[1-9][0-9]{5,17}$",
    "http://hl7.org/fhir/sid/icd-10-cm": r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$",
    "http://human-phenotype-ontology.org": r"^HP:[0-9]{7}$",
}
CODE_TARGET_KINDS = ("observation", "symptom", "finding", "red_flag")


class Coding(_Model):
    """One code of a concept in one code system, with the source it was taken from."""

    system: CodeSystem
    code: Text
    display: Text
    source: Id

    @model_validator(mode="after")
    def _code_fits_system(self) -> Coding:
        if not re.fullmatch(CODE_PATTERNS[self.system], self.code):
            raise ValueError(f"{self.code!r} is not a code of {self.system}")
        return self


class CodedConcept(_Model):
    """A concept of codes.yaml: its codings, and what in twitchcheck it codes (`kind.name`)."""

    title: Text
    codings: Annotated[list[Coding], Field(min_length=1)]
    codes_for: Annotated[
        list[Annotated[str, Field(pattern=r"^(observation|symptom|finding|red_flag)\.[a-z][a-z0-9_]*$")]],
        Field(min_length=1),
    ]


Entry = RedFlag | WarningSign | Cause | Advice | Concept | Stretch | LevelText | Question | SafetyNetSign
ENTRY_KINDS: dict[str, type[Entry]] = {
    "red_flag": RedFlag,
    "warning": WarningSign,
    "cause": Cause,
    "advice": Advice,
    "concept": Concept,
    "stretch": Stretch,
    "level": LevelText,
    "question": Question,
    "safety_net": SafetyNetSign,
}
FOLDER_KINDS = {
    "red_flags": "red_flag",
    "warnings": "warning",
    "causes": "cause",
    "advice": "advice",
    "concepts": "concept",
    "stretches": "stretch",
    "levels": "level",
    "questions": "question",
    "safety_net": "safety_net",
}
