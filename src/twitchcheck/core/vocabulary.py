"""Every value list, spelt once. The contracts' models, the CLI's options, the web's forms and the API's
models all derive their choices from these tables (`typing.get_args` of each Literal).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

Region = Literal[
    "calf", "shin", "quadriceps", "hamstring", "glute", "hip", "foot",
    "shoulder", "biceps", "triceps", "forearm", "hand",
    "chest", "abdomen", "upper_back", "lower_back", "neck",
    "eyelid", "face", "tongue",
]  # fmt: skip
REGIONS: tuple[Region, ...] = get_args(Region)

Level = Literal["emergency", "urgent", "see_doctor", "self_care"]
LEVELS: tuple[Level, ...] = get_args(Level)
"""Triage levels, most serious first."""
LEVEL_RANK: Mapping[Level, int] = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}
"""self_care 1 .. emergency 4."""

Sex = Literal["female", "male", "other"]
TwitchSide = Literal["left", "right", "both", "unsure"]
"""Where a report's twitching is (a person may be unsure)."""
Side = Literal["left", "right", "both"]
"""The side of a logged twitch or strength test."""
SIDES: tuple[Side, ...] = get_args(Side)
LimbSide = Literal["left", "right"]
"""The side of a circumference (one limb at a time)."""
LIMB_SIDES: tuple[LimbSide, ...] = get_args(LimbSide)
Started = Literal["during_workout", "after_workout", "at_rest"]
Frequency = Literal["occasional", "frequent", "constant"]
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)
Trend = Literal["improving", "unchanged", "worsening"]

WorkoutKind = Literal["strength", "endurance", "hiit", "sport", "other"]
WORKOUT_KINDS: tuple[WorkoutKind, ...] = get_args(WorkoutKind)

Weakness = Literal["none", "tiredness", "specific", "progressive"]
WEAKNESS_GRADES: tuple[Weakness, ...] = get_args(Weakness)
"""From none to the most serious."""
WEAKNESS_RANK: Mapping[Weakness, int] = {grade: index for index, grade in enumerate(WEAKNESS_GRADES)}
"""none 0 .. progressive 3."""

Medication = Literal[
    "diuretic", "beta_agonist", "stimulant_medication", "corticosteroid", "statin",
    "ssri_or_snri", "maoi", "tramadol", "other",
]  # fmt: skip
"""Medicines a report names (the ones that bear on twitching or on a red flag)."""
MedicineKind = Literal[
    "diuretic", "beta_agonist", "stimulant_medication", "corticosteroid", "statin", "ssri_or_snri", "maoi",
    "tramadol", "magnesium", "potassium", "electrolyte_supplement", "creatine", "pre_workout", "other",
]  # fmt: skip
"""What a logged medicine or supplement is (the report's medicines, and supplements)."""
MEDICINE_KINDS: tuple[MedicineKind, ...] = get_args(MedicineKind)

EventType = Literal[
    "workout", "twitch", "symptom", "strength_test", "circumference",
    "fluid", "caffeine", "body_mass", "sleep", "stress", "medicine",
]  # fmt: skip
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)

SymptomName = Literal[
    "weakness", "muscle_wasting", "difficulty_swallowing", "slurred_speech", "trouble_breathing",
    "sudden_face_or_limb_weakness", "chest_pain", "dark_urine", "severe_pain_or_swelling",
    "confusion", "severe_headache_or_vomiting", "overheating", "numbness_or_tingling",
    "fainted_or_collapsed", "palpitations", "sudden_severe_headache", "tense_painful_limb",
    "swollen_hands_or_feet", "tingling_lips_or_claw_hands", "jerking_movements", "agitation",
]  # fmt: skip
"""The report's symptoms, which are also the journal's symptom events."""
SYMPTOMS: tuple[SymptomName, ...] = get_args(SymptomName)

StrengthTestName = Literal["grip", "calf_raises", "chair_stands"]
STRENGTH_TESTS: tuple[StrengthTestName, ...] = get_args(StrengthTestName)
Site = Literal["calf", "thigh", "forearm", "upper_arm"]
"""Where a limb circumference is measured."""
SITES: tuple[Site, ...] = get_args(Site)


def label(value: str) -> str:
    """A value as a person reads it: `calf_raises` -> `calf raises`."""
    return value.replace("_", " ")
