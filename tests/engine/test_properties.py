"""Safety properties over generated reports (Hypothesis), drawn from the report contract itself."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, cast

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from tests.conftest import contract_schema, generation_schema
from twitchcheck import assess
from twitchcheck.core.report import LEVELS
from twitchcheck.testing import BULBAR_FINDINGS, EMERGENCY_FINDINGS

REPORT_SCHEMA = generation_schema("report-2.schema.json")
ASSESSMENT_VALIDATOR = Draft202012Validator(contract_schema("assessment-2.schema.json"))
V1_ASSESSMENT_VALIDATOR = Draft202012Validator(contract_schema("assessment.schema.json"))
V1_REPORTS = from_schema(generation_schema("report.schema.json"))
V2_RED_FLAGS = {"cardiac", "compartment_syndrome", "exertional_sickling", "thunderclap_headache",
                "serotonin_toxicity", "tetany"}  # fmt: skip
RANK = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}
reports = from_schema(REPORT_SCHEMA)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Mutation = Callable[[dict[str, Any]], None]


def _symptom(name: str, value: Any) -> Mutation:
    def apply(report: dict[str, Any]) -> None:
        report.setdefault("symptoms", {})[name] = value

    apply.__name__ = f"{name}={value}"
    return apply


def _longer(report: dict[str, Any]) -> None:
    report["twitch"]["duration_days"] = max(report["twitch"]["duration_days"], 15.0)


def _tongue(report: dict[str, Any]) -> None:
    if "tongue" not in report["twitch"]["regions"]:
        report["twitch"]["regions"] = [*report["twitch"]["regions"], "tongue"]


def _spread(report: dict[str, Any]) -> None:
    extra = [
        region
        for region in ("forearm", "abdomen", "neck", "shin")
        if region not in report["twitch"]["regions"]
    ]
    report["twitch"]["regions"] = [*report["twitch"]["regions"], *extra]


RED_FLAG_FINDINGS: list[Mutation] = [
    *(_symptom(name, value) for name, value in EMERGENCY_FINDINGS.items()),
    _symptom("weakness", "specific"),
    _symptom("weakness", "progressive"),
    _symptom("muscle_wasting", True),
    _symptom("overheating", True),
    _symptom("severe_pain_or_swelling", True),
    _symptom("severe_headache_or_vomiting", True),
    # Version 2 signs that raise the level without being emergencies on their own.
    _symptom("palpitations", True),
    _symptom("swollen_hands_or_feet", True),
    _symptom("tingling_lips_or_claw_hands", True),
    _symptom("jerking_movements", True),
    _longer,
    _tongue,
    _spread,
]


@SETTINGS
@given(report=reports)
def test_every_contract_report_gives_a_contract_assessment(report: dict[str, Any]) -> None:
    result = assess(report)
    ASSESSMENT_VALIDATOR.validate(result.to_contract())
    assert result.disclaimer
    assert result.to_contract() == assess(copy.deepcopy(report)).to_contract(), "assess must be deterministic"


@SETTINGS
@given(report=reports, finding=st.sampled_from(sorted(BULBAR_FINDINGS)))
def test_bulbar_signs_after_weeks_of_twitching_are_at_least_urgent(
    report: dict[str, Any], finding: str
) -> None:
    report.setdefault("symptoms", {})[finding] = True
    report["twitch"]["duration_days"] = max(report["twitch"]["duration_days"], 14.001)
    assert RANK[assess(report).triage.level] >= RANK["urgent"]


@SETTINGS
@given(report=V1_REPORTS)
def test_a_version_1_report_gives_an_assessment_both_versions_accept(report: dict[str, Any]) -> None:
    contract = assess(report).to_contract()
    ASSESSMENT_VALIDATOR.validate(contract)
    if not {flag["id"] for flag in contract["red_flags"]} & V2_RED_FLAGS:
        V1_ASSESSMENT_VALIDATOR.validate(contract)  # a version-1 reader sees only ids it knows


@SETTINGS
@given(report=reports, finding=st.sampled_from(RED_FLAG_FINDINGS))
def test_adding_a_red_flag_finding_never_lowers_the_level(report: dict[str, Any], finding: Mutation) -> None:
    before = assess(report).triage.level
    worse = copy.deepcopy(report)
    finding(worse)
    after = assess(worse).triage.level
    symptoms = report.get("symptoms", {})
    if finding is _longer and any(symptoms.get(name) is True for name in BULBAR_FINDINGS):
        # The one documented exception (red_flags/bulbar.yaml, docs/triage-policy.md): past 14 days of
        # twitching, a speech or swallowing change is taken for the gradual kind, a doctor today.
        assert RANK[after] >= RANK["urgent"], f"{finding.__name__}: {before} -> {after}"
        return
    assert RANK[after] >= RANK[before], f"{finding.__name__}: {before} -> {after}"


@SETTINGS
@given(report=reports, finding=st.sampled_from(sorted(EMERGENCY_FINDINGS)))
def test_any_emergency_finding_gives_emergency(report: dict[str, Any], finding: str) -> None:
    report.setdefault("symptoms", {})[finding] = EMERGENCY_FINDINGS[finding]
    if finding in BULBAR_FINDINGS:
        report["twitch"]["duration_days"] = min(report["twitch"]["duration_days"], 14.0)
    result = assess(report)
    assert result.triage.level == "emergency"
    assert result.plan[0].id == "call_emergency"
    assert result.red_flags
    assert result.red_flags[0].level == "emergency"


BODY_REGIONS = [r for r in REPORT_SCHEMA["$defs"]["region"]["enum"] if r not in ("eyelid", "face", "tongue")]
_props = REPORT_SCHEMA["properties"]


WORKOUTS = cast(
    "st.SearchStrategy[dict[str, Any]]", from_schema({**_props["workout"], "$defs": REPORT_SCHEMA["$defs"]})
)


@st.composite
def benign_reports(draw: st.DrawFn) -> dict[str, Any]:
    """Only worked muscles, began with or after the workout, a day or less, no symptom reported."""
    worked = draw(st.lists(st.sampled_from(BODY_REGIONS), min_size=1, max_size=8, unique=True))
    twitching = draw(st.lists(st.sampled_from(worked), min_size=1, max_size=len(worked), unique=True))
    workout: dict[str, Any] = draw(WORKOUTS)
    workout["worked_regions"] = worked
    report: dict[str, Any] = {
        "twitch": {
            "regions": twitching,
            "started": draw(st.sampled_from(["during_workout", "after_workout"])),
            "duration_days": draw(st.floats(min_value=0, max_value=1)),
        },
        "workout": workout,
    }
    for section in ("person", "hydration", "stimulants", "context"):
        if draw(st.booleans()):
            report[section] = draw(from_schema(_props[section]))
    symptoms: dict[str, Any] = {}
    if draw(st.booleans()):
        symptoms["weakness"] = draw(st.sampled_from(["none", "tiredness"]))
    for name in _props["symptoms"]["properties"]:
        if name != "weakness" and draw(st.booleans()):
            symptoms[name] = False
    if symptoms:
        report["symptoms"] = symptoms
    assume(not _overdrank_on_a_long_event(report))  # a warning sign of low blood sodium, not "nothing else"
    assume(
        report.get("stimulants", {}).get("caffeine_mg", 0) < 1200
    )  # a toxic dose (FDA), not "nothing else"
    return report


def _overdrank_on_a_long_event(report: dict[str, Any]) -> bool:
    """4 h or more, and body mass kept or gained, or fluid over 1.5x a typical sweat loss (triage policy)."""
    hours = float(report["workout"].get("duration_min", 0)) / 60
    hydration = report.get("hydration", {})
    before, after = hydration.get("body_mass_before_kg"), hydration.get("body_mass_after_kg")
    kept = before is not None and after is not None and bool(after >= before)
    much = float(hydration.get("fluid_ml", 0)) / 1000 > 1.5 * 1.21 * hours
    return hours >= 4 and (kept or much)


@SETTINGS
@given(report=benign_reports())
def test_the_benign_profile_is_self_care(report: dict[str, Any]) -> None:
    result = assess(report)
    assert result.triage.level == "self_care", [flag.id for flag in result.red_flags]
    assert not result.red_flags
