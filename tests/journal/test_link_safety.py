"""Safety properties of the journal in the assessment: a journal never lowers a report, stale entries never
stand in for the present, and the reviewer's probes (findings 1-3) stay fixed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from tests.conftest import contract_schema, generation_schema
from twitchcheck import KnowledgeBase, assess
from twitchcheck.core.report import LEVELS, REGIONS
from twitchcheck.journal.events import SYMPTOMS, History, parse_event
from twitchcheck.journal.link import journal_assessment
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 1, 5)
VALIDATOR = Draft202012Validator(contract_schema("assessment-2.schema.json"))
RANK = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def _stale_journal() -> History:
    return History.of(
        [
            parse_event({"type": "workout", "at": "2026-01-10T18:00:00+00:00", "duration_min": 60, "rpe": 6}),
            parse_event(
                {"type": "twitch", "at": "2026-01-10T21:00:00+00:00", "regions": ["neck", "forearm", "calf"]}
            ),
        ],
        UTC,
    )


def test_a_stale_journal_does_not_lower_a_widespread_report() -> None:
    # Finding 1: the old session and the old twitch's regions used to make the three regions "worked".
    report = {"twitch": {"regions": ["neck", "forearm", "calf"], "duration_days": 1}}
    now = datetime(2026, 1, 20, 12, tzinfo=UTC)
    alone = assess(report, now=now)
    merged = assess(report, history=_stale_journal(), now=now)
    assert alone.level == merged.level == "see_doctor"
    assert "widespread" in {flag.id for flag in merged.red_flags}
    assert merged.history is not None
    filled = {item.field for item in merged.history.filled}
    assert not any(field.startswith("workout.") for field in filled)
    assert "twitch.started" not in filled
    assert "twitch.also_on_rest_days" not in filled


def test_the_report_alone_is_a_floor_and_the_summary_says_so() -> None:
    # A fresh journal workout that logged all three regions would make the report's twitching "worked".
    journal = JournalBuilder(START).workout(0, hour=18, regions=["neck", "forearm", "calf"])
    journal.twitch(0, hour=20, regions=["calf"])
    report = {"twitch": {"regions": ["neck", "forearm", "calf"], "duration_days": 0.1}}
    now = journal.moment(0, 21)
    alone = assess(report, now=now)
    merged = assess(report, history=journal.history(), now=now)
    assert alone.level == "see_doctor"
    assert merged.level == "see_doctor"
    assert {flag.id for flag in alone.red_flags} <= {flag.id for flag in merged.red_flags}
    assert "never lowers what a report says" in merged.triage.summary
    assert not list(VALIDATOR.iter_errors(merged.to_contract()))


def test_daily_calf_twitching_between_alternate_day_leg_sessions_needs_a_doctor(kb: KnowledgeBase) -> None:
    # Finding 2, reviewer's probe P1.
    journal = JournalBuilder(START)
    for day in range(90):
        if day % 2 == 0:
            journal.workout(day, regions=["calf"])
        journal.twitch(day, hour=10, regions=["calf"])
    result = journal_assessment(journal.history(), journal.moment(89, 23), kb)
    assert result.level == "see_doctor"
    assert result.history is not None
    filled = {item.field: item.value for item in result.history.filled}
    assert filled["twitch.duration_days"] >= 89
    assert filled["twitch.also_on_rest_days"] is True


def test_trunk_twitching_is_not_explained_by_a_workout_without_regions(kb: KnowledgeBase) -> None:
    # Finding 2, probe P2: workouts without regions used to explain twitching anywhere.
    journal = JournalBuilder(START)
    for day in range(40):
        journal.workout(day, regions=None)
        journal.twitch(day, hour=8, regions=["forearm", "neck"])
    result = journal_assessment(journal.history(), journal.moment(39, 23), kb)
    assert result.level == "see_doctor"
    assert "persistent" in {flag.id for flag in result.red_flags}
    assert result.history is not None
    assert "workout.worked_regions" not in {item.field for item in result.history.filled}


def test_frequent_twitching_has_its_own_reason(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(20):
        journal.workout(day, hour=18, regions=["calf"]).twitch(day, hour=21, regions=["calf"])
    result = journal_assessment(journal.history(), journal.moment(19, 22), kb)
    (flag,) = [flag for flag in result.red_flags if flag.id == "persistent"]
    assert "twitching on 20 of 20" in flag.reason


def test_a_growing_gap_between_sides_tested_on_different_days_is_urgent(kb: KnowledgeBase) -> None:
    # Finding 3, probes P3/P4: left on Mondays, right on Tuesdays; left -9% and right +9%.
    journal = JournalBuilder(START)
    left = [44, 43.3, 42.6, 42, 41.3, 40.7, 40]
    right = [44, 44.7, 45.4, 46, 46.7, 47.3, 48]
    for week, (lv, rv) in enumerate(zip(left, right, strict=True)):
        journal.strength(7 * week, "grip", lv, side="left").strength(7 * week + 1, "grip", rv, side="right")
    journal.twitch(43, regions=["forearm"])
    result = journal_assessment(journal.history(), journal.moment(43, 22), kb)
    assert result.level == "urgent"
    assert result.history is not None
    (fill,) = [item for item in result.history.filled if item.field == "symptoms.weakness"]
    assert fill.value == "progressive"
    assert "left and right" in fill.evidence


def test_a_steady_gap_is_not_weakness(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for week in range(7):
        journal.strength(7 * week, "grip", 44 + (week % 2) * 0.4, side="left")
        journal.strength(7 * week + 1, "grip", 46 - (week % 2) * 0.4, side="right")
    journal.twitch(43, regions=["forearm"])
    result = journal_assessment(journal.history(), journal.moment(43, 22), kb)
    assert "weakness" not in {flag.id for flag in result.red_flags}


# A small pool of regions over three body areas, most of the time, so that journals and reports overlap.
_REGION = st.one_of(st.sampled_from(["calf", "forearm", "neck"]), st.sampled_from(REGIONS))
_REGION_SETS = st.one_of(
    st.sampled_from(
        [["calf"], ["calf", "forearm"], ["neck", "forearm", "calf"], ["tongue"], ["eyelid", "calf"]]
    ),
    st.lists(_REGION, min_size=1, max_size=4, unique=True),
)
_EVENT = st.one_of(
    # A session and a twitch that evening (the commonest journal, and the one that used to lower reports).
    st.builds(
        lambda day, worked, regions: ("session", day, 18.0, (worked, regions)),
        st.integers(0, 30),
        st.one_of(st.none(), _REGION_SETS),
        _REGION_SETS,
    ),
    st.builds(
        lambda day, hour, regions: ("workout", day, hour, regions),
        st.integers(0, 30),
        st.floats(0, 23),
        st.one_of(st.none(), st.lists(_REGION, min_size=1, max_size=4, unique=True)),
    ),
    st.builds(
        lambda day, regions: ("twitch", day, 21.0, regions),
        st.integers(0, 30),
        st.lists(_REGION, min_size=1, max_size=4, unique=True),
    ),
    st.builds(
        lambda day, hour, regions: ("twitch", day, hour, regions),
        st.integers(0, 30),
        st.floats(0, 23),
        st.lists(_REGION, min_size=1, max_size=4, unique=True),
    ),
    st.builds(
        lambda day, hour, symptom, present: ("symptom", day, hour, (symptom, present)),
        st.integers(0, 30),
        st.floats(0, 23),
        st.sampled_from(SYMPTOMS),
        st.booleans(),
    ),
)


def _journal(events: list[tuple[str, int, float, Any]]) -> History:
    journal = JournalBuilder(START)
    for kind, day, hour, detail in events:
        if kind == "session":
            journal.workout(day, hour=hour, regions=detail[0]).twitch(day, hour=hour + 3, regions=detail[1])
        elif kind == "workout":
            journal.workout(day, hour=hour, regions=detail)
        elif kind == "twitch":
            journal.twitch(day, hour=hour, regions=detail)
        else:
            journal.symptom(day, detail[0], detail[1], hour=hour)
    return journal.history()


# Short reports (a twitch, sometimes a symptom) are the ones a journal fills most: generate many of them as
# well as arbitrary contract reports.
_SHORT_REPORT = st.builds(
    lambda regions, days, symptoms: {
        "twitch": {"regions": regions, "duration_days": days},
        **({"symptoms": symptoms} if symptoms else {}),
    },
    _REGION_SETS,
    st.sampled_from([0.1, 1, 3, 10, 20]),
    st.dictionaries(
        st.sampled_from(["dark_urine", "muscle_wasting", "chest_pain"]), st.booleans(), max_size=1
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    report=st.one_of(_SHORT_REPORT, from_schema(generation_schema("report-2.schema.json"))),
    events=st.lists(_EVENT, max_size=12),
    now_day=st.integers(0, 40),
)
def test_no_journal_ever_lowers_a_report(
    report: dict[str, Any], events: list[tuple[str, int, float, Any]], now_day: int
) -> None:
    now = JournalBuilder(START).moment(now_day, 12)
    alone = assess(report, now=now)
    merged = assess(report, history=_journal(events), now=now)
    assert RANK[merged.level] >= RANK[alone.level]
    assert {flag.id for flag in alone.red_flags} <= {flag.id for flag in merged.red_flags}
    assert not list(VALIDATOR.iter_errors(merged.to_contract()))


def test_a_possible_decline_needs_a_doctor_and_a_retest(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for index, value in enumerate([40, 34, 28]):
        journal.strength(index * 27, "grip", value, side="right")
    journal.twitch(54, regions=["forearm"])
    result = journal_assessment(journal.history(), journal.moment(54, 22), kb)
    assert result.level == "see_doctor"
    (warning,) = [item for item in result.warnings if item.id == "possible_weakness"]
    assert "Grip (right) from 40 to 28, down 30.0%, in 3 tests" in warning.reason


def test_a_decline_just_over_the_threshold_does_not_read_as_the_threshold(kb: KnowledgeBase) -> None:
    # Finding 13: a fall of 10.25% used to read "fell 10% ... more than the 10%".
    journal = JournalBuilder(START)
    for index in range(5):
        journal.strength(index * 7, "grip", 40 - 4.1 * index / 4, side="right")
    journal.twitch(28, regions=["forearm"])
    result = journal_assessment(journal.history(), journal.moment(28, 22), kb)
    assert result.history is not None
    (trend,) = [trend for trend in result.history.trends if trend.id == "strength.grip.right"]
    assert trend.flagged
    assert "fell 10.2% over" in trend.finding or "fell 10.3% over" in trend.finding
