"""POST /api/v1/assessments: the same assessment as the library, for a report or free text; nothing stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.adapters.web.conftest import NOW, ClientFactory
from tests.conftest import CONTRACT
from twitchcheck import assess

EXAMPLES = sorted((CONTRACT / "examples").glob("report-*.json"))
EMERGENCY = {
    "twitch": {"regions": ["calf"], "duration_days": 0.5},
    "symptoms": {"trouble_breathing": True},
}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_a_report_gets_the_same_assessment_as_the_library(
    sqlite_client_for: ClientFactory, path: Any, assessment_validator: Draft202012Validator
) -> None:
    report = json.loads(path.read_text())
    response = sqlite_client_for().post("/api/v1/assessments", json=report)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == assess(report, now=NOW).to_contract()
    assessment_validator.validate(response.json())


def test_an_emergency_report_is_an_emergency_through_the_api(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for().post("/api/v1/assessments?emergency_number=911", json=EMERGENCY)
    assert response.status_code == 200
    body = response.json()
    assert body["triage"]["level"] == "emergency"
    assert "breathing" in {flag["id"] for flag in body["red_flags"]}
    assert "911" in json.dumps(body["plan"])
    assert body["disclaimer"]


def test_the_emergency_number_is_the_servers_unless_the_request_names_one(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from twitchcheck.adapters.web import create_app, deps
    from twitchcheck.adapters.web.settings import Settings

    app = create_app(Settings(database=f"sqlite:///{tmp_path}/j.db", emergency_number="555-0100"))
    app.dependency_overrides[deps.now] = lambda: NOW
    with TestClient(app, base_url="http://localhost") as client:

        def plan(query: str) -> str:
            return json.dumps(client.post(f"/api/v1/assessments{query}", json=EMERGENCY).json()["plan"])

        assert "5550100" in plan("")  # as the server's setting normalised it
        named = plan("?emergency_number=911")
        assert "911" in named
        assert "5550100" not in named
        assert "5550100" in plan("?emergency_number=")


@pytest.mark.parametrize(("number", "status"), [("1" * 15, 200), ("1" * 16, 422), ("0900-ATTACKER", 422)])
def test_an_emergency_number_is_2_to_15_digits(
    sqlite_client_for: ClientFactory, number: str, status: int
) -> None:
    response = sqlite_client_for().post(f"/api/v1/assessments?emergency_number={number}", json=EMERGENCY)
    assert response.status_code == status, response.text
    if status == 422:
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == ["query.emergency_number"]
        assert number not in response.text
    else:
        assert number in json.dumps(response.json()["plan"])


def test_the_openapi_document_describes_the_emergency_number(sqlite_client_for: ClientFactory) -> None:
    operation = sqlite_client_for().get("/openapi.json").json()["paths"]["/api/v1/assessments"]["post"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"emergency_number", "journal", "save"}  # leave the journal out, or save
    parameter = parameters["emergency_number"]
    assert parameter["in"] == "query"
    assert parameter["schema"] == {"type": "string", "maxLength": 40}
    assert operation["requestBody"]["required"] is True


def test_free_text_gets_the_assessment_and_what_was_understood(sqlite_client_for: ClientFactory) -> None:
    text = "calves twitching since yesterday after leg day, no weakness"
    response = sqlite_client_for().post("/api/v1/assessments", json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["understood"]["report"]["twitch"]["regions"] == ["calf"]
    assert body["triage"]["level"] == "self_care"
    assert body["disclaimer"]


def test_free_text_with_a_warning_sign_is_never_lost(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for().post(
        "/api/v1/assessments", json={"text": "I can't breathe properly and my legs are twitching"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["triage"]["level"] == "emergency"


def test_a_bad_report_names_each_field_with_its_path(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for().post("/api/v1/assessments", json={"twitch": {"regions": ["elbowz"]}})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    fields = {error["field"] for error in problem["errors"]}
    assert fields == {"body.twitch.regions[0]", "body.twitch.duration_days"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "body.text"),
        ({"text": 5}, "body.text"),
        ({"text": "calf", "extra": 1}, "body.extra"),
        ([1, 2], "body"),
        ({"text": "hello there"}, "(text)"),
    ],
)
def test_bad_free_text_is_a_clear_error(sqlite_client_for: ClientFactory, body: Any, field: str) -> None:
    response = sqlite_client_for().post("/api/v1/assessments", json=body)
    assert response.status_code == 422, response.text
    assert any(error["field"].endswith(field) for error in response.json()["errors"]), response.json()


def test_not_json_and_not_a_json_content_type_are_refused(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for()
    broken = client.post(
        "/api/v1/assessments", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "body"
    wrong_type = client.post(
        "/api/v1/assessments",
        content=b"{}",
        headers={"Content-Type": "application/xml", "X-Requested-With": "t"},
    )
    assert wrong_type.status_code == 415
    assert wrong_type.headers["content-type"] == "application/problem+json"


def test_assessing_stores_nothing(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for("a@example.org")
    assert client.post("/api/v1/assessments", json=EMERGENCY).status_code == 200
    assert client.get("/api/v1/events").json() == []


def test_the_assessment_time_is_the_app_clock(sqlite_client_for: ClientFactory) -> None:
    body = sqlite_client_for().post("/api/v1/assessments", json=EMERGENCY).json()
    assert datetime.fromisoformat(body["assessed_at"]).astimezone(UTC) == NOW


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_a_questionnaire_response_gets_the_assessment_of_its_report(
    sqlite_client_for: ClientFactory, path: Any
) -> None:
    from twitchcheck.adapters.fhir import questionnaire_response_json, report_from_questionnaire_response
    from twitchcheck.knowledge.loader import load_knowledge

    kb = load_knowledge()
    response_resource = questionnaire_response_json(json.loads(path.read_text()), kb)
    response = sqlite_client_for().post(
        "/api/v1/assessments", json=response_resource, headers={"Content-Type": "application/fhir+json"}
    )
    assert response.status_code == 200, response.text
    report = report_from_questionnaire_response(response_resource, kb)
    assert response.json() == assess(report, now=NOW).to_contract()


def test_an_emergency_answered_in_a_questionnaire_response_is_an_emergency(
    sqlite_client_for: ClientFactory,
) -> None:
    from twitchcheck.adapters.fhir import questionnaire_response_json
    from twitchcheck.knowledge.loader import load_knowledge

    response_resource = questionnaire_response_json(EMERGENCY, load_knowledge())
    body = sqlite_client_for().post("/api/v1/assessments", json=response_resource).json()
    assert body["triage"]["level"] == "emergency"
    assert "breathing" in {flag["id"] for flag in body["red_flags"]}


def test_a_bad_questionnaire_response_names_the_item(sqlite_client_for: ClientFactory) -> None:
    bad = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": "twitch", "item": [{"linkId": "twitch.side", "answer": [{"valueInteger": 3}]}]}],
    }
    response = sqlite_client_for().post("/api/v1/assessments", json=bad)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    fields = [error["field"] for error in response.json()["errors"]]
    assert any("twitch.side" in field for field in fields), fields


def test_a_signed_in_check_uses_the_journal_and_can_leave_it_out_or_be_saved(
    client_for: ClientFactory,
) -> None:
    client = client_for("check@example.org")
    sign = {"type": "symptom", "at": "2026-11-05T10:00", "symptom": "dark_urine", "present": True}
    assert client.post("/api/v1/events", json=sign).status_code == 201
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.2}}
    used = client.post("/api/v1/assessments", json=report)
    assert used.json()["triage"]["level"] == "emergency"
    assert used.json()["history"]["events"] == 1
    assert used.headers["Twitchcheck-Journal"].startswith("used")
    alone = client.post("/api/v1/assessments?journal=false", json=report)
    assert alone.json()["triage"]["level"] == "self_care"
    assert "history" not in alone.json()
    saved = client.post("/api/v1/assessments?save=true&journal=false", json=report)
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved"]["added"] == 1
    assert [item["event"]["type"] for item in client.get("/api/v1/events").json()] == ["symptom", "twitch"]


def test_saving_needs_someone_signed_in(sqlite_client_for: ClientFactory) -> None:
    response = sqlite_client_for().post("/api/v1/assessments?save=true", json=EMERGENCY)
    assert response.status_code == 401


def test_durations_in_words_are_read_as_the_questions_read_them(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for()
    words = client.post(
        "/api/v1/assessments", json={"twitch": {"regions": ["calf"], "duration_days": "3 weeks"}}
    )
    assert words.status_code == 200, words.text
    assert [flag["id"] for flag in words.json()["red_flags"]] == ["persistent"]
    bad = client.post(
        "/api/v1/assessments", json={"twitch": {"regions": ["calf"], "duration_days": "soonish"}}
    )
    assert bad.status_code == 422
    assert [error["field"] for error in bad.json()["errors"]] == ["body.twitch.duration_days"]


def test_a_saved_description_keeps_its_words_in_the_twitch_entry(client_for: ClientFactory) -> None:
    client = client_for("words@example.org")
    text = "calves twitching since yesterday after leg day, no weakness"
    saved = client.post("/api/v1/assessments?save=true&journal=false", json={"text": text})
    assert saved.status_code == 200, saved.text
    twitch = next(
        item["event"] for item in client.get("/api/v1/events").json() if item["event"]["type"] == "twitch"
    )
    assert twitch["note"].endswith(f"In your words: {text}")
