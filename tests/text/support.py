"""The free-text corpus (`corpus.yaml`) and how a parsed text is compared with what it should say."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).with_name("corpus.yaml")
NOW = datetime(2026, 11, 20, 18, 0)
"""The moment every corpus phrasing is read at (a Friday evening): "since Tuesday" is counted from it."""

RED_FLAG_FIELDS = (
    "symptoms.trouble_breathing",
    "symptoms.sudden_face_or_limb_weakness",
    "symptoms.chest_pain",
    "symptoms.dark_urine",
    "symptoms.severe_pain_or_swelling",
    "symptoms.confusion",
    "symptoms.severe_headache_or_vomiting",
    "symptoms.overheating",
    "symptoms.difficulty_swallowing",
    "symptoms.slurred_speech",
    "symptoms.muscle_wasting",
)
"""Symptom fields whose "yes" raises a red flag on its own."""


@dataclass(frozen=True)
class Case:
    """One phrasing and what it states."""

    text: str
    expect: dict[str, Any]
    flags: list[str] = field(default_factory=list)
    near_miss: bool = False
    known_miss: list[str] = field(default_factory=list)
    style: str = "plain"

    @property
    def is_vignette(self) -> bool:
        """States both required fields, so it has an equivalent structured report."""
        return "twitch.regions" in self.expect and "twitch.duration_days" in self.expect

    def structured_report(self) -> dict[str, dict[str, Any]]:
        """The report the text states, built from the expectations."""
        report: dict[str, dict[str, Any]] = {}
        for path, value in self.expect.items():
            section, name = path.split(".", 1)
            report.setdefault(section, {})[name] = value
        return report


@cache
def load_corpus() -> tuple[Case, ...]:
    """Every case of the corpus."""
    raw = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return tuple(Case(**item) for item in raw)


def flatten(fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`{"twitch": {"regions": [...]}}` -> `{"twitch.regions": [...]}`."""
    return {
        f"{section}.{name}": value for section, values in fields.items() for name, value in values.items()
    }


def same(expected: Any, actual: Any) -> bool:
    """Lists compare as sets; numbers within 2% (or 0.02); anything else exactly."""
    if isinstance(expected, list) and isinstance(actual, list):
        return set(expected) == set(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(expected, actual, rel_tol=0.02, abs_tol=0.02)
    return bool(expected == actual)
