"""The Report model accepts exactly what the report contract accepts, and names every bad field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from tests.conftest import contract_schema, generation_schema
from twitchcheck import InputError, Report, parse_report
from twitchcheck.testing import LEG_DAY, minimal

SCHEMA = generation_schema("report-2.schema.json")
VALIDATOR = Draft202012Validator(contract_schema("report-2.schema.json"))
V1_SCHEMA = generation_schema("report.schema.json")
V1_VALIDATOR = Draft202012Validator(contract_schema("report.schema.json"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=from_schema(SCHEMA))
def test_every_contract_report_is_accepted_and_round_trips(report: dict[str, Any]) -> None:
    assert Report.model_validate(report).to_contract() == report


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=from_schema(V1_SCHEMA))
def test_every_version_1_report_is_read_unchanged(report: dict[str, Any]) -> None:
    assert Report.model_validate(report).to_contract() == report


def test_version_2_fields_are_refused_by_version_1_and_read_by_version_2() -> None:
    report = {
        **minimal(),
        "symptoms": {"fainted_or_collapsed": True, "palpitations": False},
        "context": {"medications": ["tramadol"], "sickle_cell_trait": True},
    }
    assert not V1_VALIDATOR.is_valid(report)
    assert VALIDATOR.is_valid(report)
    parsed = parse_report(report)
    assert parsed.symptoms is not None
    assert parsed.symptoms.fainted_or_collapsed is True
    assert parsed.context is not None
    assert parsed.context.sickle_cell_trait is True


BAD: list[tuple[dict[str, Any], str]] = [
    ({"twitch": {"regions": ["calf"]}}, "twitch.duration_days"),
    ({"twitch": {"regions": [], "duration_days": 1}}, "twitch.regions"),
    ({"twitch": {"regions": ["calf", "calf"], "duration_days": 1}}, "twitch.regions"),
    ({"twitch": {"regions": ["elbow"], "duration_days": 1}}, "twitch.regions[0]"),
    ({"twitch": {"regions": ["calf"], "duration_days": -1}}, "twitch.duration_days"),
    ({"twitch": {"regions": ["calf"], "duration_days": "2"}}, "twitch.duration_days"),
    ({**minimal(), "workout": {"rpe": 11}}, "workout.rpe"),
    ({**minimal(), "workout": {"duration_min": 0}}, "workout.duration_min"),
    ({**minimal(), "hydration": {"urine_color": 4.5}}, "hydration.urine_color"),
    ({**minimal(), "symptoms": {"chest_pain": 1}}, "symptoms.chest_pain"),
    ({**minimal(), "symptoms": {"weakness": "a bit"}}, "symptoms.weakness"),
    ({**minimal(), "person": {"age": 9}}, "person.age"),
    ({**minimal(), "mood": "fine"}, "mood"),
    ({**minimal(), "schema": "twitchcheck/report/3"}, "schema"),
    ({**minimal(), "symptoms": {"fainted_or_collapsed": "yes"}}, "symptoms.fainted_or_collapsed"),
    ({**minimal(), "context": {"medications": ["ssri_or_snri", "ssri_or_snri"]}}, "context.medications"),
    ({**minimal(), "context": {"sickle_cell_trait": 1}}, "context.sickle_cell_trait"),
]


@pytest.mark.parametrize(("report", "field"), BAD)
def test_schema_and_model_reject_the_same_bad_reports(report: dict[str, Any], field: str) -> None:
    assert not VALIDATOR.is_valid(report)
    with pytest.raises(InputError) as caught:
        parse_report(report)
    assert field in [problem.field for problem in caught.value.problems]


def test_integral_floats_count_as_integers_as_in_json_schema() -> None:
    report = {**minimal(), "person": {"age": 30.0}}
    assert VALIDATOR.is_valid(report)
    assert parse_report(report).person is not None


def test_every_bad_field_is_named_at_once() -> None:
    report = {**LEG_DAY, "workout": {"rpe": 12, "kind": "yoga"}, "hydration": {"urine_color": 0}}
    with pytest.raises(InputError) as caught:
        parse_report(report)
    fields = {problem.field for problem in caught.value.problems}
    assert {"workout.rpe", "workout.kind", "hydration.urine_color"} <= fields
    assert "workout.rpe" in str(caught.value)


def test_not_an_object() -> None:
    with pytest.raises(InputError, match="a report is a JSON object"):
        parse_report([1, 2])  # type: ignore[call-overload]
