"""Persistence and spread over scenario journals: each flag and its near miss."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import classify_twitches, persistence, spread
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 1, 5)  # a Monday


def training_block(weeks: int = 9) -> JournalBuilder:
    """Leg training Monday, Wednesday and Friday; twitching in the worked calves the evening after each."""
    journal = JournalBuilder(START)
    for week in range(weeks):
        for weekday in (0, 2, 4):
            day = 7 * week + weekday
            journal.workout(day, hour=18, regions=["calf", "quadriceps"])
            journal.twitch(day, hour=21.5, regions=["calf"])
    return journal


def test_post_workout_twitching_over_two_months_is_not_persistent(kb: KnowledgeBase) -> None:
    journal = training_block()
    now = journal.moment(62, 23)
    result = persistence(journal.history(), now, kb.constants)
    assert not result.persistent
    assert result.current_episode is None
    assert result.twitch_days_28d == 12
    assert result.unexplained_days_28d == 0
    assert result.rest_day_twitch_days_28d == 0
    assert len(result.weekly) == 12
    assert not spread(journal.history(), now, kb.constants, kb.region_areas).widespread


def test_twitching_the_day_after_counts_as_post_workout(kb: KnowledgeBase) -> None:
    journal = training_block()
    for week in range(9):
        journal.twitch(7 * week + 1, hour=17, regions=["calf"])  # 22 h after Monday's session ended
    result = persistence(journal.history(), journal.moment(62, 23), kb.constants)
    assert result.current_episode is None
    assert result.unexplained_days_28d == 0
    # Explained, but twitching on 4 days a week for two months is frequent: persistent all the same.
    assert result.frequent is not None
    late = training_block().twitch(1, hour=20, regions=["calf"])  # 25 h after: no longer explained
    twitches = classify_twitches(late.history(), late.moment(62, 23), kb.constants)
    assert [twitch.explained for twitch in twitches if twitch.day == late.start.replace(day=6)] == [False]


def test_rest_day_twitching_for_three_weeks_is_persistent(kb: KnowledgeBase) -> None:
    journal = training_block(weeks=2)
    for day in range(20, 41, 2):  # no workout after day 11
        journal.twitch(day, hour=10, regions=["calf"])
    result = persistence(journal.history(), journal.moment(41, 12), kb.constants)
    assert result.persistent
    assert result.current_episode is not None
    assert result.current_episode.span_days == 20
    assert result.current_episode.rest_day_twitch_days == 11


def test_twitching_in_unworked_muscles_after_workouts_is_persistent(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 22):
        journal.workout(day, hour=18, regions=["biceps", "triceps"])
        journal.twitch(day, hour=21, regions=["calf"])
    twitches = classify_twitches(journal.history(), journal.moment(22), kb.constants)
    assert all(twitch.after_workout and not twitch.explained for twitch in twitches)
    assert persistence(journal.history(), journal.moment(22), kb.constants).persistent


def test_a_workout_without_regions_explains_only_limb_twitches(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 10):
        journal.workout(day, hour=18, regions=None)
        journal.twitch(day, hour=21, regions=["forearm", "neck", "tongue"])
    twitches = classify_twitches(journal.history(), journal.moment(10), kb.constants, kb.region_areas)
    assert all(twitch.explaining_regions == ("forearm",) for twitch in twitches)
    assert all(twitch.unexplained_regions == ("neck", "tongue") for twitch in twitches)


def test_limb_twitching_after_every_daily_workout_without_regions_is_frequent(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 30):
        journal.workout(day, hour=18, regions=None)
        journal.twitch(day, hour=21, regions=["forearm"])
    result = persistence(journal.history(), journal.moment(30), kb.constants)
    assert result.current_episode is None  # every twitch explained...
    assert result.persistent  # ...but twitching on most days for a month
    assert result.frequent is not None
    assert result.frequent.twitch_days == 30


def test_daily_calf_twitching_with_legs_every_other_day_is_persistent(kb: KnowledgeBase) -> None:
    # Reviewer's probe P1: workouts 48 h apart used to explain every twitch between them.
    journal = JournalBuilder(START)
    for day in range(90):
        if day % 2 == 0:
            journal.workout(day, regions=["calf"])
        journal.twitch(day, hour=10, regions=["calf"])
    result = persistence(journal.history(), journal.moment(89, 23), kb.constants)
    assert result.persistent
    assert result.unexplained_days_28d == 14  # the mornings more than 24 h after a workout
    assert result.current_run is not None
    assert result.current_run.twitch_days == 90


def test_twitching_every_other_day_after_each_workout_is_not_frequent(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 43, 2):
        journal.workout(day, hour=18, regions=["calf"])
        journal.twitch(day, hour=21, regions=["calf"])
    result = persistence(journal.history(), journal.moment(42, 23), kb.constants)
    assert not result.persistent
    assert result.frequent is None


@pytest.mark.parametrize(("last_hour", "flagged"), [(8.0, False), (8.25, True), (20.0, True)])
def test_the_fourteen_day_boundary_is_exact(kb: KnowledgeBase, last_hour: float, flagged: bool) -> None:
    journal = JournalBuilder(START)
    journal.twitch(0, hour=8, regions=["calf"])
    for day in (3, 6, 9, 12):
        journal.twitch(day, hour=8, regions=["calf"])
    journal.twitch(14, hour=last_hour, regions=["calf"])
    result = persistence(journal.history(), journal.moment(14, 23), kb.constants)
    assert result.persistent is flagged
    assert result.current_episode is not None
    assert result.current_episode.span_days == pytest.approx((14 * 24 + last_hour - 8) / 24)


def test_a_week_without_twitching_ends_an_episode(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in (0, 7, 15):  # gaps of 7 then 8 days: the last starts a new episode
        journal.twitch(day, regions=["calf"])
    result = persistence(journal.history(), journal.moment(15, 23), kb.constants)
    assert result.current_episode is not None
    assert result.current_episode.span_days == 0
    assert result.longest_episode is not None
    assert result.longest_episode.span_days == 7


def test_an_episode_that_ended_is_not_persistent_now(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 21):
        journal.twitch(day, regions=["calf"])
    history = journal.history()
    assert persistence(history, journal.moment(25), kb.constants).persistent
    later = persistence(history, journal.moment(40), kb.constants)
    assert not later.persistent
    assert later.longest_episode is not None
    assert later.longest_episode.span_days == 20


_DAYS = st.lists(st.integers(min_value=0, max_value=59), max_size=25)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=_DAYS,
    extra=_DAYS,
    workout_days=st.lists(st.integers(min_value=0, max_value=59), max_size=20),
    extra_hour=st.floats(min_value=0, max_value=23.5),
)
def test_adding_twitch_days_never_removes_a_persistence_flag(
    kb: KnowledgeBase, base: list[int], extra: list[int], workout_days: list[int], extra_hour: float
) -> None:
    def build(days: list[int], more: list[int]) -> JournalBuilder:
        journal = JournalBuilder(START)
        for day in workout_days:
            journal.workout(day, hour=7, regions=["calf"])
        for day in days:
            journal.twitch(day, hour=20, regions=["quadriceps"] if day % 3 == 0 else ["calf"])
        for day in more:
            journal.twitch(day, hour=extra_hour, regions=["calf"])
        return journal

    now = JournalBuilder(START).moment(60, 0)
    before = persistence(build(base, []).history(), now, kb.constants)
    after = persistence(build(base, extra).history(), now, kb.constants)
    if before.persistent:
        assert after.persistent
    if before.frequent is not None:
        assert after.frequent is not None
        assert after.frequent.span_days >= before.frequent.span_days
    if before.current_episode is not None and before.current_episode.span_days > before.limit_days:
        assert after.current_episode is not None
        assert after.current_episode.span_days >= before.current_episode.span_days


def test_spread_to_unworked_regions_is_widespread(kb: KnowledgeBase) -> None:
    journal = training_block(weeks=6)
    journal.twitch(36, hour=10, regions=["biceps"]).twitch(38, hour=10, regions=["shoulder", "eyelid"])
    result = spread(journal.history(), journal.moment(40), kb.constants, kb.region_areas)
    assert result.widespread
    assert set(result.recent_unexplained_regions) == {"biceps", "shoulder"}  # eyelid aside
    assert set(result.new_regions) == {"biceps", "shoulder", "eyelid"}
    assert result.never_worked_regions is not None
    assert set(result.never_worked_regions) == {"biceps", "shoulder", "eyelid"}
    assert result.recent_body_areas == 2  # lower and upper limb


def test_twitching_only_in_worked_regions_is_not_widespread(kb: KnowledgeBase) -> None:
    journal = training_block(weeks=6)
    journal.twitch(
        41, hour=20, regions=["calf"]
    )  # one rest-day twitch (49 h after Friday's), a worked region
    result = spread(journal.history(), journal.moment(42), kb.constants, kb.region_areas)
    assert not result.widespread
    assert result.recent_unexplained_regions == ("calf",)
    assert result.new_regions == ()
    assert result.never_worked_regions == ()
    assert [region.region for region in result.regions] == ["calf"]


def test_a_date_only_twitch_covers_the_whole_day(kb: KnowledgeBase) -> None:
    # Finding 8: a twitch logged as "2026-01-06" was placed at midnight, before that evening's workout.
    from twitchcheck.journal.events import History, parse_event

    def classify(twitch_at: str) -> bool:
        history = History.of(
            [
                parse_event(
                    {
                        "type": "workout",
                        "at": "2026-01-06T18:00",
                        "duration_min": 60,
                        "worked_regions": ["calf"],
                    }
                ),
                parse_event({"type": "twitch", "at": twitch_at, "regions": ["calf"]}),
            ],
            UTC,
        )
        (twitch,) = classify_twitches(history, JournalBuilder(START).moment(10), kb.constants)
        return twitch.explained

    assert classify("2026-01-06")  # the workout that day
    assert classify("2026-01-07")  # the window after it overlaps the next day
    assert not classify("2026-01-08")  # more than the window after it
    assert not classify("2026-01-05")  # before the workout
