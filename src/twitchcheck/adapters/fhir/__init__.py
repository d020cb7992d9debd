"""FHIR R4 in and out: the check as a Questionnaire, its answers as a report, a journal as a Bundle.

Built with fhir.resources' R4B models; what they produce validates against the official FHIR R4 JSON schema
(tests/adapters/fhir). See docs/fhir.md.

Names are imported on first use (PEP 562): telling a QuestionnaireResponse from a report
(`is_questionnaire_response`, which every `check --input` and assessment request asks) must not load
fhir.resources, a quarter of a second of imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "QUESTIONNAIRE_URL": "twitchcheck.adapters.fhir._common",
    "FhirBuildError": "twitchcheck.adapters.fhir._common",
    "export_bundle": "twitchcheck.adapters.fhir.bundle",
    "export_bundle_json": "twitchcheck.adapters.fhir.bundle",
    "is_questionnaire_response": "twitchcheck.adapters.fhir._common",
    "questionnaire": "twitchcheck.adapters.fhir._questionnaire",
    "questionnaire_json": "twitchcheck.adapters.fhir._questionnaire",
    "questionnaire_response_from_report": "twitchcheck.adapters.fhir.response",
    "questionnaire_response_json": "twitchcheck.adapters.fhir.response",
    "report_from_questionnaire_response": "twitchcheck.adapters.fhir.response",
}

__all__ = [
    "QUESTIONNAIRE_URL",
    "FhirBuildError",
    "export_bundle",
    "export_bundle_json",
    "is_questionnaire_response",
    "questionnaire",
    "questionnaire_json",
    "questionnaire_response_from_report",
    "questionnaire_response_json",
    "report_from_questionnaire_response",
]

if TYPE_CHECKING:
    from twitchcheck.adapters.fhir._common import QUESTIONNAIRE_URL, FhirBuildError, is_questionnaire_response
    from twitchcheck.adapters.fhir._questionnaire import questionnaire, questionnaire_json
    from twitchcheck.adapters.fhir.bundle import export_bundle, export_bundle_json
    from twitchcheck.adapters.fhir.response import (
        questionnaire_response_from_report,
        questionnaire_response_json,
        report_from_questionnaire_response,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'twitchcheck.adapters.fhir' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
