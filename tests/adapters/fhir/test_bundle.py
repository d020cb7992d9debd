"""The journal as a FHIR Bundle: coded Observations, the latest check, the triage and the plan; validated."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B import get_fhir_model_class

from tests.adapters.fhir.support import r4_schema_errors
from twitchcheck import Journal, KnowledgeBase
from twitchcheck.adapters.fhir import export_bundle, export_bundle_json, report_from_questionnaire_response
from twitchcheck.journal.events import History, parse_event
from twitchcheck.journal.link import history_report, journal_assessment

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
EVENTS: list[dict[str, Any]] = [
    {"type": "body_mass", "at": "2026-11-01T08:00", "kg": 72.5},
    {"type": "strength_test", "at": "2026-11-01T08:10", "test": "grip", "side": "left", "value": 41.5},
    {"type": "strength_test", "at": "2026-11-01T08:11", "test": "grip", "side": "right", "value": 44},
    {"type": "strength_test", "at": "2026-11-01T08:12", "test": "calf_raises", "side": "left", "value": 20},
    {"type": "workout", "at": "2026-11-01T09:00", "duration_min": 70, "rpe": 8, "kind": "strength",
     "worked_regions": ["calf", "quadriceps"]},
    {"type": "fluid", "at": "2026-11-01T10:30", "ml": 500},
    {"type": "fluid", "at": "2026-11-01T23:30", "ml": 750, "electrolytes": True},
    {"type": "fluid", "at": "2026-11-02T07:00", "ml": 300},
    {"type": "caffeine", "at": "2026-11-01T07:30", "mg": 200},
    {"type": "twitch", "at": "2026-11-01T11:00", "regions": ["calf"], "side": "both", "frequency": "frequent",
     "painful_cramps": True},
    {"type": "symptom", "at": "2026-11-01T11:05", "symptom": "weakness", "present": False},
    {"type": "symptom", "at": "2026-11-01T11:06", "symptom": "chest_pain", "present": False},
]  # fmt: skip


def _history(events: list[dict[str, Any]] = EVENTS) -> History:
    return History.of([parse_event(event) for event in events], BERLIN)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def _codes(resource: dict[str, Any], key: str = "code") -> set[str]:
    return {coding["code"] for coding in resource[key].get("coding", [])}


@pytest.fixture(scope="module")
def bundle(kb: KnowledgeBase) -> dict[str, Any]:
    return export_bundle_json(_history(), now=NOW, knowledge=kb)


def test_every_resource_parses_and_validates_against_the_r4_schema(bundle: dict[str, Any]) -> None:
    assert r4_schema_errors(bundle) == []
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert r4_schema_errors(resource) == [], resource["resourceType"]
        model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert model.model_dump(exclude_none=True)["id"] == resource["id"]
        # What fhir.resources writes back (it normalises instants and decimals) validates too.
        assert r4_schema_errors(json.loads(model.model_dump_json(exclude_none=True))) == []
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    assert len({entry["fullUrl"] for entry in bundle["entry"]}) == len(bundle["entry"])
    assert bundle["type"] == "collection"


def test_measurements_are_coded_observations_with_ucum_units(bundle: dict[str, Any]) -> None:
    observations = _resources(bundle, "Observation")
    by_code: dict[str, list[dict[str, Any]]] = {}
    for observation in observations:
        for code in _codes(observation):
            by_code.setdefault(code, []).append(observation)
    (weight,) = by_code["29463-7"]
    assert weight["valueQuantity"] == {"value": 72.5, "unit": "kg", "system": "http://unitsofmeasure.org",
                                       "code": "kg"}  # fmt: skip
    assert weight["effectiveDateTime"] == "2026-11-01T08:00:00+01:00"  # FHIR needs the zone
    assert by_code["83173-5"][0]["valueQuantity"]["value"] == 41.5
    assert by_code["83174-3"][0]["valueQuantity"]["value"] == 44
    assert by_code["82289-0"][0]["valueQuantity"]["value"] == 8
    assert by_code["55411-3"][0]["valueQuantity"]["code"] == "min"
    # Fluid: one 24 h total per local day, as LOINC 9108-2 means.
    totals = sorted(
        (fluid["effectivePeriod"]["start"], fluid["valueQuantity"]["value"]) for fluid in by_code["9108-2"]
    )
    assert totals == [("2026-11-01T00:00:00+01:00", 1250), ("2026-11-02T00:00:00+01:00", 300)]
    # Calf raises have no code in the reference list: not exported as a measurement.
    assert not [o for o in observations if "calf" in json.dumps(o) and "raise" in json.dumps(o)]


def test_findings_carry_snomed_hpo_and_icd10_codes(bundle: dict[str, Any]) -> None:
    observations = _resources(bundle, "Observation")
    (twitch,) = [o for o in observations if "HP:0002380" in _codes(o)]
    assert "R25.3" in _codes(twitch)
    assert twitch["bodySite"]["text"] == "calves"
    (cramp,) = [o for o in observations if "55300003" in _codes(o)]
    assert cramp["valueBoolean"] is True
    (weakness,) = [o for o in observations if "26544005" in _codes(o)]
    assert weakness["valueBoolean"] is False
    (chest,) = [o for o in observations if o["code"].get("text") == "Chest pain"]
    assert "coding" not in chest["code"]  # no code in the reference list: named in words, never dropped


def test_the_latest_check_the_triage_and_the_plan(bundle: dict[str, Any], kb: KnowledgeBase) -> None:
    history = _history()
    expected = journal_assessment(history, NOW, kb)
    synthesis = history_report(history, NOW, kb)
    assert synthesis is not None
    (response,) = _resources(bundle, "QuestionnaireResponse")
    assert report_from_questionnaire_response(response, kb) == synthesis.report.model_dump(
        mode="json", exclude_none=True
    )
    (risk,) = _resources(bundle, "RiskAssessment")
    assert _codes(risk) == {expected.level}
    assert [p["outcome"]["text"] for p in risk.get("prediction", [])] == [
        flag.title for flag in [*expected.red_flags, *expected.warnings]
    ]
    assert any(note["text"] == expected.disclaimer for note in risk["note"])
    (plan,) = _resources(bundle, "CarePlan")
    assert [a["detail"]["description"] for a in plan["activity"]] == [step.advice for step in expected.plan]
    assert any(note["text"] == expected.disclaimer for note in plan["note"])
    cited = [a for a in plan["activity"] if "progress" in a]
    assert cited
    assert all(a["progress"][0]["text"].startswith("Sources: ") for a in cited)


def test_red_flags_are_predictions_with_their_codes(kb: KnowledgeBase) -> None:
    events = [
        *EVENTS,
        {"type": "symptom", "at": "2026-11-02T17:00", "symptom": "trouble_breathing", "present": True},
        {"type": "symptom", "at": "2026-11-02T17:01", "symptom": "difficulty_swallowing", "present": True},
    ]
    bundle = export_bundle_json(_history(events), now=NOW, knowledge=kb)
    (risk,) = _resources(bundle, "RiskAssessment")
    assert _codes(risk) == {"emergency"}
    outcomes = {p["outcome"]["text"]: p for p in risk["prediction"]}
    codes = {code for p in risk["prediction"] for code in _codes(p, "outcome")}
    assert {"267036007", "40739000", "breathing", "bulbar"} <= codes
    assert all(p["qualitativeRisk"]["coding"][0]["code"] == "high" for p in outcomes.values())
    assert r4_schema_errors(bundle) == []


def test_two_exports_are_identical_and_a_journal_exports_as_its_history(
    kb: KnowledgeBase, bundle: dict[str, Any], tmp_path: Any
) -> None:
    assert export_bundle_json(_history(), now=NOW, knowledge=kb) == bundle
    with Journal.open(str(tmp_path / "j.db"), zone="Europe/Berlin") as journal:
        journal.add([parse_event(event) for event in EVENTS])
        from_journal = export_bundle(journal, now=NOW, knowledge=kb)
    from_history = export_bundle(_history(), now=NOW, knowledge=kb)
    assert from_journal.model_dump_json(exclude_none=True) == from_history.model_dump_json(exclude_none=True)


def test_the_same_event_twice_is_two_resources(kb: KnowledgeBase) -> None:
    events = [EVENTS[0], EVENTS[0]]
    bundle = export_bundle_json(_history(events), now=NOW, knowledge=kb)
    weights = _resources(bundle, "Observation")
    assert len(weights) == 2
    assert weights[0]["id"] != weights[1]["id"]


def test_without_a_twitch_only_the_observations(kb: KnowledgeBase) -> None:
    bundle = export_bundle_json(_history(EVENTS[:3]), now=NOW, knowledge=kb)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"Patient", "Observation"}


def test_a_person_is_given_as_is_and_nothing_invented(kb: KnowledgeBase) -> None:
    bundle = export_bundle_json(
        _history(EVENTS[:1]), now=NOW, knowledge=kb, person={"gender": "female", "birthDate": "1997"}
    )
    (patient,) = _resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id", "gender", "birthDate"}
    bare = _resources(export_bundle_json(_history(EVENTS[:1]), now=NOW, knowledge=kb), "Patient")[0]
    assert set(bare) == {"resourceType", "id"}
