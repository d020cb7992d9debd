"""The journal in the assessment: `journal_assessment` for status, and `assess(report, history=...)`."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from tests.conftest import contract_schema, generation_schema
from twitchcheck import KnowledgeBase, assess
from twitchcheck.core.report import LEVELS
from twitchcheck.journal.events import History
from twitchcheck.journal.link import NoTwitchLogged, history_report, journal_assessment
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.testing import LEG_DAY, minimal

START = date(2026, 1, 5)
VALIDATOR = Draft202012Validator(contract_schema("assessment-2.schema.json"))
RANK = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def post_workout_only() -> JournalBuilder:
    journal = JournalBuilder(START)
    for week in range(8):
        for weekday in (0, 2, 4):
            day = 7 * week + weekday
            journal.workout(day, hour=18, regions=["calf", "quadriceps"], rpe=6)
            journal.twitch(day, hour=21.5, regions=["calf"])
    return journal


def rest_day_twitching() -> JournalBuilder:
    journal = post_workout_only()
    for day in range(58, 80):
        journal.twitch(day, hour=10, regions=["calf", "forearm"])
    return journal


def declining_grip() -> JournalBuilder:
    journal = post_workout_only()
    rng = random.Random(2)
    for index in range(10):
        journal.strength(14 + 4 * index, "grip", 40 - 6 * index / 9 + rng.gauss(0, 0.5), side="right")
    return journal


def valid(assessment: Any) -> dict[str, Any]:
    data: dict[str, Any] = assessment.to_contract()
    errors = list(VALIDATOR.iter_errors(data))
    assert not errors, errors[0].message
    return data


def test_post_workout_twitching_gives_self_care(kb: KnowledgeBase) -> None:
    journal = post_workout_only()
    result = journal_assessment(journal.history(), journal.moment(53, 8), kb)
    data = valid(result)
    assert result.level == "self_care"
    assert data["history"]["trends"][0]["id"] == "persistence"
    assert not any(trend["flagged"] for trend in data["history"]["trends"])
    report = history_report(journal.history(), journal.moment(53, 8), kb)
    assert report is not None
    assert report.report.twitch.also_on_rest_days is False
    assert report.report.workout is None  # the last session ended 37 h ago: it explains nothing now
    assert report.report.context is not None
    assert report.report.context.consecutive_training_days == 0
    evening = history_report(journal.history(), journal.moment(53, 22), kb)
    assert evening is not None
    assert evening.report.workout is not None
    assert evening.report.workout.worked_regions == ["calf", "quadriceps"]
    assert journal_assessment(journal.history(), journal.moment(53, 22), kb).level == "self_care"


def test_persistent_rest_day_twitching_needs_a_doctor(kb: KnowledgeBase) -> None:
    journal = rest_day_twitching()
    result = journal_assessment(journal.history(), journal.moment(79, 12), kb)
    data = valid(result)
    assert result.level == "see_doctor"
    assert {flag.id for flag in result.red_flags} >= {"persistent"}
    assert result.history is not None
    filled = {item.field: item for item in result.history.filled}
    assert filled["twitch.duration_days"].value == 21
    assert "not explained by a workout" in filled["twitch.duration_days"].evidence
    assert filled["twitch.also_on_rest_days"].value is True
    flagged = [trend["id"] for trend in data["history"]["trends"] if trend["flagged"]]
    assert "persistence" in flagged


def test_a_logged_emergency_symptom_reaches_the_assessment(kb: KnowledgeBase) -> None:
    journal = post_workout_only().symptom(53, "chest_pain", True, hour=9)
    assert journal_assessment(journal.history(), journal.moment(53, 10), kb).level == "emergency"
    report = minimal(["calf"], 0.1)
    assert assess(report, history=journal.history(), now=journal.moment(53, 10)).level == "emergency"


def test_a_resolved_warning_sign_still_needs_a_doctor_and_names_its_dates(kb: KnowledgeBase) -> None:
    journal = post_workout_only().symptom(50, "dark_urine", True).symptom(52, "dark_urine", False)
    result = journal_assessment(journal.history(), journal.moment(53, 10), kb)
    valid(result)
    assert result.level == "see_doctor"
    (warning,) = [item for item in result.warnings if item.id == "resolved_warning_sign"]
    assert "dark urine logged as present on 2026-02-24 and as gone on 2026-02-26" in warning.reason
    # Long after the episode (outside the recent window) it no longer counts.
    assert journal_assessment(journal.history(), journal.moment(70, 10), kb).level == "self_care"


@pytest.mark.parametrize(
    "symptom", ["difficulty_swallowing", "slurred_speech", "sudden_face_or_limb_weakness"]
)
def test_a_stroke_or_bulbar_sign_that_came_and_went_is_urgent(kb: KnowledgeBase, symptom: str) -> None:
    # Reviewer's probe P6a: it could have been a transient ischaemic attack (NHS: still needs assessment).
    journal = JournalBuilder(START).twitch(0, regions=["calf"])
    journal.symptom(9, symptom, True).symptom(10, symptom, False)
    result = journal_assessment(journal.history(), journal.moment(10, 12), kb)
    assert result.level == "urgent"
    report = minimal(["calf"], 0.1)
    assert assess(report, history=journal.history(), now=journal.moment(10, 12)).level == "urgent"


def test_logged_weakness_stands_until_logged_absent(kb: KnowledgeBase) -> None:
    # Reviewer's probe P6b: weakness logged 15 days ago used to expire with the recent window.
    journal = JournalBuilder(START).symptom(0, "weakness", True)
    for day in range(16):
        journal.twitch(day, regions=["calf"])
    assert journal_assessment(journal.history(), journal.moment(15, 12), kb).level == "urgent"
    assert journal_assessment(journal.history(), journal.moment(40, 12), kb).level == "urgent"
    journal.symptom(30, "weakness", False)
    later = journal_assessment(journal.history(), journal.moment(50, 12), kb)
    assert "weakness" not in {flag.id for flag in later.red_flags}


def test_present_wins_at_the_same_moment_with_or_without_a_twitch(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).symptom(0, "trouble_breathing", True)
    journal.symptom(0, "trouble_breathing", False)
    assert journal_assessment(journal.history(), journal.moment(0, 12), kb).level == "emergency"
    journal.twitch(0, hour=10, regions=["calf"])
    assert journal_assessment(journal.history(), journal.moment(0, 12), kb).level == "emergency"


def test_a_strength_decline_is_progressive_weakness(kb: KnowledgeBase) -> None:
    journal = declining_grip()
    result = journal_assessment(journal.history(), journal.moment(53, 12), kb)
    valid(result)
    assert result.level == "urgent"
    assert "weakness" in {flag.id for flag in result.red_flags}
    assert result.history is not None
    (fill,) = [item for item in result.history.filled if item.field == "symptoms.weakness"]
    assert fill.value == "progressive"
    assert fill.evidence.startswith("Grip (right) fell")


def test_noisy_grip_is_not_weakness(kb: KnowledgeBase) -> None:
    journal = post_workout_only()
    rng = random.Random(9)
    for index in range(10):
        journal.strength(14 + 4 * index, "grip", 40 + rng.gauss(0, 2), side="right")
    assert journal_assessment(journal.history(), journal.moment(53, 12), kb).level == "self_care"


def test_one_sided_calf_loss_is_muscle_wasting(kb: KnowledgeBase) -> None:
    journal = post_workout_only()
    for day, left, right in ((10, 37.5, 37.6), (30, 37.0, 37.7), (50, 36.4, 37.5)):
        journal.circumference(day, "calf", "left", left).circumference(day, "calf", "right", right)
    result = journal_assessment(journal.history(), journal.moment(53, 12), kb)
    assert "muscle_wasting" in {flag.id for flag in result.red_flags}


def test_a_load_spike_brings_the_rest_advice() -> None:
    journal = post_workout_only()
    for day in range(49, 54):
        journal.workout(day, hour=7, duration_min=120, rpe=6)  # a hard block on top of the usual
    now = journal.moment(53, 22)
    report = minimal(["calf"], 0.1, workout={"rpe": 5, "duration_min": 40, "worked_regions": ["calf"]})
    without = assess(report, now=now)
    assert "rest_recover" not in {step.id for step in without.plan}
    with_journal = assess(report, history=journal.history(), now=now)
    valid(with_journal)
    steps = {step.id: step for step in with_journal.plan}
    assert "rest_recover" in steps
    assert "Your journal shows your training load" in steps["rest_recover"].advice
    steady = post_workout_only()
    calm = assess(report, history=steady.history(), now=steady.moment(53, 22))
    assert "rest_recover" not in {step.id for step in calm.plan}


def test_no_twitch_logged_is_an_error_with_the_knowledge_base_wording(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).workout(0).sleep(1, 7)
    with pytest.raises(NoTwitchLogged) as raised:
        journal_assessment(journal.history(), journal.moment(1, 12), kb)
    assert "No twitching is logged" in str(raised.value.problems[0].message)
    assert history_report(journal.history(), journal.moment(1, 12), kb) is None


def test_an_empty_journal_changes_nothing() -> None:
    now = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)
    empty = History.of([], UTC)
    assert assess(LEG_DAY, history=empty, now=now) == assess(LEG_DAY, now=now)
    assert assess(LEG_DAY, history=empty) == assess(LEG_DAY)
    assert "history" not in assess(LEG_DAY).to_contract()


def test_the_journal_fills_the_unknown_and_keeps_the_known() -> None:
    journal = rest_day_twitching()
    now = journal.moment(79, 12)
    report = minimal(["quadriceps"], 0.2, workout={"rpe": 9, "hours_ago": 1}, context={"sleep_hours": 8})
    result = assess(report, history=journal.history(), now=now)
    assert result.history is not None
    filled = {item.field: item.value for item in result.history.filled}
    assert filled["twitch.duration_days"] == 21  # the longer of the two
    assert set(filled["twitch.regions"]) == {"quadriceps", "calf", "forearm"}  # unexplained regions joined
    assert filled["twitch.also_on_rest_days"] is True
    assert "workout.worked_regions" not in filled  # the report's workout is not mixed with the journal's
    assert "context.sleep_hours" not in filled
    assert result.level == "see_doctor"


def test_events_after_now_are_ignored(kb: KnowledgeBase) -> None:
    journal = post_workout_only().symptom(55, "chest_pain", True)
    assert journal_assessment(journal.history(), journal.moment(53, 10), kb).level == "self_care"


JOURNALS = {
    "post_workout_only": post_workout_only().history(),
    "rest_day_twitching": rest_day_twitching().history(),
    "declining_grip": declining_grip().history(),
}
NOW = JournalBuilder(START).moment(79, 12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=from_schema(generation_schema("report-2.schema.json")), name=st.sampled_from(sorted(JOURNALS)))
def test_the_journal_never_lowers_the_level_of_a_report(report: dict[str, Any], name: str) -> None:
    alone = assess(report, now=NOW)
    merged = assess(report, history=JOURNALS[name], now=NOW)
    assert RANK[merged.level] >= RANK[alone.level]
    assert {flag.id for flag in alone.red_flags} <= {flag.id for flag in merged.red_flags}
    assert not list(VALIDATOR.iter_errors(merged.to_contract()))


def test_now_defaults_to_the_latest_entry_and_a_journal_all_after_now_is_empty() -> None:
    history = rest_day_twitching().history()
    latest = history.entries[-1].when
    assert assess(LEG_DAY, history=history) == assess(LEG_DAY, history=history, now=latest)
    before = JournalBuilder(START).moment(-1)
    assert assess(LEG_DAY, history=history, now=before) == assess(LEG_DAY, now=before)


def test_no_twitch_but_a_logged_emergency_symptom_gives_an_emergency_assessment(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).workout(0).symptom(1, "chest_pain", True).symptom(1, "weakness", False)
    result = journal_assessment(journal.history(), journal.moment(1, 12), kb)
    data = valid(result)
    assert result.level == "emergency"
    assert [flag.id for flag in result.red_flags] == ["chest_pain"]
    assert result.causes == []
    assert data["figures"] == {}
    assert result.triage.summary.startswith("No twitching is logged in the journal")
    assert result.history is not None
    assert {item.field for item in result.history.filled} == {"symptoms.chest_pain", "symptoms.weakness"}


def test_no_twitch_and_a_resolved_symptom_still_needs_a_doctor(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).symptom(1, "dark_urine", True).symptom(2, "dark_urine", False)
    result = journal_assessment(journal.history(), journal.moment(2, 12), kb)
    valid(result)
    assert result.level == "see_doctor"
    assert [item.id for item in result.warnings] == ["resolved_warning_sign"]


def test_twitching_spreading_to_unworked_muscles_is_widespread(kb: KnowledgeBase) -> None:
    journal = post_workout_only()
    journal.twitch(51, hour=10, regions=["biceps"]).twitch(52, hour=11, regions=["shoulder"])
    result = journal_assessment(journal.history(), journal.moment(53, 8), kb)
    assert "widespread" in {flag.id for flag in result.red_flags}
    assert result.history is not None
    spread = next(trend for trend in result.history.trends if trend.id == "spread")
    assert spread.flagged
    near_miss = post_workout_only().twitch(51, hour=10, regions=["biceps"])  # one place only
    calm = journal_assessment(near_miss.history(), near_miss.moment(53, 8), kb)
    assert "widespread" not in {flag.id for flag in calm.red_flags}


def test_a_journal_with_symptoms_but_no_twitch_still_raises_a_report() -> None:
    # Final review C4: `check` with a journal holding only a logged emergency symptom said self_care.
    journal = JournalBuilder(START).symptom(1, "trouble_breathing", True)
    result = assess(minimal(["calf"], 0.2), history=journal.history(), now=journal.moment(1, 12))
    assert result.level == "emergency"
    weak = JournalBuilder(START).symptom(0, "weakness", True)
    assert assess(minimal(["calf"], 0.2), history=weak.history(), now=weak.moment(20, 12)).level == "urgent"


def _grip_only(weekly_factor: float, weeks: int = 22) -> JournalBuilder:
    """Grip tested once a week and nothing else logged: no twitch, no symptom."""
    journal = JournalBuilder(START)
    value = 45.0
    for week in range(weeks):
        journal.strength(7 * week, "grip", round(value, 1), side="right")
        value *= weekly_factor
    return journal


def test_a_slow_grip_decline_with_no_twitch_logged_still_needs_a_doctor_today(kb: KnowledgeBase) -> None:
    # 1% a week for five months: no 8-week window shows it, the record does; with no twitch logged,
    # `status` used to say "nothing to assess".
    journal = _grip_only(0.99)
    result = journal_assessment(journal.history(), journal.moment(7 * 21 + 1, 12), kb)
    valid(result)
    assert result.level == "urgent"
    assert [flag.id for flag in result.red_flags] == ["weakness"]
    assert result.triage.summary.startswith("No twitching is logged in the journal")
    assert result.history is not None
    filled = {item.field: item for item in result.history.filled}
    assert filled["symptoms.weakness"].value == "progressive"
    assert "Grip" in filled["symptoms.weakness"].evidence


def test_a_steady_grip_with_no_twitch_logged_is_still_nothing_to_assess(kb: KnowledgeBase) -> None:
    journal = _grip_only(1.0)
    with pytest.raises(NoTwitchLogged):
        journal_assessment(journal.history(), journal.moment(7 * 21 + 1, 12), kb)


def test_a_slow_grip_decline_in_the_journal_raises_a_one_off_report() -> None:
    journal = _grip_only(0.99)
    now = journal.moment(7 * 21 + 1, 12)
    assert assess(minimal(["calf"], 0.2), now=now).level == "self_care"
    merged = assess(minimal(["calf"], 0.2), history=journal.history(), now=now)
    assert merged.level == "urgent"
    assert "weakness" in {flag.id for flag in merged.red_flags}
