"""FHIR R4 in and out: the check as a Questionnaire, its answers as a report, a journal as a Bundle.

Built with fhir.resources' R4B models; what they produce validates against the official FHIR R4 JSON schema
(tests/fhir). See docs/fhir.md.
"""

from twitchcheck.fhir._common import QUESTIONNAIRE_URL, FhirBuildError
from twitchcheck.fhir.bundle import export_bundle, export_bundle_json
from twitchcheck.fhir.questionnaire import questionnaire, questionnaire_json
from twitchcheck.fhir.response import (
    is_questionnaire_response,
    questionnaire_response_from_report,
    questionnaire_response_json,
    report_from_questionnaire_response,
)

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
