"""QuestionnaireResponse in and out: every answer form real clients send, errors that name the item."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

from tests.adapters.cli.support import EXAMPLE
from tests.conftest import generation_schema
from twitchcheck import InputError, KnowledgeBase, assess, load_knowledge
from twitchcheck.adapters.fhir import (
    QUESTIONNAIRE_URL,
    is_questionnaire_response,
    questionnaire_response_from_report,
    questionnaire_response_json,
    report_from_questionnaire_response,
)

REPORT = json.loads(EXAMPLE.read_text())
REPORT.pop("schema")


def _problems(data: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    with pytest.raises(InputError) as raised:
        report_from_questionnaire_response(data, kb)
    return [str(problem) for problem in raised.value.problems]


def _answer(data: dict[str, Any], link_id: str) -> list[dict[str, Any]]:
    for group in data["item"]:
        for item in group["item"]:
            if item["linkId"] == link_id:
                answers: list[dict[str, Any]] = item["answer"]
                return answers
    raise KeyError(link_id)


def test_the_example_report_goes_there_and_back(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    assert is_questionnaire_response(response)
    assert not is_questionnaire_response(REPORT)
    assert response["questionnaire"].startswith(QUESTIONNAIRE_URL + "|")
    assert report_from_questionnaire_response(response, kb) == REPORT
    model = questionnaire_response_from_report(REPORT, kb)
    assert model.status == "completed"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=from_schema(generation_schema("report-2.schema.json")))
def test_report_to_response_to_report_is_identity(report: dict[str, Any]) -> None:
    kb = load_knowledge()
    # What FHIR cannot say: an empty list (no answer is "unanswered"), and so an empty section.
    report = {
        section: {name: value for name, value in fields.items() if value != []}
        for section, fields in report.items()
        if section != "schema"
    }
    report = {section: fields for section, fields in report.items() if fields}
    back = report_from_questionnaire_response(questionnaire_response_json(report, kb), kb)
    assert back == report


def test_the_forms_clients_send_are_all_taken(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    # A client that flattens groups and sends codes without their system, labels as strings, quantities.
    flat = [item for group in response["item"] for item in group["item"]]
    _by_id = {item["linkId"]: item for item in flat}
    _by_id["twitch.side"]["answer"] = [{"valueCoding": {"code": "both"}}]
    _by_id["workout.kind"]["answer"] = [{"valueString": "strength"}]
    _by_id["twitch.duration_days"]["answer"] = [
        {"valueQuantity": {"value": 0.1, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}}
    ]
    _by_id["person.age"]["answer"] = [{"valueDecimal": 29.0}]
    _by_id["workout.duration_min"]["answer"] = [{"valueInteger": 80}]
    flattened = {**response, "item": flat}
    assert report_from_questionnaire_response(flattened, kb) == REPORT
    label = next(option for option in kb.questions if option.id == "workout.kind").options
    assert label is not None
    _by_id["workout.kind"]["answer"] = [{"valueString": label[0].label.upper()}]
    assert report_from_questionnaire_response(flattened, kb)["workout"]["kind"] == label[0].value


def test_lhc_forms_style_answers_nested_under_an_answer_are_read(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    twitch = response["item"][0]
    first, *rest = twitch["item"]
    first = {**first, "answer": [{**first["answer"][0], "item": rest}, *first["answer"][1:]]}
    nested = {**response, "item": [{**twitch, "item": [first]}, *response["item"][1:]]}
    assert report_from_questionnaire_response(nested, kb) == REPORT


def test_bad_answers_are_named_by_their_item(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    _answer(response, "twitch.side")[0] = {"valueCoding": {"code": "sideways"}}
    _answer(response, "person.age")[0] = {"valueInteger": 5}
    _answer(response, "hydration.fluid_ml")[0] = {"valueQuantity": {"value": 1, "code": "L"}}
    _answer(response, "symptoms.muscle_wasting")[0] = {"valueString": "no"}
    problems = _problems(response, kb)
    assert any(problem.startswith("twitch/twitch.side: 'sideways' is not one of") for problem in problems)
    assert any(problem.startswith("hydration/hydration.fluid_ml: unit 'L'") for problem in problems)
    wasting = "warning_signs/symptoms.muscle_wasting: expected valueBoolean"
    assert any(problem.startswith(wasting) for problem in problems)
    # Bounds come from the report contract, named by the item all the same.
    del _answer(response, "twitch.side")[0]
    _answer(response, "twitch.side").append({"valueCoding": {"code": "left"}})
    _answer(response, "hydration.fluid_ml")[0] = {"valueDecimal": 300}
    _answer(response, "symptoms.muscle_wasting")[0] = {"valueBoolean": False}
    (problem,) = _problems(response, kb)
    assert problem.startswith("person/person.age: ")


def test_a_response_to_another_questionnaire_is_refused(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    response["questionnaire"] = "http://example.org/Questionnaire/phq-9"
    (problem,) = _problems(response, kb)
    assert "another questionnaire" in problem
    assert "phq-9" in problem


def test_unknown_items_and_missing_required_answers_are_named(kb: KnowledgeBase) -> None:
    response = questionnaire_response_json(REPORT, kb)
    unknown = copy.deepcopy(response)
    unknown["item"][0]["item"].append({"linkId": "q99", "answer": [{"valueBoolean": True}]})
    assert _problems(unknown, kb) == ["twitch/q99: not a question of the twitchcheck check"]
    missing = copy.deepcopy(response)
    missing["item"][0]["item"] = [i for i in missing["item"][0]["item"] if i["linkId"] != "twitch.regions"]
    (problem,) = _problems(missing, kb)
    assert problem.startswith("twitch.regions: required")
    assert "answer the question" in problem


def test_an_emergency_answer_gives_the_same_assessment_as_the_report(kb: KnowledgeBase) -> None:
    report = {**REPORT, "symptoms": {**REPORT["symptoms"], "trouble_breathing": True}}
    response = questionnaire_response_json(report, kb)
    from_response = assess(report_from_questionnaire_response(response, kb))
    assert from_response.level == "emergency"
    assert from_response.to_contract() == assess(report).to_contract()
