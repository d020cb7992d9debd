"""The report a person gives: the `twitchcheck/report/2` contract as pydantic models.

Every field but `twitch.regions` and `twitch.duration_days` is optional, and an absent field means *unknown*,
never "no". Bounds and enums mirror `report-2.schema.json` exactly; a contract test checks the two agree.
Version 2 only adds optional fields and values, so every version-1 report (`report.schema.json`) is read
unchanged; `schema` may name either version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from twitchcheck.core.errors import FieldProblem, InputError, problems_from
from twitchcheck.core.vocabulary import (
    LEVELS,
    REGIONS,
    Frequency,
    Level,
    Medication,
    Region,
    Sex,
    Started,
    Trend,
    TwitchSide,
    Weakness,
    WorkoutKind,
)

REPORT_SCHEMA_ID = "twitchcheck/report/2"
REPORT_SCHEMA_IDS: tuple[str, ...] = ("twitchcheck/report/1", REPORT_SCHEMA_ID)
"""The report versions read (version 2 is a superset of version 1)."""
REQUIRED_FIELDS: tuple[str, ...] = ("twitch.regions", "twitch.duration_days")
"""The only fields a report must give (everything else may be unknown)."""


def _integral(value: object) -> object:
    # JSON Schema counts 30.0 as an integer; strict pydantic would not.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Part(BaseModel):
    # strict: "30" is not a number and 1 is not true, exactly as in the JSON Schema.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _unique(items: list[str] | None) -> list[str] | None:
    if items is not None and len(set(items)) != len(items):
        raise ValueError("items must be unique")
    return items


class Person(_Part):
    age: Annotated[int, BeforeValidator(_integral), Field(ge=10, le=120)] | None = None
    sex: Sex | None = None


class Twitch(_Part):
    regions: Annotated[list[Region], Field(min_length=1)]
    side: TwitchSide | None = None
    started: Started | None = None
    duration_days: Annotated[float, Field(ge=0, le=3650)]
    frequency: Frequency | None = None
    trend: Trend | None = None
    also_on_rest_days: bool | None = None
    painful_cramps: bool | None = None

    _check_regions = field_validator("regions")(_unique)


class Workout(_Part):
    hours_ago: Annotated[float, Field(ge=0, le=8760)] | None = None
    worked_regions: list[Region] | None = None
    duration_min: Annotated[float, Field(gt=0, le=1440)] | None = None
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    kind: WorkoutKind | None = None
    hot_environment: bool | None = None
    unaccustomed: bool | None = None

    _check_regions = field_validator("worked_regions")(_unique)


class Hydration(_Part):
    fluid_ml: Annotated[float, Field(ge=0, le=20000)] | None = None
    body_mass_before_kg: Annotated[float, Field(ge=20, le=300)] | None = None
    body_mass_after_kg: Annotated[float, Field(ge=20, le=300)] | None = None
    urine_color: Annotated[int, BeforeValidator(_integral), Field(ge=1, le=8)] | None = None
    electrolytes_replaced: bool | None = None
    heavy_sweating: bool | None = None


class Stimulants(_Part):
    caffeine_mg: Annotated[float, Field(ge=0, le=5000)] | None = None
    hours_since_last_caffeine: Annotated[float, Field(ge=0, le=8760)] | None = None
    pre_workout_supplement: bool | None = None


class Symptoms(_Part):
    weakness: Weakness | None = None
    muscle_wasting: bool | None = None
    difficulty_swallowing: bool | None = None
    slurred_speech: bool | None = None
    trouble_breathing: bool | None = None
    sudden_face_or_limb_weakness: bool | None = None
    chest_pain: bool | None = None
    dark_urine: bool | None = None
    severe_pain_or_swelling: bool | None = None
    confusion: bool | None = None
    severe_headache_or_vomiting: bool | None = None
    overheating: bool | None = None
    numbness_or_tingling: bool | None = None
    # Version 2: the warning signs of exercise emergencies beyond the seed.
    fainted_or_collapsed: bool | None = None
    palpitations: bool | None = None
    sudden_severe_headache: bool | None = None
    tense_painful_limb: bool | None = None
    swollen_hands_or_feet: bool | None = None
    tingling_lips_or_claw_hands: bool | None = None
    jerking_movements: bool | None = None
    agitation: bool | None = None


class Context(_Part):
    sleep_hours: Annotated[float, Field(ge=0, le=24)] | None = None
    consecutive_training_days: Annotated[int, BeforeValidator(_integral), Field(ge=0, le=3650)] | None = None
    medications: list[Medication] | None = None
    sickle_cell_trait: bool | None = None

    _check_medications = field_validator("medications")(_unique)


class Report(_Part):
    """A twitch report (contract `twitchcheck/report/2`, which reads every `twitchcheck/report/1` report)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    schema_id: Literal["twitchcheck/report/1", "twitchcheck/report/2"] | None = Field(
        default=None, alias="schema"
    )
    person: Person | None = None
    twitch: Twitch
    workout: Workout | None = None
    hydration: Hydration | None = None
    stimulants: Stimulants | None = None
    symptoms: Symptoms | None = None
    context: Context | None = None

    def to_contract(self) -> dict[str, object]:
        """The report as contract JSON: absent (unknown) fields stay absent."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def parse_report(data: Report | Mapping[str, Any]) -> Report:
    """A validated Report from contract JSON (or a Report); InputError naming every bad field otherwise.

    (Free text is read by `twitchcheck.parse_report`, which also takes a string.)
    """
    if isinstance(data, Report):
        return data
    if not isinstance(data, Mapping):
        raise InputError([FieldProblem("(report)", f"a report is a JSON object, not {type(data).__name__}")])
    try:
        return Report.model_validate(data)
    except ValidationError as error:
        raise InputError(problems_from(error)) from None


__all__ = [
    "LEVELS",
    "REGIONS",
    "REPORT_SCHEMA_ID",
    "REPORT_SCHEMA_IDS",
    "REQUIRED_FIELDS",
    "Context",
    "Hydration",
    "Level",
    "Medication",
    "Person",
    "Region",
    "Report",
    "Stimulants",
    "Symptoms",
    "Twitch",
    "Weakness",
    "Workout",
    "parse_report",
]
