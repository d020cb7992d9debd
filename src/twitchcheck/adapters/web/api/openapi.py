"""The OpenAPI document's extra schemas: the contract schemas of the bodies the routes read by hand."""

from __future__ import annotations

from typing import Any

from twitchcheck.adapters.web.api.assessments import FreeText


def openapi_components() -> dict[str, Any]:
    """Schemas for the bodies the routes parse with the library (so that errors name fields its way)."""
    from twitchcheck.core.assessment import Assessment
    from twitchcheck.core.report import Report
    from twitchcheck.journal.events import EVENT_MODELS

    template = "#/components/schemas/{model}"
    schemas: dict[str, Any] = {}

    def add(name: str, schema: dict[str, Any]) -> None:
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema

    add("Report", Report.model_json_schema(by_alias=True, ref_template=template))
    add(
        "AssessmentContract",
        Assessment.model_json_schema(by_alias=True, ref_template=template, mode="serialization"),
    )
    add("FreeText", FreeText.model_json_schema(ref_template=template))
    for model in EVENT_MODELS.values():
        add(model.__name__, model.model_json_schema(by_alias=True, ref_template=template))
    schemas["Event"] = {
        "oneOf": [{"$ref": template.format(model=model.__name__)} for model in EVENT_MODELS.values()],
        "discriminator": {"propertyName": "type"},
    }
    schemas["EventOrEvents"] = {
        "oneOf": [
            {"$ref": "#/components/schemas/Event"},
            {"type": "array", "items": {"$ref": "#/components/schemas/Event"}, "minItems": 1},
        ]
    }
    schemas["QuestionnaireResponse"] = {
        "type": "object",
        "description": "A FHIR R4 QuestionnaireResponse to the check's Questionnaire (`twitchcheck fhir "
        "questionnaire`); its items are read as the report's fields.",
        "required": ["resourceType"],
        "properties": {
            "resourceType": {"const": "QuestionnaireResponse"},
            "questionnaire": {"type": "string"},
            "status": {"type": "string"},
            "item": {"type": "array", "items": {"type": "object"}},
        },
    }
    schemas["AssessmentRequest"] = {
        "oneOf": [
            {"$ref": "#/components/schemas/Report"},
            {"$ref": "#/components/schemas/FreeText"},
            {"$ref": "#/components/schemas/QuestionnaireResponse"},
        ]
    }
    return schemas
