"""`twitchcheck fhir questionnaire`, `export --fhir`, and `check --input` with a QuestionnaireResponse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.adapters.cli.support import EXAMPLE, report_file, run
from tests.adapters.fhir.support import r4_schema_errors
from tests.adapters.fhir.test_bundle import EVENTS
from twitchcheck import Journal, KnowledgeBase
from twitchcheck.adapters.fhir import QUESTIONNAIRE_URL, questionnaire_response_json
from twitchcheck.journal.events import parse_event


def _without_time(assessment: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in assessment.items() if key != "assessed_at"}


def test_questionnaire_prints_and_writes_valid_fhir(tmp_path: Path) -> None:
    printed = run("fhir", "questionnaire")
    assert printed.exit_code == 0, printed.stderr
    data = json.loads(printed.stdout)
    assert data["url"] == QUESTIONNAIRE_URL
    assert r4_schema_errors(data) == []
    out = tmp_path / "q.json"
    written = run("fhir", "questionnaire", "--out", str(out))
    assert written.exit_code == 0, written.stderr
    assert json.loads(out.read_text()) == data
    assert sorted(path.name for path in tmp_path.iterdir()) == ["q.json"]  # no temporary file left


def test_check_takes_a_questionnaire_response_as_it_takes_the_report(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    report = json.loads(EXAMPLE.read_text())
    response = report_file(tmp_path, questionnaire_response_json(report, kb), "qr.json")
    from_response = run("check", "--input", str(response), "--format", "json", "--no-journal")
    from_report = run("check", "--input", str(EXAMPLE), "--format", "json", "--no-journal")
    assert from_response.exit_code == 0, from_response.stderr
    assert _without_time(json.loads(from_response.stdout)) == _without_time(json.loads(from_report.stdout))


def test_check_names_the_item_of_a_bad_answer(tmp_path: Path, kb: KnowledgeBase) -> None:
    report = json.loads(EXAMPLE.read_text())
    data = questionnaire_response_json(report, kb)
    data["item"][0]["item"][0]["answer"] = [{"valueCoding": {"code": "elbow"}}]
    result = run("check", "--input", str(report_file(tmp_path, data)), "--no-journal")
    assert result.exit_code == 2
    assert "twitch/twitch.regions: 'elbow' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_writes_a_valid_bundle_of_the_journal(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with Journal.open(str(db), zone="Europe/Berlin") as journal:
        journal.add([parse_event(event) for event in EVENTS])
    out = tmp_path / "bundle.json"
    args = ("export", "--fhir", "--db", str(db), "--as-of", "2026-11-02T19:00")
    result = run(*args, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    bundle = json.loads(out.read_text())
    assert bundle["resourceType"] == "Bundle"
    assert r4_schema_errors(bundle) == []
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Observation", "QuestionnaireResponse", "RiskAssessment", "CarePlan"} <= kinds
    again = run(*args)
    assert json.loads(again.stdout) == bundle  # the same journal, the same moment: the same Bundle


def test_export_needs_a_format_and_a_journal(tmp_path: Path) -> None:
    no_format = run("export")
    assert no_format.exit_code == 2
    assert "--fhir" in no_format.stderr
    missing = run("export", "--fhir", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code != 0
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "none.db").exists()
    bad_out = run("export", "--fhir", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "no" / "x"))
    assert bad_out.exit_code != 0
