"""What every FHIR resource of twitchcheck shares: the canonical base, ids, units and answer codes."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from twitchcheck.knowledge.model import Question

BASE_URL = "https://twitchcheck.example/fhir"
"""Canonical base of twitchcheck's FHIR artefacts (`.example` is reserved: nobody else will ever own it)."""
QUESTIONNAIRE_URL = f"{BASE_URL}/Questionnaire/twitchcheck-check"
REGION_SYSTEM = f"{BASE_URL}/CodeSystem/region"
UCUM = "http://unitsofmeasure.org"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE_URL)

# The questions' units (knowledge/data/questions/*.yaml `unit`) as UCUM codes. A scale ("0-10") has none.
UCUM_UNITS: dict[str, str] = {
    "kg": "kg",
    "hours": "h",
    "days": "d",
    "minutes": "min",
    "ml": "mL",
    "mg": "mg",
    "years": "a",
}
SCALES = frozenset({"0-10", "1-8"})


def is_questionnaire_response(data: object) -> bool:
    """Whether `data` (parsed JSON) is a FHIR QuestionnaireResponse rather than a report."""
    return isinstance(data, Mapping) and data.get("resourceType") == "QuestionnaireResponse"


class FhirBuildError(ValueError):
    """Knowledge that cannot be expressed in FHIR as it stands (raised while building, never ignored)."""


def answer_system(question: Question) -> str:
    """The code system of a choice question's answers (the regions share one)."""
    if question.answer == "regions":
        return REGION_SYSTEM
    return f"{BASE_URL}/CodeSystem/{question.id}"


def option_code(value: str | bool) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else value


def ucum_unit(question: Question) -> str | None:
    """The UCUM code of a number question's unit; FhirBuildError for a unit that has none here."""
    if question.unit is None or question.unit in SCALES:
        return None
    try:
        return UCUM_UNITS[question.unit]
    except KeyError:
        raise FhirBuildError(f"{question.id}: no UCUM code for the unit {question.unit!r}") from None


def stable_id(kind: str, *content: Any) -> str:
    """A uuid5 from the content: the same content always gets the same id."""
    text = json.dumps([kind, *content], sort_keys=True, separators=(",", ":"), default=str)
    return str(uuid.uuid5(_NAMESPACE, text))
